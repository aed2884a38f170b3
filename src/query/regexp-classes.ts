// Character classes for the Go regexp translator: Go's POSIX classes and `\s` as code point
// ranges, their complements, ASCII case folding, and ranges written back as JavaScript class text.

export type Range = [number, number];

export const POSIX_CLASSES: Readonly<Record<string, readonly Range[]>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

/** Go's `\s` is ASCII white space without \v; JavaScript's also matches Unicode spaces. */
export const GO_SPACE: readonly Range[] = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];

export function complement(ranges: readonly Range[]): Range[] {
  const result: Range[] = [];
  let next = 0;
  for (const [low, high] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (low > next) result.push([next, low - 1]);
    next = Math.max(next, high + 1);
  }
  if (next <= 0xffff) result.push([next, 0xffff]);
  return result;
}

export function classChar(code: number): string {
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
    return String.fromCharCode(code);
  }
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function rangesText(ranges: readonly Range[]): string {
  return ranges.map(([low, high]) => (low === high ? classChar(low) : `${classChar(low)}-${classChar(high)}`)).join('');
}

/** Adds the other case of ASCII letters in `ranges` (Go's (?i) folds case; non-ASCII folds are rare in symbols). */
export function foldRanges(ranges: readonly Range[]): Range[] {
  const folded: Range[] = [...ranges];
  for (const [low, high] of ranges) {
    const upperLow = Math.max(low, 0x41);
    const upperHigh = Math.min(high, 0x5a);
    if (upperLow <= upperHigh) folded.push([upperLow + 32, upperHigh + 32]);
    const lowerLow = Math.max(low, 0x61);
    const lowerHigh = Math.min(high, 0x7a);
    if (lowerLow <= lowerHigh) folded.push([lowerLow - 32, lowerHigh - 32]);
  }
  return folded;
}
