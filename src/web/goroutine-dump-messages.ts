// The messages between the viewer and a goroutine dump worker (goroutine-dump-worker.ts).

import type { GoroutineGroup } from '../query/index.js';
import type { SerializedError } from './worker-errors.js';

/** The worker's `workerData`: the dump to read, and the name its errors give it. */
export interface DumpReadRequest {
  readonly dumpPath: string;
  readonly name: string;
  /** Also the goroutine profile built from the dump, gzipped profile.proto (`go-profiler view DUMP`). */
  readonly profile?: boolean;
}

/** A dump's groups, ranked (groupGoroutines), and whether Go cut the dump at 64 MB. */
export interface ReadDump {
  readonly groups: GoroutineGroup[];
  readonly truncated: boolean;
}

export type DumpReadReply =
  /** The text is read; parsing starts (what a test waits for to prove the main thread is free). */
  | { readonly parsing: true }
  | { readonly dump: ReadDump; readonly profile?: Uint8Array }
  | { readonly error: SerializedError };
