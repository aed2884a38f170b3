// The capture jobs of a TARGET: a Go program's URL fetched directly (fetch/'s fetchProfile, the
// processor's URL rules and body checks), or pods through the API server's pod proxy (SPEC §6).

import {
  DEFAULT_MAX_PROFILE_BYTES,
  fetchPodProfile,
  fetchProfileBytes,
  profileFetchError,
  type KubeAccess,
  type PodProfileTarget,
  type ProfileType,
} from '../fetch/index.js';
import { decodeProfile } from '../pprof/index.js';
import { adviceFactsOf, adviseOnProfile } from '../query/index.js';
import { fetchDeltaProfile, type DeltaMethod, type FetchedBody } from '../processor/delta-profile.js';
import type { CaptureJob, FetchedCapture } from './capture-jobs.js';
import { urlFileStem } from './capture-target.js';

/** What the Go side needs beyond a CPU profile's own seconds (the processor's margin). */
const CPU_MARGIN_SECONDS = 15;
/** Other profiles: the processor's `fetchTimeoutSeconds` default. */
const FETCH_TIMEOUT_SECONDS = 60;

/** The whole answer's time limit: a CPU profile's or a delta's seconds plus a margin, else a minute. */
export function captureTimeoutMs(type: ProfileType, cpuSeconds: number, deltaSeconds?: number): number {
  if (deltaSeconds !== undefined) return (deltaSeconds + CPU_MARGIN_SECONDS) * 1000;
  return (type === 'Profile' ? cpuSeconds + CPU_MARGIN_SECONDS : FETCH_TIMEOUT_SECONDS) * 1000;
}

/**
 * Fetches once (a snapshot), or with `deltaSeconds` a delta (two snapshots subtracted when the
 * target refuses it), then proves the body a profile as the processor does.
 */
async function fetchDecoded<T extends FetchedBody>(
  fetchOnce: (deltaSeconds: number | undefined) => Promise<T>,
  deltaSeconds: number | undefined,
): Promise<FetchedCapture> {
  let fetched: T & { deltaMethod?: DeltaMethod };
  if (deltaSeconds === undefined) fetched = await fetchOnce(undefined);
  else fetched = await fetchDeltaProfile(fetchOnce, deltaSeconds, { decodeOptions: {} });
  try {
    const profile = decodeProfile(fetched.bytes);
    return {
      bytes: fetched.bytes,
      profile,
      ...(fetched.deltaMethod === undefined ? {} : { deltaMethod: fetched.deltaMethod }),
    };
  } catch (error) {
    throw profileFetchError(fetched.url, fetched.bytes, error);
  }
}

/**
 * A URL's job. No target policy (SPEC §5 guards the processor from its callers; here the caller is
 * the user, on their own machine), but its other rules hold: no redirect followed, the size cap,
 * the body proved a profile before it is saved.
 */
export function urlCaptureJob(url: URL, type: ProfileType, cpuSeconds: number, deltaSeconds?: number): CaptureJob {
  return {
    label: url.origin,
    name: urlFileStem(url),
    stem: urlFileStem(url),
    async fetch(onProgress) {
      const fetchOnce = async (window: number | undefined) => {
        const asked = new URL(url);
        // A snapshot of a delta capture (the target refused the delta): the same URL without `seconds`.
        if (window === undefined && deltaSeconds !== undefined) asked.searchParams.delete('seconds');
        const bytes = await fetchProfileBytes({
          url: asked,
          timeoutMs: captureTimeoutMs(type, cpuSeconds, deltaSeconds),
          maxProfileBytes: DEFAULT_MAX_PROFILE_BYTES,
          onProgress,
        });
        return { bytes, url: asked };
      };
      return withAdvice(await fetchDecoded(fetchOnce, deltaSeconds), type, cpuSeconds);
    },
  };
}

/**
 * A pod's job: through the API server's pod proxy with the kubeconfig's credentials (fetch/'s
 * fetchPodProfile: RBAC decides; its time limit, which allows for the proxy), the body then
 * proved a profile as a URL's is.
 */
export function podCaptureJob(
  access: KubeAccess,
  target: PodProfileTarget,
  type: ProfileType,
  cpuSeconds: number,
  deltaSeconds?: number,
): CaptureJob {
  return {
    label: `pod ${target.namespace}/${target.name}`,
    name: target.name,
    stem: `${target.namespace}.${target.name}`,
    async fetch(onProgress) {
      const fetchOnce = (window: number | undefined) =>
        fetchPodProfile(access, target, {
          type,
          seconds: cpuSeconds,
          ...(window === undefined ? {} : { deltaSeconds: window }),
          maxBytes: DEFAULT_MAX_PROFILE_BYTES,
          onProgress,
        });
      return withAdvice(await fetchDecoded(fetchOnce, deltaSeconds), type, cpuSeconds);
    },
  };
}

/** The fetched profile with its preflight advice, when there is any (the seconds count for a CPU profile only). */
function withAdvice(fetched: FetchedCapture, type: ProfileType, cpuSeconds: number): FetchedCapture {
  const advice = adviseOnProfile(adviceFactsOf(fetched.profile, type, type === 'Profile' ? cpuSeconds : undefined));
  return advice.length === 0 ? fetched : { ...fetched, advice };
}
