// The target's own refusals of a CPU profile, told apart from other failures so that the answer
// says what to do: a CPU profile already running in it (409), its http.Server WriteTimeout
// shorter than the seconds asked for (400, with the seconds that would fit, asked of Go itself).

import { GoProfilerError } from '../errors/index.js';
import { FetchNetworkError } from './fetch-errors.js';
import type { HttpGetResponse } from './http-get.js';

/** Go's line when another CPU profile runs (runtime/pprof.StartCPUProfile's error, net/http/pprof's 500). */
const CPU_PROFILING_IN_USE = 'cpu profiling already in use';
/** net/http/pprof's 400 when the seconds reach the server's WriteTimeout (Go ≥ 1.13). */
const EXCEEDS_WRITE_TIMEOUT = "profile duration exceeds server's WriteTimeout";
/** net/http/pprof's 400 for a delta profile asked with `debug`: checked after the WriteTimeout. */
const SECONDS_AND_DEBUG = 'seconds and debug params are incompatible';

/** The target already runs a CPU profile (someone else's capture, or the program's own): Go allows one at a time. */
export class CpuProfilingInUseError extends GoProfilerError {
  override readonly name = 'CpuProfilingInUseError';
  constructor(
    readonly url: string,
    goError: string,
  ) {
    super(
      `fetch ${url}`,
      `the target is already running a CPU profile (Go answered ${JSON.stringify(goError)}), so wait until it ends and capture again`,
    );
  }
}

/**
 * The target's http.Server has a WriteTimeout no longer than the CPU seconds asked for, and Go
 * refused before profiling. `fitSeconds`: the most that fit (0: none), when Go told; `refused`
 * names the request's `seconds` as the key at fault.
 */
export class WriteTimeoutExceededError extends GoProfilerError {
  override readonly name = 'WriteTimeoutExceededError';
  readonly refused = 'seconds';
  constructor(
    readonly url: string,
    readonly requestedSeconds: number,
    readonly fitSeconds: number | undefined,
  ) {
    super(`fetch ${url}`, writeTimeoutReason(requestedSeconds, fitSeconds));
  }
}

function writeTimeoutReason(requestedSeconds: number, fitSeconds: number | undefined): string {
  const refusal = `the target's http.Server WriteTimeout is not longer than the ${requestedSeconds} s asked for (Go answered ${JSON.stringify(EXCEEDS_WRITE_TIMEOUT)})`;
  if (fitSeconds === undefined) return `${refusal}, so ask for fewer seconds or raise its WriteTimeout`;
  if (fitSeconds === 0) return `${refusal} and no CPU profile fits in it (1 s does not), so raise its WriteTimeout`;
  return `${refusal}, so ask for seconds=${fitSeconds} or fewer, or raise its WriteTimeout`;
}

/**
 * The connection closed without a whole answer after the CPU profile had run its seconds: a write
 * deadline Go's handler did not know of (a WriteTimeout it cannot see, a proxy's) cut the answer.
 */
export class CpuProfileCutError extends GoProfilerError {
  override readonly name = 'CpuProfileCutError';
  constructor(
    readonly url: string,
    readonly requestedSeconds: number,
    options: { cause: FetchNetworkError },
  ) {
    const closed = options.cause.message.slice(`fetch ${url}: `.length);
    super(
      `fetch ${url}`,
      `${closed} once the ${requestedSeconds} s CPU profile had run: a write timeout shorter than ${requestedSeconds} s (the target's http.Server WriteTimeout, or a proxy's) likely cut its answer, so ask for fewer seconds or raise that timeout`,
      options,
    );
  }
}

/** Codes of a connection the target closed while we waited for its answer. */
const CLOSED_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);

/**
 * A CPU profile's fetch that failed as CpuProfileCutError describes, else the error as it is:
 * closed after `elapsedMs` of at least the seconds asked for (a target killed mid-profile closes
 * before they have run; Go's handler writes nothing until they have).
 */
export function cpuProfileCutOf(url: URL, error: unknown, elapsedMs: number): unknown {
  if (!(error instanceof FetchNetworkError) || !CLOSED_CODES.has(error.code)) return error;
  if (!url.pathname.endsWith('/profile')) return error;
  const seconds = Number(url.searchParams.get('seconds') ?? '30');
  if (!Number.isInteger(seconds) || elapsedMs < seconds * 1000) return error;
  return new CpuProfileCutError(url.toString(), seconds, { cause: error });
}

/** Which refusal of ours an answer from net/http/pprof is (`goError`: its first line), if any. */
export function targetRefusalOf(
  url: URL,
  status: number,
  goError: string | undefined,
): CpuProfilingInUseError | WriteTimeoutExceededError | undefined {
  if (goError === undefined) return undefined;
  if (status === 500 && goError.includes(CPU_PROFILING_IN_USE))
    return new CpuProfilingInUseError(url.toString(), goError);
  if (status === 400 && goError === EXCEEDS_WRITE_TIMEOUT) {
    const seconds = Number(url.searchParams.get('seconds') ?? '30');
    return new WriteTimeoutExceededError(url.toString(), Number.isInteger(seconds) ? seconds : 30, undefined);
  }
  return undefined;
}

/** A GET of the probe URL, with the request's own connection, credentials and limits. */
export type ProbeGet = (url: URL) => Promise<HttpGetResponse>;

/**
 * The most CPU seconds the target's WriteTimeout lets through, found without profiling anything:
 * Go checks `seconds` against the WriteTimeout before it refuses `debug` with a delta profile, so
 * `/debug/pprof/allocs?seconds=S&debug=1` answers at once which of the two it is. A binary search
 * below the refused seconds, a few requests. Undefined when the target does not answer as Go ≥ 1.16
 * does (no delta profiles): then nobody knows.
 */
export async function findFittingSeconds(
  error: WriteTimeoutExceededError,
  get: ProbeGet,
): Promise<WriteTimeoutExceededError> {
  const profileUrl = new URL(error.url);
  const probe = (seconds: number) => exceedsWriteTimeout(profileUrl, seconds, get);
  // Invariant: `refused` is refused, `fits` fits (0: none known to).
  let refused = error.requestedSeconds;
  let fits = 0;
  const first = await probe(1);
  if (first === undefined) return error;
  if (!first) fits = 1;
  else refused = 1;
  while (refused - fits > 1) {
    const middle = Math.floor((fits + refused) / 2);
    const exceeds = await probe(middle);
    if (exceeds === undefined) return error;
    if (exceeds) refused = middle;
    else fits = middle;
  }
  return new WriteTimeoutExceededError(error.url, error.requestedSeconds, fits);
}

/** True when Go refuses `seconds` for the WriteTimeout, false when it fits; undefined when the answer is neither. */
async function exceedsWriteTimeout(profileUrl: URL, seconds: number, get: ProbeGet): Promise<boolean | undefined> {
  const url = new URL(profileUrl);
  url.pathname = url.pathname.replace(/\/profile$/, '/allocs');
  url.search = `?seconds=${seconds}&debug=1`;
  let response: HttpGetResponse;
  try {
    response = await get(url);
  } catch {
    // The probe is a courtesy: a target that cannot answer it leaves the seconds unknown.
    return undefined;
  }
  if (response.status !== 400 || response.headers['x-go-pprof'] !== '1') return undefined;
  const line = new TextDecoder().decode(response.body).trim();
  if (line === EXCEEDS_WRITE_TIMEOUT) return true;
  if (line === SECONDS_AND_DEBUG) return false;
  return undefined;
}
