// Go's int64 division, which pprof's means (-mean) and totals use: it truncates toward zero,
// where JavaScript's `/` gives a fraction.

/** a / b as Go divides int64s, exact for integers below 2^53. */
export function divideInt(a: number, b: number): number {
  let q = Math.trunc(a / b);
  // The float quotient can round across an integer; correct with the exact remainder.
  const r = a - q * b;
  if (r !== 0 && Math.sign(r) !== Math.sign(a)) q += a < 0 !== b < 0 ? 1 : -1;
  else if (Math.abs(r) >= Math.abs(b)) q += a < 0 !== b < 0 ? -1 : 1;
  return q;
}
