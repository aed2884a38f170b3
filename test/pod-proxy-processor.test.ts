// The processor by pod reference (SPEC §6), end to end: a POST without a source but with the
// executor's pod keys captures through the API server's pod proxy with the processor's own
// kubeconfig (the real client, against the loopback stand-in forwarding to a real Go target).
// The 200 answer, the stored file under the pod segment, its sidecar; the API's 403 quoted, 404,
// a refusing port, a bad key — and nothing stored on failure.

import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listCaptures } from '../src/store/index.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { goToolPprof } from './support/go-pprof.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { KUBE_API_USER, startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';

const P = 'param.diagnoser.runtime.go_profiler.';
const R = 'diagnoser.runtime.go_profiler.result.';

let certs: TestCertificates;
let target: GoTarget;
let kube: KubeApiServer;
let processor: TestProcessor;

before(async () => {
  certs = await makeCertificates();
  [target, kube] = await Promise.all([startGoTarget(['-stacks', '8', '-cpu', '1']), startKubeApiServer(certs)]);
  kube.pods.set('shop/web-0', {
    labels: { app: 'web' },
    containers: [{ name: 'app', ports: [{ name: 'pprof', containerPort: 6061 }] }],
    serve: { 6061: target.url },
  });
  kube.pods.set('shop/web-1', { serve: {} });
  kube.pods.set('shop/private-0', { serve: { 6060: target.url } });
  kube.denied.add('get pods/proxy shop/private-0');
  processor = await startTestProcessor({ kubeconfigPath: kube.kubeconfigPath });
});

after(async () => {
  await processor?.close();
  await Promise.all([target?.stop(), kube?.close()]);
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
});

/** What KubeDiag's executor sends for a Diagnosis on a pod, with no source. */
function byPod(name: string, extra: object = {}) {
  return {
    [`${P}type`]: 'Heap',
    [`${P}expiration_seconds`]: 300,
    'diagnosis.namespace': 'shop',
    'diagnosis.name': 'slow-web',
    'pod.namespace': 'shop',
    'pod.name': name,
    container: 'app',
    node: 'node-1',
    ...extra,
  };
}

describe('POST /processor/goProfiler by pod reference', () => {
  it('captures through the pod proxy, stores under the pod segment and records pod, port and scheme', async () => {
    const { status, json } = await processor.post(byPod('web-0'));
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json[`${R}pod`], 'shop/web-0');
    assert.equal(json[`${R}type`], 'Heap');
    assert.match(
      String(json[`${R}endpoint`]),
      /^Visit http:\/\/127\.0\.0\.1:\d+, this server will expire in 300 seconds\.$/,
    );
    const file = String(json[`${R}file`]);
    assert.match(file, /^profilers\/go\/pprof\/shop\.web-0\.app\/\d{14}\/shop\.slow-web\.Heap\.prof$/);
    assert.ok(kube.requests.includes('/api/v1/namespaces/shop/pods/web-0:6061/proxy/debug/pprof/heap'));
    // The stored bytes are a profile pprof reads, and the viewer serves them.
    const top = await goToolPprof(['-top', path.join(processor.dataRoot, file)]);
    assert.match(top, /^Type: inuse_space$/m);
    assert.equal((await fetch(`http://127.0.0.1:${viewerPort(json)}/download`)).status, 200);
    const sidecar = JSON.parse(readFileSync(path.join(processor.dataRoot, file.replace(/\.prof$/, '.json')), 'utf8'));
    assert.deepEqual(
      { source: sidecar.source, url: sidecar.url, type: sidecar.type, pod: sidecar.pod },
      {
        source: 'pod/shop/web-0',
        url: `${kube.url}/api/v1/namespaces/shop/pods/web-0:6061/proxy/debug/pprof/heap`,
        type: 'Heap',
        pod: {
          namespace: 'shop',
          name: 'web-0',
          container: 'app',
          node: 'node-1',
          port: 6061,
          portName: 'pprof',
          scheme: 'http',
        },
      },
    );
  });

  it('takes port and CPU seconds from the request', async () => {
    const { status, json } = await processor.post(
      byPod('web-0', { [`${P}type`]: 'profile', port: '6061', [`${P}seconds`]: 1 }),
    );
    assert.equal(status, 200, JSON.stringify(json));
    assert.ok(kube.requests.includes('/api/v1/namespaces/shop/pods/web-0:6061/proxy/debug/pprof/profile?seconds=1'));
    const top = await goToolPprof(['-top', path.join(processor.dataRoot, String(json[`${R}file`]))]);
    assert.match(top, /^Type: cpu$/m);
  });

  it("answers the API server's 403 quoting it, 404 for a missing pod, 500 for a refusing port, storing nothing", async () => {
    const stored = (await listCaptures(processor.dataRoot)).length;
    const cases: [string, number, string | RegExp][] = [
      [
        'private-0',
        403,
        `fetch pod shop/private-0 port 6060: the API server answered 403: pods "private-0" is forbidden: User "${KUBE_API_USER}" cannot get resource "pods/proxy" in API group "" in the namespace "shop"`,
      ],
      ['gone-0', 404, 'find pod shop/gone-0: the API server answered 404: pods "gone-0" not found'],
      [
        'web-1',
        500,
        /^fetch pod shop\/web-1 port 6060: the API server could not reach it \(HTTP 503: error trying to reach service: dial tcp 10\.244\.0\.\d+:6060: connect: connection refused\)$/,
      ],
    ];
    for (const [name, code, error] of cases) {
      const { status, json } = await processor.post(byPod(name));
      assert.equal(status, code, `${name}: ${JSON.stringify(json)}`);
      if (typeof error === 'string') assert.deepEqual(json, { error });
      else assert.match(String(json.error), error);
    }
    assert.equal((await listCaptures(processor.dataRoot)).length, stored, 'nothing stored on failure');
  });

  it('answers 500 when the processor has no Kubernetes access, and keeps serving', async () => {
    const other = await startTestProcessor({ kubeconfigPath: path.join(certs.dir, 'no-such-kubeconfig') });
    try {
      const { status, json } = await other.post(byPod('web-0'));
      assert.equal(status, 500);
      assert.match(String(json.error), /^fetch pod shop\/web-0: no Kubernetes access: ENOENT/);
      assert.deepEqual(await listCaptures(other.dataRoot), []);
    } finally {
      await other.close();
    }
  });

  it('answers 400 naming the key for a port the pod does not declare, or a bad scheme', async () => {
    const missing = await processor.post(byPod('web-0', { [`${P}port`]: 'debug' }));
    assert.deepEqual(
      [missing.status, missing.json],
      [
        400,
        {
          error: 'find port debug of pod shop/web-0: no container port has this name (the pod declares pprof (6061))',
          key: `${P}port`,
        },
      ],
    );
    const scheme = await processor.post(byPod('web-0', { [`${P}scheme`]: 'gopher' }));
    assert.deepEqual(
      [scheme.status, scheme.json],
      [400, { error: `parse request key ${P}scheme: "gopher" is not http or https`, key: `${P}scheme` }],
    );
    // The processor keeps serving.
    assert.equal((await processor.post(byPod('web-0'))).status, 200);
  });
});
