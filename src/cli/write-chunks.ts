// Writes a report's chunks to a stream, waiting for 'drain' whenever its buffer is full, so that a
// report larger than memory (-traces of a large heap profile) streams through a pipe. A stopgap
// until the CLI's own stdout writer (closed pipes, EPIPE) replaces it: keep it this small.

import { once } from 'node:events';
import type { Writable } from 'node:stream';

export async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
}
