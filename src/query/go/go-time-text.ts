// Go's time.Duration.String and time.Time.String (the layout "2006-01-02 15:04:05.999999999 -0700
// MST"), which pprof's -raw prints: ported so that the dump is byte-equal to pprof's.

/** The fraction of v / 10^precision without trailing zeros (Go's fmtFrac), and the integer part. */
function fraction(v: bigint, precision: number): { text: string; rest: bigint } {
  let digits = '';
  let printed = false;
  for (let i = 0; i < precision; i++) {
    const digit = v % 10n;
    printed ||= digit !== 0n;
    if (printed) digits = `${digit}${digits}`;
    v /= 10n;
  }
  return { text: printed ? `.${digits}` : '', rest: v };
}

/** Go's time.Duration(nanoseconds).String(): "1h2m3.5s", "1.5ms", "0s". */
export function formatGoDuration(nanoseconds: bigint): string {
  const negative = nanoseconds < 0n;
  let u = negative ? -nanoseconds : nanoseconds;
  let text: string;
  if (u === 0n) return '0s';
  if (u < 1_000_000_000n) {
    const [precision, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const { text: frac, rest } = fraction(u, precision);
    text = `${rest}${frac}${unit}`;
  } else {
    const { text: frac, rest } = fraction(u, 9);
    u = rest;
    text = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      text = `${u % 60n}m${text}`;
      u /= 60n;
      if (u > 0n) text = `${u}h${text}`;
    }
  }
  return negative ? `-${text}` : text;
}

/** The zone's offset as Go's "-0700". */
function formatOffset(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const minutes = Math.trunc(Math.abs(offsetSeconds) / 60);
  return `${sign}${String(Math.trunc(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * Go's time.Unix(0, nanoseconds).String() in a zone given by its offset and abbreviation at that
 * instant: "2026-11-25 06:55:17.74284339 +0000 UTC".
 */
export function formatGoTime(nanoseconds: bigint, zone: { offsetSeconds: number; abbreviation: string }): string {
  let seconds = nanoseconds / 1_000_000_000n;
  let nanos = nanoseconds % 1_000_000_000n;
  if (nanos < 0n) {
    nanos += 1_000_000_000n;
    seconds -= 1n;
  }
  const wall = new Date(Number(seconds + BigInt(zone.offsetSeconds)) * 1000);
  const year = wall.getUTCFullYear();
  const yearText = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  const date = `${yearText}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`;
  const clock = `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}`;
  const frac = fraction(nanos, 9).text;
  return `${date} ${clock}${frac} ${formatOffset(zone.offsetSeconds)} ${zone.abbreviation}`;
}
