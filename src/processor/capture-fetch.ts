// The fetch step of a capture, either way a target is reached: a source URL (SPEC §5's checked
// address, the Secret with its owner's consent) or a pod reference through the API server's pod
// proxy with the processor's own Kubernetes access (SPEC §6: RBAC decides, no Secret, no URL).

import {
  buildProfileUrl,
  fetchPodProfile,
  fetchProfileBytes,
  type HttpGet,
  type KubeAccess,
  type ResolvedAddress,
  type SecretReader,
  type TargetPolicy,
  type TlsCredentials,
} from '../fetch/index.js';
import type { DecodeOptions } from '../pprof/index.js';
import type {
  CaptureRequest,
  PodCaptureRequest,
  ProfileCaptureRequest,
  SourceCaptureRequest,
} from './capture-request.js';
import { fetchDeltaProfile, type DeltaMethod } from './delta-profile.js';

export interface CaptureFetchDependencies {
  readonly secretReader: SecretReader;
  readonly policy: TargetPolicy;
  /** How the processor reaches the API server for captures by pod reference (`--kubeconfig`, else in-cluster). */
  readonly kubeAccess?: KubeAccess;
  readonly httpGet?: HttpGet;
}

export interface CaptureFetchLimits {
  readonly timeoutMs: number;
  readonly maxProfileBytes: number;
  readonly signal: AbortSignal | undefined;
  /** A delta's snapshots are decoded with these caps when they must be subtracted here. */
  readonly decodeOptions?: DecodeOptions;
  /** `?debug=N` through the pod proxy (a source's URL carries it already): Go's text form. */
  readonly debug?: number;
}

/** How a pod was reached: recorded in the sidecar. */
export interface PodProxyFacts {
  readonly port: number;
  readonly portName?: string;
  readonly scheme: 'http' | 'https';
}

export interface CaptureBytes {
  readonly bytes: Uint8Array;
  /** What was fetched: the source's profile URL, or the API server's pod proxy URL. */
  readonly url: URL;
  readonly podProxy?: PodProxyFacts;
  /** Set for a delta capture: Go's delta endpoint, or two snapshots subtracted here. */
  readonly deltaMethod?: DeltaMethod;
}

/**
 * SPEC §5 "Refusals" for a source, before anything is read or sent: the source's addresses and the
 * Secret's namespace; a pod reference has no address of ours to check (the API server connects).
 */
export async function checkCaptureTarget(
  request: CaptureRequest,
  deps: CaptureFetchDependencies,
): Promise<ResolvedAddress | undefined> {
  if (request.podProxy !== undefined) return undefined;
  return deps.policy.checkTarget(request.url, request.secret);
}

/**
 * Fetches the profile's bytes (not decoded); `address` is checkCaptureTarget's. A delta capture
 * (`deltaSeconds`) falls back to two snapshots subtracted when the delta endpoint answers an error.
 */
export async function fetchCaptureBytes(
  request: ProfileCaptureRequest,
  deps: CaptureFetchDependencies,
  address: ResolvedAddress | undefined,
  limits: CaptureFetchLimits,
): Promise<CaptureBytes> {
  const fetchOnce = async (deltaSeconds: number | undefined): Promise<CaptureBytes> => {
    if (request.podProxy !== undefined) return fetchThroughPodProxy(request, deps, limits, deltaSeconds);
    const url = new URL(request.url);
    if (deltaSeconds === undefined && request.deltaSeconds !== undefined) url.searchParams.delete('seconds');
    return { bytes: await fetchFromSource({ ...request, url }, deps, address!, limits), url };
  };
  if (request.deltaSeconds === undefined) return fetchOnce(undefined);
  return fetchDeltaProfile(fetchOnce, request.deltaSeconds, {
    decodeOptions: limits.decodeOptions ?? {},
    ...(limits.signal === undefined ? {} : { signal: limits.signal }),
  });
}

async function fetchFromSource(
  request: SourceCaptureRequest,
  deps: CaptureFetchDependencies,
  address: ResolvedAddress,
  { timeoutMs, maxProfileBytes, signal }: CaptureFetchLimits,
): Promise<Uint8Array> {
  let credentials: TlsCredentials | undefined;
  if (request.secret !== undefined) {
    credentials = await deps.secretReader.readTlsCredentials(request.secret);
    deps.policy.checkSecretConsent(request.url, request.secret, credentials.annotations);
  }
  return fetchProfileBytes({
    url: request.url,
    address,
    timeoutMs,
    ...(credentials === undefined ? {} : { credentials }),
    maxProfileBytes,
    ...(deps.httpGet === undefined ? {} : { httpGet: deps.httpGet }),
    ...(signal === undefined ? {} : { signal }),
  });
}

async function fetchThroughPodProxy(
  request: PodCaptureRequest & ProfileCaptureRequest,
  deps: CaptureFetchDependencies,
  { timeoutMs, maxProfileBytes, signal, debug }: CaptureFetchLimits,
  deltaSeconds: number | undefined,
): Promise<CaptureBytes> {
  const fetched = await fetchPodProfile(
    deps.kubeAccess ?? {},
    { namespace: request.pod.namespace, name: request.pod.name, ...request.podProxy },
    {
      type: request.type,
      ...(request.cpuSeconds === undefined ? {} : { seconds: request.cpuSeconds }),
      ...(deltaSeconds === undefined ? {} : { deltaSeconds }),
      ...(debug === undefined ? {} : { debug }),
      maxBytes: maxProfileBytes,
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
      ...(deps.httpGet === undefined ? {} : { httpGet: deps.httpGet }),
    },
  );
  const { port, portName, scheme } = fetched;
  return {
    bytes: fetched.bytes,
    url: fetched.url,
    podProxy: { port, ...(portName === undefined ? {} : { portName }), scheme },
  };
}

/** The goroutine dump, Go's `debug=2` text (every goroutine with its stack and wait), as served. */
export async function fetchGoroutineDump(
  request: CaptureRequest,
  deps: CaptureFetchDependencies,
  address: ResolvedAddress | undefined,
  limits: CaptureFetchLimits,
): Promise<CaptureBytes> {
  const base = { ...request, type: 'Goroutine' as const, deltaSeconds: undefined, cpuSeconds: undefined };
  if (base.podProxy !== undefined) return fetchCaptureBytes(base, deps, address, { ...limits, debug: 2 });
  const url = buildProfileUrl(base.source, 'Goroutine', 0);
  url.searchParams.set('debug', '2');
  return fetchCaptureBytes({ ...base, url }, deps, address, limits);
}
