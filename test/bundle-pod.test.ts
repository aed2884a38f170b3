// A Bundle capture by pod reference (issue 10 with SPEC §6): every profile through the API server's
// pod proxy with the processor's own kubeconfig (the real client against the loopback stand-in
// forwarding to the real Go target), the deltas and the goroutine dump asked through the proxy too.

import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../src/pprof/index.js';
import { readCaptureRecord } from '../src/store/index.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { startTestProcessor, type TestProcessor } from './support/test-processor.js';

const P = 'param.diagnoser.runtime.go_profiler.';
const R = 'diagnoser.runtime.go_profiler.result.';
const PROXY = '/api/v1/namespaces/shop/pods/web-0:6060/proxy/debug/pprof';

let certs: TestCertificates;
let target: GoTarget;
let kube: KubeApiServer;
let processor: TestProcessor;

before(async () => {
  certs = await makeCertificates();
  [target, kube] = await Promise.all([
    startGoTarget(['-stacks', '8', '-contention', '2', '-threads', '1']),
    startKubeApiServer(certs),
  ]);
  kube.pods.set('shop/web-0', { serve: { 6060: target.url } });
  processor = await startTestProcessor({ kubeconfigPath: kube.kubeconfigPath });
});

after(async () => {
  await processor?.close();
  await Promise.all([target?.stop(), kube?.close()]);
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
});

describe('a Bundle by pod reference', () => {
  it('fetches every profile through the pod proxy, stored under the pod segment', async () => {
    const { status, json } = await processor.post({
      [`${P}type`]: 'Bundle',
      [`${P}seconds`]: 1,
      [`${P}port`]: '6060',
      'diagnosis.namespace': 'shop',
      'diagnosis.name': 'slow-web',
      'pod.namespace': 'shop',
      'pod.name': 'web-0',
    });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json[`${R}pod`], 'shop/web-0');
    const file = String(json[`${R}file`]);
    assert.match(file, /^profilers\/go\/pprof\/shop\.web-0\/\d{14}\/shop\.slow-web\.Bundle\.json$/);
    for (const asked of [
      `${PROXY}/profile?seconds=1`,
      `${PROXY}/allocs?seconds=1`,
      `${PROXY}/heap`,
      `${PROXY}/goroutine`,
      `${PROXY}/goroutine?debug=2`,
      `${PROXY}/block?seconds=1`,
      `${PROXY}/mutex?seconds=1`,
      `${PROXY}/threadcreate`,
    ]) {
      assert.ok(kube.requests.includes(asked), `${asked} in ${JSON.stringify(kube.requests)}`);
    }
    const record = await readCaptureRecord(processor.dataRoot, file);
    assert.deepEqual(record.pod, { namespace: 'shop', name: 'web-0', container: '', port: 6060, scheme: 'http' });
    for (const entry of record.bundle ?? []) {
      assert.equal(entry.error, undefined, `${entry.profile}: ${entry.error}`);
      const profile = decodeProfile(readFileSync(path.join(processor.dataRoot, entry.file!)));
      assert.equal(profile.samples.count, entry.sampleCount, entry.profile);
    }
    assert.equal(record.bundle?.length, 7);
  });
});
