// TEMPORARY stand-in for src/units (pprof's measurement) until the engine's milestone is merged;
// same names and signatures, so the merge only changes import paths.

export function formatScaledValue(value: number, fromUnit: string, toUnit: string): string {
  let v = value;
  let unit = '';
  if (fromUnit === 'bytes') {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let u = 0;
    const target = units.indexOf(toUnit);
    while ((target >= 0 ? u < target : Math.abs(v) >= 1024) && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    unit = units[u]!;
  } else if (fromUnit === 'nanoseconds') {
    const [factor, name] =
      toUnit === 's' || (toUnit === 'minimum' && Math.abs(v) >= 1e9)
        ? [1e9, 's']
        : toUnit === 'ms' || (toUnit === 'minimum' && Math.abs(v) >= 1e6)
          ? [1e6, 'ms']
          : [1e3, 'us'];
    v /= factor;
    unit = name;
  }
  let text = v.toFixed(2);
  if (text.endsWith('.00')) text = text.slice(0, -3);
  return text === '0' ? '0' : text + unit;
}

export function formatPercentage(value: number, total: number): string {
  const ratio = total === 0 ? 0 : Math.abs(value / total) * 100;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${ratio.toFixed(2).padStart(5)}%`;
  return `${String(Number(ratio.toPrecision(2))).padStart(5)}%`;
}
