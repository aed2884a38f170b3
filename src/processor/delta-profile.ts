// A delta profile of N seconds (Heap, Allocs, Block, Mutex): Go's own (`?seconds=N`, Go ≥ 1.16), or,
// when the target answers that with an error (older Go, a proxy refusing the parameter), two
// snapshots N seconds apart subtracted as `go tool pprof -base` and net/http/pprof itself do.

import { setTimeout as sleep } from 'node:timers/promises';
import { FetchStatusError, profileFetchError } from '../fetch/index.js';
import { decodeProfile, encodeProfile, type DecodeOptions, type Profile } from '../pprof/index.js';
import { subtractBaseProfile } from '../query/index.js';

/** How a delta capture's window was taken: Go's delta endpoint, or two snapshots subtracted. */
export type DeltaMethod = 'go' | 'subtracted';

/** What one fetch brings back: the body and where it came from. */
export interface FetchedBody {
  readonly bytes: Uint8Array;
  readonly url: URL;
}

/** Fetches once: the delta endpoint with `seconds`, a snapshot without. */
export type FetchOnce<T extends FetchedBody> = (deltaSeconds: number | undefined) => Promise<T>;

export interface DeltaOptions {
  /** The caps the snapshots are decoded with before they are subtracted. */
  readonly decodeOptions: DecodeOptions;
  readonly signal?: AbortSignal;
  /** Waits between the two snapshots; default a real timer (tests may pass their own). */
  readonly wait?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

export type DeltaFetched<T extends FetchedBody> = T & { readonly deltaMethod: DeltaMethod };

/**
 * Go's delta of `seconds`; when the target answers the delta endpoint with an HTTP error, a
 * snapshot, a wait of `seconds`, a second snapshot, and the second minus the first (encoded as
 * profile.proto, so the stored file opens in `go tool pprof`). Other failures are thrown as they are.
 */
export async function fetchDeltaProfile<T extends FetchedBody>(
  fetchOnce: FetchOnce<T>,
  seconds: number,
  options: DeltaOptions,
): Promise<DeltaFetched<T>> {
  try {
    return { ...(await fetchOnce(seconds)), deltaMethod: 'go' };
  } catch (error) {
    if (!(error instanceof FetchStatusError)) throw error;
  }
  const before = await fetchOnce(undefined);
  await (options.wait ?? waitFor)(seconds * 1000, options.signal);
  const after = await fetchOnce(undefined);
  let bytes: Uint8Array;
  try {
    bytes = subtractSnapshots(before.bytes, after.bytes, seconds, options.decodeOptions);
  } catch (error) {
    throw profileFetchError(after.url, after.bytes, error);
  }
  return { ...after, bytes, deltaMethod: 'subtracted' };
}

async function waitFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await sleep(ms, undefined, signal === undefined ? {} : { signal });
}

/**
 * `after` minus `before`, as net/http/pprof's serveDeltaProfile builds its answer: the later
 * profile's time, the time between the two as the duration (the requested seconds when either
 * has no time). Decode failures are thrown as the decoder's errors (the caller names the source).
 */
export function subtractSnapshots(
  before: Uint8Array,
  after: Uint8Array,
  seconds: number,
  decodeOptions: DecodeOptions,
): Uint8Array {
  const first = decodeProfile(before, decodeOptions);
  const second = decodeProfile(after, decodeOptions);
  const delta: Profile = {
    ...subtractBaseProfile(second, first),
    timeNanos: second.timeNanos,
    durationNanos: windowNanos(first, second, seconds),
  };
  return encodeProfile(delta);
}

function windowNanos(first: Profile, second: Profile, seconds: number): number {
  if (first.timeNanos === 0n || second.timeNanos === 0n || second.timeNanos <= first.timeNanos) return seconds * 1e9;
  return Number(second.timeNanos - first.timeNanos);
}
