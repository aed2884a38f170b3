// The profiles of a bundle (issue 10): which type each is, whether it spans the window (the CPU
// profile and the deltas, fetched side by side) or is a snapshot, and each one's fetch and decoding.

import { GoProfilerError } from '../errors/index.js';
import { buildProfileUrl, profileFetchError, type ProfileType } from '../fetch/index.js';
import type { DecodeOptions } from '../pprof/index.js';
import type { BundleProfileName } from '../store/index.js';
import type { OpenedProfile, QueryPool } from '../web/query-pool.js';
import {
  fetchCaptureBytes,
  type CaptureFetchDependencies,
  type CaptureFetchLimits,
  type PodProxyFacts,
} from './capture-fetch.js';
import type { CaptureRequest, ProfileCaptureRequest } from './capture-request.js';
import type { DeltaMethod } from './delta-profile.js';
import { summaryAdvice } from './capture-advice.js';

/** No profile of a bundle could be kept, and none failed with an error of its own: each one's reason. */
export class EmptyBundleError extends GoProfilerError {
  override readonly name = 'EmptyBundleError';
  constructor(source: string, reasons: readonly string[]) {
    super(`capture bundle of ${source}`, `no profile was kept (${reasons.join('; ')})`);
  }
}

export interface BundlePart {
  readonly profile: BundleProfileName;
  readonly type: ProfileType;
  /** `cpu`: the window is the CPU profile's seconds; `delta`: a delta of the window; else a snapshot. */
  readonly window?: 'cpu' | 'delta';
}

/** In the order they are listed and switched between. */
export const BUNDLE_PARTS: readonly BundlePart[] = [
  { profile: 'cpu', type: 'Profile', window: 'cpu' },
  { profile: 'allocs', type: 'Allocs', window: 'delta' },
  { profile: 'heap', type: 'Heap' },
  { profile: 'goroutine', type: 'Goroutine' },
  { profile: 'block', type: 'Block', window: 'delta' },
  { profile: 'mutex', type: 'Mutex', window: 'delta' },
  { profile: 'threadcreate', type: 'Threadcreate' },
];

/** One profile fetched and decoded in the query pool. */
export interface FetchedPart {
  readonly part: BundlePart;
  readonly bytes: Uint8Array;
  readonly url: URL;
  readonly podProxy?: PodProxyFacts;
  readonly deltaMethod?: DeltaMethod;
  readonly opened: OpenedProfile;
}

/** One profile that is not kept: why (the fetch's or decoder's error, or that it is empty). */
export interface MissingPart {
  readonly part: BundlePart;
  readonly reason: string;
  readonly error?: unknown;
}

/** The request for one profile of a bundle: its type, its URL (a source's) and its window. */
export function partRequestOf(request: CaptureRequest, part: BundlePart, seconds: number): ProfileCaptureRequest {
  const cpuSeconds = part.window === 'cpu' ? seconds : undefined;
  const deltaSeconds = part.window === 'delta' ? seconds : undefined;
  const windows = {
    type: part.type,
    cpuSeconds,
    deltaSeconds,
    bundleSeconds: undefined,
  };
  if (request.podProxy !== undefined) return { ...request, ...windows };
  return { ...request, ...windows, url: buildProfileUrl(request.source, part.type, seconds, deltaSeconds) };
}

export interface PartFetch {
  readonly request: CaptureRequest;
  readonly deps: CaptureFetchDependencies & { readonly queryPool: QueryPool };
  readonly address: Parameters<typeof fetchCaptureBytes>[2];
  readonly limits: CaptureFetchLimits;
  readonly decodeOptions: Required<DecodeOptions>;
  readonly seconds: number;
}

/** Fetches and decodes one profile; never rejects: a failure or an empty profile is a MissingPart. */
export async function fetchPart(part: BundlePart, fetch: PartFetch): Promise<FetchedPart | MissingPart> {
  const { request, deps, address, limits, decodeOptions, seconds } = fetch;
  let fetched;
  try {
    fetched = await fetchCaptureBytes(partRequestOf(request, part, seconds), deps, address, limits);
  } catch (error) {
    return { part, reason: (error as Error).message, error };
  }
  let opened: OpenedProfile;
  try {
    opened = await deps.queryPool.open(fetched.bytes, decodeOptions);
  } catch (error) {
    const named = profileFetchError(fetched.url, fetched.bytes, error);
    return { part, reason: (named as Error).message, error: named };
  }
  if (opened.summary.sampleCount === 0) {
    await opened.close();
    // An empty block or mutex profile is usually profiling left off: the advice says what to call.
    const advice = summaryAdvice(part.type, opened.summary);
    return { part, reason: `empty: ${advice.length === 0 ? 'the profile has no samples' : advice.join(' ')}` };
  }
  return { part, ...fetched, opened };
}

/** True for a part that was fetched and kept. */
export function isFetched(outcome: FetchedPart | MissingPart): outcome is FetchedPart {
  return 'opened' in outcome;
}
