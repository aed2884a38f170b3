// What `view FILE` does with goroutine dumps: a debug=2 text opens as a goroutine profile built
// from it, with the Goroutines view; a profile with `<name>.debug2.txt` beside it gets that view.

import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { DumpAsProfile, GoroutineDumpReader } from '../web/goroutine-dump-reader.js';

/** A debug=2 dump starts so; a profile (gzip or proto) never does. */
const DUMP_START = 'goroutine ';

/** True when `file` starts as a debug=2 dump. */
export async function isGoroutineDumpFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return false; // readProfileFile names the failure
  try {
    const head = Buffer.alloc(DUMP_START.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString('latin1') === DUMP_START;
  } finally {
    await handle.close();
  }
}

/**
 * The dump read, parsed and grouped in a goroutine dump worker, as the processor's viewers read
 * theirs, with the goroutine profile built from it there (the proto bytes `/download` serves):
 * this thread, which serves the viewer, never parses the text. `onParsing`: told when the worker
 * starts parsing.
 */
export async function readGoroutineDumpFile(
  file: string,
  onParsing?: (dumpPath: string) => void,
): Promise<DumpAsProfile> {
  const { readGoroutineDumpAsProfile } = await import('../web/goroutine-dump-reader.js');
  return readGoroutineDumpAsProfile(file, file, onParsing === undefined ? {} : { onParsing });
}

/**
 * The session's dump reader: `read`, the dump already parsed at `dumpPath`, for its first answer
 * (the same groups, no second parse); any other dump (a base) by the shared workers.
 */
export async function preparsedDumpReader(dumpPath: string, read: DumpAsProfile): Promise<GoroutineDumpReader> {
  const { sharedGoroutineDumpReader } = await import('../web/goroutine-dump-reader.js');
  return async (asked, name) => (asked === dumpPath ? read.dump : sharedGoroutineDumpReader(asked, name));
}

/** `heap.pb.gz` → `heap.debug2.txt` beside it, when it exists (`.prof`, `.pb` alike). */
export function dumpBeside(file: string): string | undefined {
  const candidate = file.replace(/(\.pb\.gz|\.pb|\.prof|\.gz)?$/, '.debug2.txt');
  return candidate !== file && existsSync(candidate) ? candidate : undefined;
}
