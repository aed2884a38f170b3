// Go compares strings by their UTF-8 bytes; JavaScript by UTF-16 code units. The two orders differ
// only when characters beyond U+FFFF meet characters in U+E000..U+FFFF, so compare code points.

export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    return (a.codePointAt(i) ?? x) - (b.codePointAt(i) ?? y);
  }
  return a.length - b.length;
}
