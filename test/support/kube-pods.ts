// The pod calls of the API-server stand-in (kube-api-server.ts): `GET pods/NAME` and
// `GET pods?labelSelector=` with real Pod and PodList objects, and the proxy subresource
// `pods/[https:]NAME:PORT/proxy/...` forwarding to a real loopback server (a Go target), with the
// API server's own Status answers: 403 (RBAC, worded as kube-apiserver words it), 404, and the
// 503 of a port that refuses.

import http from 'node:http';
import https from 'node:https';

/** Who the stand-in says is asking, in its 403s: the processor's ServiceAccount. */
export const KUBE_API_USER = 'system:serviceaccount:kubediag:go-profiler';

export interface ContainerPortDeclaration {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** A pod as a test declares it: `kube.pods.set('shop/web-0', { ... })`. */
export interface PodDeclaration {
  readonly labels?: Readonly<Record<string, string>>;
  /** Containers and their ports; default one container `app` without ports. */
  readonly containers?: readonly { readonly name: string; readonly ports?: readonly ContainerPortDeclaration[] }[];
  /**
   * What listens on each pod port: a loopback base URL (`GoTarget.url`, http or https). A port
   * not listed refuses, as would a pod with nothing on it.
   */
  readonly serve?: Readonly<Record<number, string>>;
  /** The pod IP the API server would dial (only shown in its messages); default 10.244.0.N. */
  readonly ip?: string;
}

/** Denials, as `VERB RESOURCE NS[/NAME]`: `get pods/proxy shop/web-1`, `get pods shop/web-1`, `list pods shop`. */
export type KubeDenials = Set<string>;

type Send = (code: number, body: object) => void;

/** Answers a pod path, or returns false when the path is not one of the pod calls. */
export function answerPodRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  send: Send,
  pods: ReadonlyMap<string, PodDeclaration>,
  denied: KubeDenials,
): boolean {
  const url = new URL(req.url ?? '/', 'https://stand-in');
  const list = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
  if (list !== null) {
    answerPodList(decodeURIComponent(list[1]!), url.searchParams.get('labelSelector') ?? '', send, pods, denied);
    return true;
  }
  const one = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(\/proxy(\/.*)?)?$/.exec(url.pathname);
  if (one === null) return false;
  const namespace = decodeURIComponent(one[1]!);
  const segment = decodeURIComponent(one[2]!);
  if (one[3] === undefined) {
    answerPod(namespace, segment, send, pods, denied);
    return true;
  }
  const [scheme, name, port] = splitSchemeNamePort(segment);
  if (forbidden(send, denied, 'get', 'pods/proxy', namespace, name)) return true;
  const pod = pods.get(`${namespace}/${name}`);
  if (pod === undefined) {
    send(404, notFound(name));
    return true;
  }
  forwardToPod(res, send, { namespace, name, pod, scheme, port, rest: `${one[4] ?? '/'}${url.search}` }, pods);
  return true;
}

function answerPod(
  namespace: string,
  name: string,
  send: Send,
  pods: ReadonlyMap<string, PodDeclaration>,
  denied: KubeDenials,
) {
  if (forbidden(send, denied, 'get', 'pods', namespace, name)) return;
  const pod = pods.get(`${namespace}/${name}`);
  if (pod === undefined) send(404, notFound(name));
  else send(200, podObject(namespace, name, pod, pods));
}

