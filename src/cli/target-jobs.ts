// The capture jobs of a TARGET: a Go program's URL fetched directly (fetch/'s fetchProfile, the
// processor's URL rules and body checks), or pods through the API server's pod proxy (SPEC §6).

import {
  DEFAULT_MAX_PROFILE_BYTES,
  fetchPodProfile,
  fetchProfile,
  profileFetchError,
  type KubeAccess,
  type PodProfileTarget,
  type ProfileType,
} from '../fetch/index.js';
import { decodeProfile } from '../pprof/index.js';
import { adviceFactsOf, adviseOnProfile } from '../query/index.js';
import type { CaptureJob, FetchedCapture } from './capture-jobs.js';
import { urlFileStem } from './capture-target.js';

/** What the Go side needs beyond a CPU profile's own seconds (the processor's margin). */
const CPU_MARGIN_SECONDS = 15;
/** Other profiles: the processor's `fetchTimeoutSeconds` default. */
const FETCH_TIMEOUT_SECONDS = 60;

/** The whole answer's time limit: the CPU profile's seconds plus a margin, else a minute. */
export function captureTimeoutMs(type: ProfileType, cpuSeconds: number): number {
  return (type === 'Profile' ? cpuSeconds + CPU_MARGIN_SECONDS : FETCH_TIMEOUT_SECONDS) * 1000;
}

/**
 * A URL's job. No target policy (SPEC §5 guards the processor from its callers; here the caller is
 * the user, on their own machine), but its other rules hold: no redirect followed, the size cap,
 * the body proved a profile before it is saved.
 */
export function urlCaptureJob(url: URL, type: ProfileType, cpuSeconds: number): CaptureJob {
  return {
    label: url.origin,
    name: urlFileStem(url),
    stem: urlFileStem(url),
    async fetch(onProgress) {
      const { bytes, profile } = await fetchProfile({
        url,
        timeoutMs: captureTimeoutMs(type, cpuSeconds),
        maxProfileBytes: DEFAULT_MAX_PROFILE_BYTES,
        onProgress,
      });
      return withAdvice({ bytes, profile }, type, cpuSeconds);
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
): CaptureJob {
  return {
    label: `pod ${target.namespace}/${target.name}`,
    name: target.name,
    stem: `${target.namespace}.${target.name}`,
    async fetch(onProgress) {
      const fetched = await fetchPodProfile(access, target, {
        type,
        seconds: cpuSeconds,
        maxBytes: DEFAULT_MAX_PROFILE_BYTES,
        onProgress,
      });
      try {
        return withAdvice({ bytes: fetched.bytes, profile: decodeProfile(fetched.bytes) }, type, cpuSeconds);
      } catch (error) {
        throw profileFetchError(fetched.url, fetched.bytes, error);
      }
    },
  };
}

/** The fetched profile with its preflight advice, when there is any (the seconds count for a CPU profile only). */
function withAdvice(fetched: FetchedCapture, type: ProfileType, cpuSeconds: number): FetchedCapture {
  const advice = adviseOnProfile(adviceFactsOf(fetched.profile, type, type === 'Profile' ? cpuSeconds : undefined));
  return advice.length === 0 ? fetched : { ...fetched, advice };
}
