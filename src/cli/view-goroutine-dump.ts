// What `view FILE` does with goroutine dumps: a debug=2 text opens as a goroutine profile built
// from it, with the Goroutines view; a profile with `<name>.debug2.txt` beside it gets that view.

import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { encodeProfile, type Profile } from '../pprof/index.js';
import { goroutineDumpProfile, parseGoroutineDump } from '../query/index.js';

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

/** The dump as a profile, and the proto bytes `/download` serves. */
export async function readGoroutineDumpFile(file: string): Promise<{ profile: Profile; bytes: Uint8Array }> {
  const profile = goroutineDumpProfile(parseGoroutineDump(await readFile(file, 'utf8'), file));
  return { profile, bytes: encodeProfile(profile) };
}

/** `heap.pb.gz` → `heap.debug2.txt` beside it, when it exists (`.prof`, `.pb` alike). */
export function dumpBeside(file: string): string | undefined {
  const candidate = file.replace(/(\.pb\.gz|\.pb|\.prof|\.gz)?$/, '.debug2.txt');
  return candidate !== file && existsSync(candidate) ? candidate : undefined;
}
