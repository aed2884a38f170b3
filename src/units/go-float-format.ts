// Formats doubles exactly as Go's fmt does for `%.Nf` and `%.Ng`, which pprof uses for every
// value and percentage it prints. JavaScript's toFixed/toPrecision round exact ties away from
// zero (1.125 → "1.13"); Go rounds the exact decimal expansion half to even (1.125 → "1.12").

/** The exact decimal expansion of a finite double: value = 0.DIGITS × 10^pointPosition. */
interface ExactDecimal {
  /** Significant digits without leading or trailing zeros ("" for zero). */
  digits: string;
  /** Position of the decimal point relative to the first digit (Go's `dp`). */
  pointPosition: number;
}

const float64 = new Float64Array(1);
const words = new Uint32Array(float64.buffer);

function exactDecimal(magnitude: number): ExactDecimal {
  if (magnitude === 0) return { digits: '', pointPosition: 0 };
  float64[0] = magnitude;
  // Little-endian: words[1] holds the sign, exponent and the mantissa's high 20 bits.
  const high = words[1]!;
  const low = words[0]!;
  const biasedExponent = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biasedExponent === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biasedExponent - 1075;
  }
  let text: string;
  let pointPosition: number;
  if (exponent >= 0) {
    text = (mantissa << BigInt(exponent)).toString();
    pointPosition = text.length;
  } else {
    // m / 2^k = m × 5^k / 10^k.
    text = (mantissa * 5n ** BigInt(-exponent)).toString();
    pointPosition = text.length + exponent;
  }
  const trimmed = text.replace(/0+$/, '');
  return { digits: trimmed, pointPosition };
}

/** Rounds to `count` significant digits, half to even on exact ties (Go's decimal.Round). */
function roundDigits(decimal: ExactDecimal, count: number): ExactDecimal {
  const { digits } = decimal;
  if (count < 0) return { digits: '', pointPosition: decimal.pointPosition };
  if (digits.length <= count) return decimal;
  const next = digits.charCodeAt(count) - 48;
  const exactHalf = next === 5 && digits.length === count + 1;
  const up =
    next > 5 || (next === 5 && !exactHalf) || (exactHalf && count > 0 && (digits.charCodeAt(count - 1) - 48) % 2 === 1);
  let kept = digits.slice(0, count);
  let pointPosition = decimal.pointPosition;
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === '9') i--;
    if (i < 0) {
      kept = '1';
      pointPosition++;
    } else {
      kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
    }
  }
  return { digits: kept.replace(/0+$/, ''), pointPosition };
}

function fixedText(decimal: ExactDecimal, fractionDigits: number): string {
  const { digits, pointPosition } = decimal;
  let integer = '';
  if (pointPosition <= 0) integer = '0';
  else integer = digits.slice(0, pointPosition).padEnd(pointPosition, '0');
  if (fractionDigits <= 0) return integer;
  let fraction = '';
  for (let i = 0; i < fractionDigits; i++) {
    const at = pointPosition + i;
    fraction += at >= 0 && at < digits.length ? digits[at] : '0';
  }
  return `${integer}.${fraction}`;
}

/** Go's `fmt.Sprintf("%.Nf", value)`. */
export function formatFixed(value: number, fractionDigits: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let text: string;
  const fraction = magnitude - Math.floor(magnitude);
  // Fast path: toFixed is exact except on exact decimal ties, and a tie at N digits, being
  // odd/(2^(N+1)·5^N) reduced, is a binary fraction of exactly N + 1 bits.
  const maybeTie =
    Number.isInteger(fraction * 2 ** (fractionDigits + 1)) && !Number.isInteger(fraction * 2 ** fractionDigits);
  if (magnitude < 1e21 && !maybeTie) text = magnitude.toFixed(fractionDigits);
  else {
    const decimal = exactDecimal(magnitude);
    text = fixedText(roundDigits(decimal, decimal.pointPosition + fractionDigits), fractionDigits);
  }
  return negative ? `-${text}` : text;
}

/** Go's `fmt.Sprintf("%.Ng", value)` (precision ≥ 1, no flags). */
export function formatGeneral(value: number, precision: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const negative = value < 0 || Object.is(value, -0);
  const prec = Math.max(1, precision);
  const decimal = roundDigits(exactDecimal(Math.abs(value)), prec);
  const count = decimal.digits.length;
  const pointPosition = decimal.pointPosition;
  let eprec = prec;
  if (eprec > count && count >= pointPosition) eprec = count;
  const exponent = pointPosition - 1;
  let text: string;
  if (count > 0 && (exponent < -4 || exponent >= eprec)) {
    const mantissa = decimal.digits.length > 1 ? `${decimal.digits[0]}.${decimal.digits.slice(1)}` : decimal.digits;
    const sign = exponent < 0 ? '-' : '+';
    text = `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  } else {
    const shown = prec > pointPosition ? count : prec;
    text = fixedText(decimal, Math.max(shown - pointPosition, 0));
  }
  return negative ? `-${text}` : text;
}
