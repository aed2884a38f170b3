// Captures a profile through the API server's pod proxy (SPEC §6): the port resolved from the
// pod's spec when named or not given, then one bounded GET of
// /api/v1/namespaces/NS/pods/[https:]NAME:PORT/proxy/debug/pprof/TYPE with the kubeconfig's
// credentials, as @kubernetes/client-node applies them. RBAC decides: no Secret, no source URL.

import type https from 'node:https';
import { DEFAULT_MAX_PROFILE_BYTES, PROBE_BODY_BYTES, profileAnswerBody } from './fetch-profile.js';
import { findFittingSeconds, WriteTimeoutExceededError, type ProbeGet } from './target-refusals.js';
import { nodeHttpGet, type HttpGet, type HttpGetResponse } from './http-get.js';
import { connectToKubernetes, statusMessageOf, type KubeAccess, type KubeConnection } from './kube-access.js';
import {
  KubeApiError,
  KubeForbiddenError,
  PodNotFoundError,
  PodUnreachableError,
  podText,
  type PodReference,
} from './pod-errors.js';
import { checkPodReference } from './pod-reference.js';
import { parsePodPort, resolvePodPort, type PodPorts, type ResolvedPodPort } from './pod-port.js';
import { buildProfileUrl } from './profile-url.js';
import type { ProfileType } from './profile-types.js';

export interface PodProfileTarget extends PodReference {
  /** A port number or a container port name, as the user wrote it; absent: SPEC §6's search. */
  readonly port?: string;
  readonly scheme?: 'http' | 'https';
}

export interface PodProfileRequest {
  readonly type: ProfileType;
  /** CPU seconds (Profile only), sent as `?seconds=`; default Go's own, 30. */
  readonly seconds?: number;
  /** Heap, Allocs, Block, Mutex: a delta profile's window, sent as `?seconds=`; none, a snapshot. */
  readonly deltaSeconds?: number;
  /** `?debug=N`: Go's text form (the goroutine dump's `debug=2`), not a profile. */
  readonly debug?: number;
  readonly signal?: AbortSignal;
  /** The largest body accepted; default DEFAULT_MAX_PROFILE_BYTES. */
  readonly maxBytes?: number;
  readonly onProgress?: (bytesReceived: number) => void;
  /** Time limit of each API request; default 60 s, for a CPU profile its seconds plus 60 s. */
  readonly timeoutMs?: number;
  /** The HTTP client edge; default nodeHttpGet. */
  readonly httpGet?: HttpGet;
}

export interface FetchedPodProfile {
  /** The body of the 200 answer exactly as served, not decoded (decode it; profileFetchError names a failure). */
  readonly bytes: Uint8Array;
  readonly pod: PodReference;
  /** The resolved port number. */
  readonly port: number;
  /** The container port's name when it has one. */
  readonly portName?: string;
  readonly scheme: 'http' | 'https';
  /** The API path fetched: /api/v1/namespaces/NS/pods/[https:]NAME:PORT/proxy/debug/pprof/TYPE?… */
  readonly proxyPath: string;
  /** The whole URL fetched (the API server's, with proxyPath): what fetch errors name. */
  readonly url: URL;
}

/** Go's default CPU profile length, when the request gives none. */
const GO_DEFAULT_CPU_SECONDS = 30;
const DEFAULT_TIMEOUT_MS = 60_000;
/** A Pod object is a few kilobytes; this bounds a hostile or broken answer. */
const MAX_POD_OBJECT_BYTES = 4 * 1024 * 1024;

/** Fetches one profile of `target` through the pod proxy; throws pod-errors.ts' and fetch-errors.ts' errors. */
export async function fetchPodProfile(
  access: KubeAccess,
  target: PodProfileTarget,
  request: PodProfileRequest,
): Promise<FetchedPodProfile> {
  // A malformed port is refused before any call to the API server.
  const wanted = target.port === undefined ? undefined : parsePodPort(target.port);
  const pod = checkPodReference(target);
  const api = await kubeApi(access, `fetch pod ${podText(pod)}`);
  const seconds = request.seconds ?? GO_DEFAULT_CPU_SECONDS;
  const windowSeconds = request.type === 'Profile' ? seconds : (request.deltaSeconds ?? 0);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS + windowSeconds * 1000;
  const bounds = { timeoutMs, httpGet: request.httpGet ?? nodeHttpGet, signal: request.signal };
  // A port number needs no look-up: only `get pods/proxy` is then asked of RBAC.
  const resolved: ResolvedPodPort =
    wanted !== undefined && 'number' in wanted
      ? { port: wanted.number }
      : resolvePodPort(pod, await readPodPorts(api, pod, bounds), wanted);
  const scheme = target.scheme ?? 'http';
  const segment = `${scheme === 'https' ? 'https:' : ''}${pod.name}:${resolved.port}`;
  const base = `${api.server}/api/v1/namespaces/${pod.namespace}/pods/${segment}/proxy`;
  const url = buildProfileUrl(base, request.type, seconds, request.deltaSeconds);
  if (request.debug !== undefined) url.searchParams.set('debug', String(request.debug));
  const response = await api.get(url, {
    ...bounds,
    maxBodyBytes: request.maxBytes ?? DEFAULT_MAX_PROFILE_BYTES,
    onProgress: request.onProgress,
  });
  const status = apiStatusOf(response);
  if (status !== undefined) throw proxyFailure(pod, resolved.port, status, response.status);
  return {
    bytes: await podAnswerBody(url, response, (probeUrl) =>
      api.get(probeUrl, { ...bounds, maxBodyBytes: PROBE_BODY_BYTES }),
    ),
    pod,
    port: resolved.port,
    ...(resolved.portName === undefined ? {} : { portName: resolved.portName }),
    scheme,
    proxyPath: `${url.pathname.slice(new URL(api.server).pathname.replace(/\/$/, '').length)}${url.search}`,
    url,
  };
}

