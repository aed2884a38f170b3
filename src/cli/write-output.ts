// Writes a report to stdout chunk by chunk, as fast as the reader takes it: a report is never held
// whole, and a reader that goes away (`go-profiler traces … | head`) ends the report quietly.

import process from 'node:process';
import type { Writable } from 'node:stream';
import { encodeRawBytesText, hasRawBytes } from '../pprof/index.js';

/** The reader closed the pipe (EPIPE): not a failure, the user has read what they wanted. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
  constructor(options?: { cause?: unknown }) {
    super('write stdout: the reader closed the pipe', options);
  }
}

/** Writing to stdout failed for another reason (a full disk, a closed descriptor). */
export class OutputWriteError extends Error {
  override readonly name = 'OutputWriteError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`write stdout: ${reason}`, options);
  }
}

function writeErrorOf(error: unknown): Error {
  if (error instanceof OutputClosedError || error instanceof OutputWriteError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return new OutputClosedError({ cause: error });
  return new OutputWriteError(error instanceof Error ? error.message : String(error), { cause: error });
}

/** Resolves when the stream wants more, rejects when it fails or closes first. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error === undefined) resolve();
      else reject(writeErrorOf(error));
    };
    const onDrain = () => settle();
    const onError = (error: unknown) => settle(error);
    const onClose = () => settle(stream.errored ?? new OutputClosedError());
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/**
 * Writes the chunks in order, waiting for 'drain' whenever the stream's buffer is full, so a
 * generator producing the report is only asked for the next chunk when there is room for it.
 * Rejects with OutputClosedError when the reader has gone (the caller stops quietly, exit 0), with
 * OutputWriteError on any other failure. Resolves once the last chunk is handed to the stream.
 */
export async function writeOutput(
  chunks: string | Uint8Array | Iterable<string>,
  stream: Writable = process.stdout,
): Promise<void> {
  const parts: Iterable<string | Uint8Array> =
    typeof chunks === 'string' || chunks instanceof Uint8Array ? [chunks] : chunks;
  for (const chunk of parts) {
    if (stream.destroyed || stream.errored !== null) throw writeErrorOf(stream.errored ?? new OutputClosedError());
    if (chunk.length === 0) continue;
    // Bytes of the profile that were no valid UTF-8 go out as they came in, as pprof writes them.
    const bytes = typeof chunk === 'string' && hasRawBytes(chunk) ? encodeRawBytesText(chunk) : chunk;
    if (!stream.write(bytes)) await drained(stream);
  }
}

/**
 * Keeps a closed stdout from crashing the process: a stream's 'error' event without a listener is
 * thrown. A report in progress learns of it through writeOutput; anything written after (the
 * viewer's "Serving web UI" line, the end of a report's buffer) is dropped, as the reader is gone.
 */
export function guardStdout(onWriteError: (error: OutputWriteError) => void): void {
  process.stdout.on('error', (error: unknown) => {
    const failure = writeErrorOf(error);
    if (failure instanceof OutputWriteError) onWriteError(failure);
  });
}
