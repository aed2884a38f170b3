// Value and percentage formatting as pprof prints them, shared by the server and the browser
// client so both show the same text for the same number.
// TEMPORARY stand-in until src/units is merged; then this re-exports it.

export function formatValue(value: number, unit: string): string {
  if (unit === 'bytes') {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let v = value;
    let u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return `${trim(v)}${units[u]}`;
  }
  if (unit === 'nanoseconds') {
    if (Math.abs(value) >= 1e9) return `${trim(value / 1e9)}s`;
    if (Math.abs(value) >= 1e6) return `${trim(value / 1e6)}ms`;
    return `${trim(value / 1e3)}us`;
  }
  return String(value);
}

function trim(v: number): string {
  return v.toFixed(2).replace(/\.?0+$/, '');
}

export function formatPercent(value: number, total: number): string {
  const ratio = total === 0 ? 0 : Math.abs(value / total) * 100;
  if (ratio >= 99.95 && ratio <= 100.05) return '100%';
  if (ratio >= 1) return `${ratio.toFixed(2)}%`;
  return `${Number(ratio.toPrecision(2))}%`;
}