/** The profile's body; Go's WriteTimeout refusal with the seconds that fit, asked through the same proxy. */
async function podAnswerBody(url: URL, response: HttpGetResponse, probe: ProbeGet): Promise<Uint8Array> {
  try {
    return profileAnswerBody(url, response);
  } catch (error) {
    if (!(error instanceof WriteTimeoutExceededError)) throw error;
    throw await findFittingSeconds(error, probe);
  }
}

/** Pods of `namespace` matching a label selector (`app=web,tier=api`), in name order. */
export async function listPods(access: KubeAccess, namespace: string, selector: string): Promise<PodReference[]> {
  const action = `list pods in ${namespace} matching ${JSON.stringify(selector)}`;
  checkPodReference({ namespace, name: 'any' });
  const api = await kubeApi(access, action);
  let items: readonly { metadata?: { name?: string } }[];
  try {
    items = (await api.connection.core.listNamespacedPod({ namespace, labelSelector: selector })).items;
  } catch (error) {
    if (!(error instanceof api.connection.k8s.ApiException)) throw unreachable(action, error);
    const { code, body } = error as unknown as { code: number; body: unknown };
    throw apiFailure(action, undefined, { code, message: statusMessageOf(body) }, error);
  }
  return items
    .flatMap((item) => (item.metadata?.name === undefined ? [] : [{ namespace, name: item.metadata.name }]))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface Bounds {
  readonly timeoutMs: number;
  readonly httpGet: HttpGet;
  readonly signal: AbortSignal | undefined;
}

interface KubeApi {
  readonly connection: KubeConnection;
  readonly server: string;
  get(
    url: URL,
    options: Bounds & { maxBodyBytes: number; onProgress?: (bytes: number) => void },
  ): Promise<HttpGetResponse>;
}

/** The loaded kubeconfig and a GET carrying its credentials (agent, CA, client certificate, token). */
async function kubeApi(access: KubeAccess, action: string): Promise<KubeApi> {
  let connection: KubeConnection;
  const options: https.RequestOptions = {};
  try {
    connection = await connectToKubernetes(access);
    await connection.config.applyToHTTPSOptions(options);
  } catch (error) {
    throw new KubeApiError(action, `no Kubernetes access: ${(error as Error).message}`, { cause: error });
  }
  return {
    connection,
    server: connection.server,
    get: (url, { httpGet, signal, onProgress, ...rest }) =>
      httpGet({
        url,
        connection: options,
        ...rest,
        ...(signal === undefined ? {} : { signal }),
        ...(onProgress === undefined ? {} : { onProgress }),
      }),
  };
}

/** GET pods/NAME: the containers' ports, for a port name or SPEC §6's search. */
async function readPodPorts(api: KubeApi, pod: PodReference, bounds: Bounds): Promise<PodPorts> {
  const action = `get pod ${podText(pod)}`;
  const url = new URL(`${api.server}/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`);
  const response = await api.get(url, { ...bounds, maxBodyBytes: MAX_POD_OBJECT_BYTES });
  if (response.status !== 200) {
    throw apiFailure(action, pod, apiStatusOf(response) ?? { code: response.status, message: undefined });
  }
  const object = parseJson(response.body) as { kind?: unknown; spec?: { containers?: unknown } } | undefined;
  if (object?.kind !== 'Pod' || !Array.isArray(object.spec?.containers)) {
    throw new KubeApiError(action, 'the API server answered 200 without a Pod object');
  }
  return { containers: object.spec.containers as PodPorts['containers'] };
}

interface ApiStatus {
  readonly code: number;
  readonly message: string | undefined;
}

/** The API server's own answer (a Status object), as opposed to the target's answer passed through. */
function apiStatusOf(response: HttpGetResponse): ApiStatus | undefined {
  if (response.status === 200) return undefined;
  const type = response.headers['content-type'];
  if (typeof type !== 'string' || !type.startsWith('application/json')) return undefined;
  const object = parseJson(response.body) as { kind?: unknown; code?: unknown } | undefined;
  if (object?.kind !== 'Status') return undefined;
  return { code: response.status, message: statusMessageOf(object) };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined; // not JSON: not the API server's Status (the caller says what came instead)
  }
}

/** The proxy's own refusals: RBAC, a missing pod, a port that refuses (502/503), anything else. */
function proxyFailure(pod: PodReference, port: number, status: ApiStatus, httpStatus: number): Error {
  if (httpStatus === 502 || httpStatus === 503) return new PodUnreachableError(pod, port, httpStatus, status.message);
  return apiFailure(`fetch pod ${podText(pod)} port ${port}`, pod, status);
}

function apiFailure(action: string, pod: PodReference | undefined, status: ApiStatus, cause?: unknown): Error {
  const message = status.message ?? `HTTP ${status.code}`;
  const options = cause === undefined ? {} : { cause };
  if (status.code === 403) return new KubeForbiddenError(action, message, options);
  if (status.code === 404 && pod !== undefined) return new PodNotFoundError(pod, message, options);
  const quoted = status.message === undefined ? '' : `: ${status.message}`;
  return new KubeApiError(action, `the API server answered HTTP ${status.code}${quoted}`, options);
}

function unreachable(action: string, error: unknown): KubeApiError {
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? `${(error as Error).message} (${code})` : (error as Error).message;
  return new KubeApiError(action, `the API server could not be reached: ${reason}`, { cause: error });
}
