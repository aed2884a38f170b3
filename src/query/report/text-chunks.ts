// Reports are printed as a sequence of chunks, never built as one string: -traces of a large heap
// profile is 600 MB of text, more than a JavaScript string may hold, and a caller streaming the
// chunks to a pipe holds only one at a time.

/** A chunk is cut once it reaches this many characters. */
const CHUNK_CHARS = 1 << 16;

/** Concatenates `pieces` into chunks of about 64K characters, so a consumer sees few, large writes. */
export function* inChunks(pieces: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** The whole text of a report, for callers that need it at once (small reports, tests). */
export function joinChunks(chunks: Iterable<string>): string {
  return Array.from(chunks).join('');
}
