// fetchPodProfile and listPods with the real @kubernetes/client-node through a real kubeconfig,
// against the loopback API-server stand-in forwarding to real Go targets (http and https): the
// port search of SPEC §6, names and numbers, the API's 403 quoted, 404, a refusing port, Go's own
// error through the proxy, the bounds (size cap, progress, abort) and the label selector.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { errorAnswerOf } from '../src/errors/index.js';
import { fetchPodProfile, listPods, type KubeAccess } from '../src/fetch/index.js';
import { decodeProfile } from '../src/pprof/index.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { isCpuProfileRunning, startGoTarget, type GoTarget } from './support/go-target.js';
import { KUBE_API_USER, startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { waitFor } from './support/wait-for.js';

let certs: TestCertificates;
let target: GoTarget;
let tlsTarget: GoTarget;
let kube: KubeApiServer;
let access: KubeAccess;
/** A loopback port that was listening and is closed: connecting to it is refused. */
let closedPortUrl: string;
/** A loopback server that redirects the heap profile elsewhere. */
let redirecting: http.Server;

before(async () => {
  certs = await makeCertificates();
  [target, tlsTarget, kube] = await Promise.all([
    startGoTarget(['-stacks', '8', '-cpu', '1']),
    startGoTarget(['-tls', '-cert', certs.serverCertFile, '-key', certs.serverKeyFile, '-stacks', '4', '-cpu', '0']),
    startKubeApiServer(certs),
  ]);
  access = { kubeconfigPath: kube.kubeconfigPath };
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPortUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
  redirecting = http.createServer((_req, res) => {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
    res.end();
  });
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  const redirectingUrl = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
  const pprofPorts = [
    { name: 'http', containerPort: 8080 },
    { name: 'pprof', containerPort: 7070 },
  ];
  kube.pods.set('shop/web-0', {
    labels: { app: 'web', tier: 'api' },
    containers: [{ name: 'app', ports: pprofPorts }],
    serve: { 7070: target.url, 8080: target.url },
  });
  kube.pods.set('shop/web-2', {
    labels: { app: 'web', tier: 'api' },
    containers: [{ name: 'app' }, { name: 'sidecar', ports: [{ name: 'metrics', containerPort: 9090 }] }],
    serve: { 9090: target.url },
  });
  kube.pods.set('shop/web-1', { labels: { app: 'web', tier: 'batch' }, serve: { 6060: target.url } });
  kube.pods.set('shop/secure-0', {
    containers: [{ name: 'app', ports: [{ name: 'https-pprof', containerPort: 8443 }] }],
    serve: { 8443: tlsTarget.url },
  });
  kube.pods.set('shop/refusing-0', { serve: { 6060: closedPortUrl } });
  kube.pods.set('shop/redirecting-0', { serve: { 6060: redirectingUrl } });
  kube.pods.set('shop/forbidden-0', { serve: { 6060: target.url } });
  kube.pods.set('other/web-0', { labels: { app: 'web' }, serve: { 6060: target.url } });
  kube.denied.add('get pods/proxy shop/forbidden-0');
  kube.denied.add('list pods secret-ns');
});

after(async () => {
  redirecting?.close();
  await Promise.all([target?.stop(), tlsTarget?.stop(), kube?.close()]);
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
});

function sampleTypesOf(bytes: Uint8Array): string[] {
  return decodeProfile(bytes).sampleTypes.map((sampleType) => sampleType.type);
}

describe('fetchPodProfile through the pod proxy', () => {
  it('finds the port named pprof in the pod spec and fetches the heap profile', async () => {
    const before = kube.requests.length;
    const fetched = await fetchPodProfile(access, { namespace: 'shop', name: 'web-0' }, { type: 'Heap' });
    assert.deepEqual(
      { pod: fetched.pod, port: fetched.port, portName: fetched.portName, scheme: fetched.scheme },
      { pod: { namespace: 'shop', name: 'web-0' }, port: 7070, portName: 'pprof', scheme: 'http' },
    );
    assert.equal(fetched.proxyPath, '/api/v1/namespaces/shop/pods/web-0:7070/proxy/debug/pprof/heap');
    assert.equal(fetched.url.toString(), `${kube.url}${fetched.proxyPath}`);
    assert.deepEqual(sampleTypesOf(fetched.bytes), ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    assert.deepEqual(kube.requests.slice(before), ['/api/v1/namespaces/shop/pods/web-0', fetched.proxyPath]);
  });

  it('searches http-pprof, then metrics, across containers, else takes 6060', async () => {
    const metrics = await fetchPodProfile(access, { namespace: 'shop', name: 'web-2' }, { type: 'Goroutine' });
    assert.deepEqual([metrics.port, metrics.portName], [9090, 'metrics']);
    assert.deepEqual(sampleTypesOf(metrics.bytes), ['goroutine']);
    const fallback = await fetchPodProfile(access, { namespace: 'shop', name: 'web-1' }, { type: 'Goroutine' });
    assert.deepEqual(
      [fallback.port, fallback.portName, fallback.proxyPath],
      [6060, undefined, '/api/v1/namespaces/shop/pods/web-1:6060/proxy/debug/pprof/goroutine'],
    );
  });

  it('takes a port number without reading the pod, and a port name from its spec', async () => {
    const before = kube.requests.length;
    const byNumber = await fetchPodProfile(
      access,
      { namespace: 'shop', name: 'web-0', port: '8080' },
      { type: 'Allocs' },
    );
    assert.deepEqual(kube.requests.slice(before), ['/api/v1/namespaces/shop/pods/web-0:8080/proxy/debug/pprof/allocs']);
    assert.deepEqual([byNumber.port, byNumber.portName], [8080, undefined]);
    const byName = await fetchPodProfile(
      access,
      { namespace: 'shop', name: 'web-0', port: 'http' },
      { type: 'Allocs' },
    );
    assert.deepEqual([byName.port, byName.portName], [8080, 'http']);
  });

  it('speaks https to the pod when asked, through the https: prefix', async () => {
    const fetched = await fetchPodProfile(
      access,
      { namespace: 'shop', name: 'secure-0', port: 'https-pprof', scheme: 'https' },
      { type: 'Profile', seconds: 1 },
    );
    assert.equal(
      fetched.proxyPath,
      '/api/v1/namespaces/shop/pods/https:secure-0:8443/proxy/debug/pprof/profile?seconds=1',
    );
    assert.equal(fetched.scheme, 'https');
    assert.deepEqual(sampleTypesOf(fetched.bytes), ['samples', 'cpu']);
  });

  it('is a 500 naming the pod and port when https meets a plain-http port', async () => {
    const error = await rejection(
      fetchPodProfile(access, { namespace: 'shop', name: 'web-0', scheme: 'https' }, { type: 'Heap' }),
    );
    assert.match(
      error.message,
      /^fetch pod shop\/web-0 port 7070: the API server could not reach it \(HTTP 503: error trying to reach service: tls: first record does not look like a TLS handshake\)$/,
    );
  });

  it("quotes the API server's 403, which names the missing permission", async () => {
    const error = await rejection(
      fetchPodProfile(access, { namespace: 'shop', name: 'forbidden-0' }, { type: 'Heap' }),
    );
    // `get pods` is allowed (the port search reads the pod), `get pods/proxy` is not.
    assert.equal(error.name, 'KubeForbiddenError');
    assert.equal(
      error.message,
      `fetch pod shop/forbidden-0 port 6060: the API server answered 403: pods "forbidden-0" is forbidden: User "${KUBE_API_USER}" cannot get resource "pods/proxy" in API group "" in the namespace "shop"`,
    );
    assert.equal(errorAnswerOf(error)?.status, 403);
  });

  it('is a 404 for a pod the API server does not know, with or without a port', async () => {
    const read = await rejection(fetchPodProfile(access, { namespace: 'shop', name: 'gone-0' }, { type: 'Heap' }));
    assert.equal(read.message, 'find pod shop/gone-0: the API server answered 404: pods "gone-0" not found');
    const proxied = await rejection(
      fetchPodProfile(access, { namespace: 'shop', name: 'gone-0', port: '6060' }, { type: 'Heap' }),
    );
    assert.equal(proxied.message, 'find pod shop/gone-0: the API server answered 404: pods "gone-0" not found');
    assert.deepEqual([errorAnswerOf(read)?.status, errorAnswerOf(proxied)?.status], [404, 404]);
  });

  it('is a 500 naming the pod and port when the port refuses', async () => {
    const error = await rejection(fetchPodProfile(access, { namespace: 'shop', name: 'refusing-0' }, { type: 'Heap' }));
    assert.equal(error.name, 'PodUnreachableError');
    assert.match(
      error.message,
      /^fetch pod shop\/refusing-0 port 6060: the API server could not reach it \(HTTP 503: error trying to reach service: dial tcp 10\.244\.0\.\d+:6060: connect: connection refused\)$/,
    );
    assert.equal(errorAnswerOf(error)?.status, 500);
  });

  it('names a port name the pod does not declare, listing those it does', async () => {
    const error = await rejection(
      fetchPodProfile(access, { namespace: 'shop', name: 'web-0', port: 'debug' }, { type: 'Heap' }),
    );
    assert.equal(
      error.message,
      'find port debug of pod shop/web-0: no container port has this name (the pod declares http (8080), pprof (7070))',
    );
    assert.equal(errorAnswerOf(error)?.status, 400);
  });

  it("quotes Go's own error passed through the proxy (a second CPU profile)", async () => {
    const first = fetchPodProfile(access, { namespace: 'shop', name: 'web-1' }, { type: 'Profile', seconds: 2 });
    await waitFor(() => isCpuProfileRunning(target), 'the first CPU profile to run');
    const error = await rejection(
      fetchPodProfile(access, { namespace: 'shop', name: 'web-1' }, { type: 'Profile', seconds: 1 }),
    );
    assert.equal(error.name, 'CpuProfilingInUseError');
    assert.equal(
      error.message,
      `fetch ${kube.url}/api/v1/namespaces/shop/pods/web-1:6060/proxy/debug/pprof/profile?seconds=1: the target is already running a CPU profile (Go answered "Could not enable CPU profiling: cpu profiling already in use"), so wait until it ends and capture again`,
    );
    assert.equal(errorAnswerOf(error)?.status, 409);
    assert.deepEqual(sampleTypesOf((await first).bytes), ['samples', 'cpu']);
  });

  it("never follows a redirect from the pod's program", async () => {
    const error = await rejection(
      fetchPodProfile(access, { namespace: 'shop', name: 'redirecting-0' }, { type: 'Heap' }),
    );
    assert.equal(error.name, 'FetchRedirectError');
    assert.equal(
      error.message,
      `fetch ${kube.url}/api/v1/namespaces/shop/pods/redirecting-0:6060/proxy/debug/pprof/heap: the target answered HTTP 302 redirecting to "http://169.254.169.254/latest/meta-data/" (redirects are not followed)`,
    );
  });

  it('caps the body, reports progress, and stops when aborted', async () => {
    const progress: number[] = [];
    const fetched = await fetchPodProfile(
      access,
      { namespace: 'shop', name: 'web-0' },
      { type: 'Heap', onProgress: (bytes) => progress.push(bytes) },
    );
    assert.equal(progress.at(-1), fetched.bytes.length);
    assert.deepEqual(
      progress,
      [...progress].sort((a, b) => a - b),
    );
    const tooLarge = await rejection(
      fetchPodProfile(access, { namespace: 'shop', name: 'web-0', port: '7070' }, { type: 'Heap', maxBytes: 100 }),
    );
    assert.equal(tooLarge.name, 'FetchTooLargeError');
    assert.match(tooLarge.message, /: the answer exceeds the limit of 100 bytes$/);
    const controller = new AbortController();
    const cpu = fetchPodProfile(
      access,
      { namespace: 'shop', name: 'web-1', port: '6060' },
      { type: 'Profile', seconds: 30, signal: controller.signal },
    );
    await waitFor(() => isCpuProfileRunning(target), 'the first CPU profile to run');
    controller.abort(new Error('the caller hung up'));
    assert.equal((await rejection(cpu)).message, 'the caller hung up');
  });

  it('refuses a bad port or pod name before asking the API server', async () => {
    const before = kube.requests.length;
    const port = await rejection(
      fetchPodProfile(access, { namespace: 'shop', name: 'web-0', port: '0' }, { type: 'Heap' }),
    );
    assert.equal(port.message, 'parse port "0": a port number is 1 to 65535');
    const name = await rejection(fetchPodProfile(access, { namespace: 'shop', name: 'web-0:1/x' }, { type: 'Heap' }));
    assert.equal(name.message, 'parse pod.name "web-0:1/x": not a pod name (a DNS-1123 subdomain)');
    assert.equal(kube.requests.length, before);
  });

  it('says when the kubeconfig has no such context', async () => {
    const error = await rejection(
      fetchPodProfile({ ...access, context: 'prod' }, { namespace: 'shop', name: 'web-0' }, { type: 'Heap' }),
    );
    assert.equal(error.name, 'KubeApiError');
    assert.equal(
      error.message,
      'fetch pod shop/web-0: no Kubernetes access: the kubeconfig has no context named "prod"',
    );
  });
});

describe('listPods', () => {
  it('lists the pods a label selector matches, in name order, in one namespace', async () => {
    assert.deepEqual(await listPods(access, 'shop', 'app=web'), [
      { namespace: 'shop', name: 'web-0' },
      { namespace: 'shop', name: 'web-1' },
      { namespace: 'shop', name: 'web-2' },
    ]);
    assert.deepEqual(await listPods(access, 'shop', 'app=web,tier=api'), [
      { namespace: 'shop', name: 'web-0' },
      { namespace: 'shop', name: 'web-2' },
    ]);
    assert.deepEqual(await listPods(access, 'shop', 'app=web,tier!=api'), [{ namespace: 'shop', name: 'web-1' }]);
    assert.deepEqual(await listPods(access, 'shop', 'app=db'), []);
  });

  it("quotes the API server's 403 for a namespace the user may not list", async () => {
    const error = await rejection(listPods(access, 'secret-ns', 'app=web'));
    assert.equal(error.name, 'KubeForbiddenError');
    assert.equal(
      error.message,
      `list pods in secret-ns matching "app=web": the API server answered 403: pods is forbidden: User "${KUBE_API_USER}" cannot list resource "pods" in API group "" in the namespace "secret-ns"`,
    );
  });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected a rejection');
}
