// Profile strings keep their bytes as Go keeps them: a byte that is no part of valid UTF-8 is held
// as the lone surrogate U+DC80–U+DCFF (Python's "surrogateescape"), shown as U+FFFD wherever text
// is encoded as usual (JSON, HTML, TextEncoder), and written back as the raw byte by the CLI, so
// its reports equal pprof's, which prints Go strings byte for byte.

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The length of the valid UTF-8 sequence at `at`, or 0 when the byte there starts none. */
function sequenceLength(buf: Uint8Array, at: number, end: number): number {
  const b0 = buf[at]!;
  const continuation = (i: number, low = 0x80, high = 0xbf) =>
    at + i < end && buf[at + i]! >= low && buf[at + i]! <= high;
  if (b0 >= 0xc2 && b0 <= 0xdf) return continuation(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // No overlong forms (E0 A0..) and no surrogates (ED ..9F), as Go's utf8 rules.
    const [low, high] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [low, high] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

/** Decodes UTF-8, each invalid byte B kept as U+DC00+B. */
export function decodeRawBytesText(buf: Uint8Array, start: number, end: number): string {
  const bytes = buf.subarray(start, end);
  try {
    return utf8.decode(bytes);
  } catch {
    // Invalid UTF-8: decoded valid run by valid run, below.
  }
  let text = '';
  let runStart = start;
  for (let at = start; at < end;) {
    if (buf[at]! < 0x80) {
      at++;
      continue;
    }
    const length = sequenceLength(buf, at, end);
    if (length > 0) {
      at += length;
      continue;
    }
    text += utf8.decode(buf.subarray(runStart, at)) + String.fromCharCode(0xdc00 + buf[at]!);
    at++;
    runStart = at;
  }
  return text + utf8.decode(buf.subarray(runStart, end));
}

const ESCAPED_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/;
const ESCAPED_BYTES = /(?<![\ud800-\udbff])[\udc80-\udcff]+/g;

/** Whether `text` holds a byte kept by decodeRawBytesText. */
export function hasRawBytes(text: string): boolean {
  return ESCAPED_BYTE.test(text);
}

/** Encodes `text` as UTF-8 with each kept byte written back as itself. */
export function encodeRawBytesText(text: string): Buffer {
  if (!hasRawBytes(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(ESCAPED_BYTES)) {
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'));
    parts.push(Buffer.from([...match[0]].map((c) => c.charCodeAt(0) - 0xdc00)));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}
