// The goroutine dump a Goroutine capture or a bundle keeps beside its profiles (Go's `debug=2`
// text): fetched alongside them, checked to be a dump, and, when it cannot be had, why, as our
// errors phrase it (never what the source sent), for the sidecar, the log and the Goroutines view.

import { GoProfilerError } from '../errors/index.js';
import { describeBody, type ResolvedAddress } from '../fetch/index.js';
import { fetchGoroutineDump, type CaptureFetchDependencies, type CaptureFetchLimits } from './capture-fetch.js';
import type { CaptureRequest } from './capture-request.js';

/** The answer came but is no `debug=2` dump (an HTML page, a profile, a `debug=1` text...): what kind of body it is. */
export class NotAGoroutineDumpError extends GoProfilerError {
  override readonly name = 'NotAGoroutineDumpError';
  constructor(
    readonly url: string,
    body: string,
  ) {
    super(`fetch ${url}`, `not a goroutine dump: ${body}`);
  }
}

/** The dump, or why there is none (the fetch's error message). */
export type GoroutineDumpOutcome = { readonly dump: Uint8Array } | { readonly reason: string };

/**
 * Go's `debug=2` text opens with its first goroutine's header, `goroutine 1 [running]:`; a
 * `debug=1` text opens `goroutine profile: total N`, a profile with gzip's magic.
 */
const DUMP_HEADER = /^goroutine \d+ \[/;

/** Go's `debug=1` text: counts per stack, no goroutine of its own. */
const DEBUG1_HEADER = /^goroutine profile: total \d+/;

/** The head is enough to tell a dump: no need to decode megabytes in the processor's thread. */
const HEAD_BYTES = 64;

/** Fetches the dump; never rejects: a failure, or a body that is no dump, is the reason. */
export async function fetchGoroutineDumpOutcome(
  request: CaptureRequest,
  deps: CaptureFetchDependencies,
  address: ResolvedAddress | undefined,
  limits: CaptureFetchLimits,
): Promise<GoroutineDumpOutcome> {
  return goroutineDumpOutcomeOf(fetchGoroutineDump(request, deps, address, limits));
}

/**
 * The dump `fetching` brings, checked to be one, or why not; never rejects. Also for the CLI's
 * `capture bundle`, which fetches it its own way.
 */
export async function goroutineDumpOutcomeOf(
  fetching: Promise<{ readonly bytes: Uint8Array; readonly url: URL }>,
): Promise<GoroutineDumpOutcome> {
  try {
    const { bytes, url } = await fetching;
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEAD_BYTES)).toString('latin1');
    if (!DUMP_HEADER.test(head)) throw new NotAGoroutineDumpError(url.toString(), dumpBodyKind(head, bytes));
    return { dump: bytes };
  } catch (error) {
    return { reason: reasonOf(error) };
  }
}

/** What came instead of a dump: describeBody's words, but a `debug=1` text named as such (not "a text goroutine dump"). */
function dumpBodyKind(head: string, bytes: Uint8Array): string {
  return DEBUG1_HEADER.test(head) ? `a debug=1 goroutine profile (${bytes.length} bytes)` : describeBody(bytes);
}

/** A typed error's message is ours (SPEC §5: it names a body's kind, never its content); any other, its kind only. */
function reasonOf(error: unknown): string {
  if (error instanceof GoProfilerError) return error.message;
  return `fetch the goroutine dump: failed (${error instanceof Error ? error.name : typeof error})`;
}
