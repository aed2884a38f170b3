// A loopback HTTPS server answering what @kubernetes/client-node asks when it reads a Secret
// (GET /api/v1/namespaces/NS/secrets/NAME) with real Secret and Status objects, and a kubeconfig
// pointing at it, so the Secret is read through the real client, kubeconfig and TLS. Secrets may
// carry annotations (the allowed-sources consent of SPEC §5). The pod calls (a pod, a list by
// label selector, the proxy subresource to a real Go target) are kube-pods.ts'.

import { writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestCertificates } from './certificates.js';
import { answerPodRequest, status, type KubeDenials, type PodDeclaration } from './kube-pods.js';

export { KUBE_API_USER, type PodDeclaration } from './kube-pods.js';

/** The API's own bearer token (in the kubeconfig); requests without it get 401 as from a real server. */
export const KUBE_API_TOKEN = 'kube-api-test-token';

export interface KubeApiServer {
  readonly url: string;
  readonly kubeconfigPath: string;
  /** Paths requested, in order. */
  readonly requests: string[];
  /** Secrets served, by "namespace/name": data values in plain text (base64-encoded when served). */
  readonly secrets: Map<string, Record<string, string>>;
  /** Annotations of the Secrets above, by "namespace/name"; none when absent. */
  readonly annotations: Map<string, Record<string, string>>;
  /** Pods served, by "namespace/name" (see PodDeclaration: labels, containers and ports, what serves each port). */
  readonly pods: Map<string, PodDeclaration>;
  /** Requests RBAC denies (403), as `VERB RESOURCE NS[/NAME]`: `get pods/proxy shop/web-1`, `list pods shop`. */
  readonly denied: KubeDenials;
  close(): Promise<void>;
}

/** The annotation naming where a Secret's token may go (SPEC §5), as a user writes it. */
export const ALLOWED_SOURCES = 'go-profiler.kubediag.org/allowed-sources';

/** `{ [ALLOWED_SOURCES]: "https://HOST:PORT,..." }` for these source URLs (their origins). */
export function allowedSources(...sources: string[]): Record<string, string> {
  return { [ALLOWED_SOURCES]: sources.map((source) => new URL(source).origin).join(',') };
}

export async function startKubeApiServer(certs: TestCertificates): Promise<KubeApiServer> {
  const secrets = new Map<string, Record<string, string>>();
  const annotations = new Map<string, Record<string, string>>();
  const pods = new Map<string, PodDeclaration>();
  const denied: KubeDenials = new Set();
  const requests: string[] = [];
  const server = https.createServer({ cert: certs.serverCertPem, key: certs.serverKeyPem }, (req, res) => {
    requests.push(req.url ?? '');
    const send = (code: number, body: object) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${KUBE_API_TOKEN}`) {
      send(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (req.method === 'GET' && answerPodRequest(req, res, send, pods, denied)) return;
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/?]+)/.exec(req.url ?? '');
    if (req.method !== 'GET' || match === null) {
      send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const [namespace, name] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
    const data = secrets.get(`${namespace}/${name}`);
    if (data === undefined) {
      send(404, { ...status(404, 'NotFound', `secrets "${name}" not found`), details: { name, kind: 'secrets' } });
      return;
    }
    const metadata = { name, namespace, uid: '6f1c2a52-8f5e-4f0e-9d1e-3c1b2a4d5e6f', resourceVersion: '1' };
    const annotated = annotations.get(`${namespace}/${name}`);
    send(200, {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: annotated === undefined ? metadata : { ...metadata, annotations: annotated },
      type: 'Opaque',
      data: Object.fromEntries(
        Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfigPath = path.join(certs.dir, 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      '  cluster:',
      `    server: ${url}`,
      `    certificate-authority-data: ${Buffer.from(certs.caPem).toString('base64')}`,
      'users:',
      '- name: test',
      '  user:',
      `    token: ${KUBE_API_TOKEN}`,
      'contexts:',
      '- name: test',
      '  context: {cluster: test, user: test, namespace: default}',
      'current-context: test',
      '',
    ].join('\n'),
  );
  return {
    url,
    kubeconfigPath,
    requests,
    secrets,
    annotations,
    pods,
    denied,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