function answerPodList(
  namespace: string,
  selector: string,
  send: Send,
  pods: ReadonlyMap<string, PodDeclaration>,
  denied: KubeDenials,
) {
  if (forbidden(send, denied, 'list', 'pods', namespace, undefined)) return;
  const matches = parseSelector(selector);
  if (typeof matches === 'string') {
    send(400, status(400, 'BadRequest', `unable to parse requirement: ${matches}`));
    return;
  }
  // etcd lists by key: the items come in name order.
  const items = [...pods.keys()]
    .filter((key) => key.startsWith(`${namespace}/`))
    .sort()
    .map((key) => [key.slice(namespace.length + 1), pods.get(key)!] as const)
    .filter(([, pod]) => matches(pod.labels ?? {}))
    .map(([name, pod]) => podObject(namespace, name, pod, pods));
  send(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
}

/** A label selector as a predicate: `a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-separated (ANDed); else why not. */
function parseSelector(selector: string): ((labels: Readonly<Record<string, string>>) => boolean) | string {
  const tests: ((labels: Readonly<Record<string, string>>) => boolean)[] = [];
  for (const term of selector.split(',').map((part) => part.trim())) {
    if (term === '') continue;
    const match = /^(!?)([A-Za-z0-9._/-]+)(?:\s*(==|=|!=)\s*([A-Za-z0-9._-]*))?$/.exec(term);
    if (match === null) return `found ${JSON.stringify(term)}, expected: key, !key, key=value or key!=value`;
    const [, not, key, op, value] = match as unknown as [string, string, string, string | undefined, string];
    if (op === undefined) tests.push((labels) => Object.hasOwn(labels, key) !== (not === '!'));
    else if (not === '!') return `found ${JSON.stringify(term)}: "!" goes only before a bare key`;
    else if (op === '!=') tests.push((labels) => labels[key] !== value);
    else tests.push((labels) => labels[key] === value);
  }
  return (labels) => tests.every((test) => test(labels));
}

/** `https:web-0:6060` → ['https', 'web-0', '6060'], as utilnet.SplitSchemeNamePort reads it. */
function splitSchemeNamePort(segment: string): [string, string, string] {
  const parts = segment.split(':');
  if (parts.length === 3) return [parts[0]!, parts[1]!, parts[2]!];
  if (parts.length === 2) return ['', parts[0]!, parts[1]!];
  return ['', segment, ''];
}

interface ProxyCall {
  readonly namespace: string;
  readonly name: string;
  readonly pod: PodDeclaration;
  readonly scheme: string;
  readonly port: string;
  /** The path under the pod and its query, as forwarded. */
  readonly rest: string;
}

/** Forwards as kube-apiserver does: its own headers dropped, the answer passed through, a dial failure a 503 Status. */
function forwardToPod(
  res: http.ServerResponse,
  send: Send,
  call: ProxyCall,
  pods: ReadonlyMap<string, PodDeclaration>,
) {
  const { pod } = call;
  // kube-apiserver does not resolve port names for pods: without a port, the first declared one.
  const port =
    call.port !== '' ? call.port : String(pod.containers?.flatMap((c) => c.ports ?? [])[0]?.containerPort ?? '');
  const ip = podIp(call.namespace, call.name, pod, pods);
  const dialed = `${ip}:${port}`;
  const reachFailure = (reason: string) =>
    send(503, status(503, 'ServiceUnavailable', `error trying to reach service: ${reason}`));
  const base = /^\d+$/.test(port) ? pod.serve?.[Number(port)] : undefined;
  if (!/^\d+$/.test(port)) {
    reachFailure(`dial tcp: lookup tcp/${port}: unknown port`);
    return;
  }
  if (base === undefined) {
    reachFailure(`dial tcp ${dialed}: connect: connection refused`);
    return;
  }
  const target = new URL(base);
  const secure = call.scheme === 'https';
  const options: https.RequestOptions = {
    host: target.hostname,
    port: target.port,
    path: call.rest,
    method: 'GET',
    headers: { accept: '*/*', 'user-agent': 'kube-apiserver-stand-in' },
    agent: false,
    // kube-apiserver does not verify a pod's certificate (its proxy transport skips it).
    rejectUnauthorized: false,
  };
  const forward = (secure ? https : http).request(options, (answer) => {
    const headers = { ...answer.headers };
    delete headers.connection;
    delete headers['transfer-encoding'];
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  forward.on('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) res.destroy();
    else if (error.code === 'ECONNREFUSED') reachFailure(`dial tcp ${dialed}: connect: connection refused`);
    else if (secure && error.code === 'EPROTO') reachFailure('tls: first record does not look like a TLS handshake');
    else reachFailure(`read tcp ${dialed}: ${error.code ?? error.message}`);
  });
  res.on('close', () => forward.destroy());
  forward.end();
}

function podObject(namespace: string, name: string, pod: PodDeclaration, pods: ReadonlyMap<string, PodDeclaration>) {
  const ip = podIp(namespace, name, pod, pods);
  const containers = pod.containers ?? [{ name: 'app' }];
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      namespace,
      uid: `0b5c2f1e-7a4d-4e2b-9c1f-${String([...pods.keys()].indexOf(`${namespace}/${name}`)).padStart(12, '0')}`,
      resourceVersion: '1',
      creationTimestamp: '2026-01-01T00:00:00Z',
      ...(pod.labels === undefined ? {} : { labels: pod.labels }),
    },
    spec: {
      nodeName: 'node-1',
      containers: containers.map((container) => ({
        name: container.name,
        image: 'registry.example/go-service:1.0',
        ...(container.ports === undefined
          ? {}
          : { ports: container.ports.map((port) => ({ protocol: 'TCP', ...port })) }),
      })),
    },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
  };
}

function podIp(namespace: string, name: string, pod: PodDeclaration, pods: ReadonlyMap<string, PodDeclaration>) {
  return pod.ip ?? `10.244.0.${[...pods.keys()].indexOf(`${namespace}/${name}`) + 10}`;
}

/** RBAC's answer, worded as kube-apiserver's authorizer words it; true when the request was denied. */
function forbidden(send: Send, denied: KubeDenials, verb: string, resource: string, namespace: string, name?: string) {
  const key = `${verb} ${resource} ${namespace}${name === undefined ? '' : `/${name}`}`;
  if (!denied.has(key)) return false;
  const subject = name === undefined ? 'pods' : `pods "${name}"`;
  const message = `${subject} is forbidden: User "${KUBE_API_USER}" cannot ${verb} resource "${resource}" in API group "" in the namespace "${namespace}"`;
  send(403, {
    ...status(403, 'Forbidden', message),
    details: { ...(name === undefined ? {} : { name }), kind: 'pods' },
  });
  return true;
}

function notFound(name: string) {
  return { ...status(404, 'NotFound', `pods "${name}" not found`), details: { name, kind: 'pods' } };
}

export function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}
