// The processor over https against the real Go target with a bearer token, the Secret read
// through a real kubeconfig from a loopback Kubernetes API server: the good path, and wrong CA,
// wrong token, a missing Secret, Secrets lacking keys, an unreachable API. No token in any answer or log.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listCaptures } from '../src/store/index.js';
import { goTargetTlsFlags, makeCertificates, type TestCertificates } from './support/certificates.js';
import { goToolPprof } from './support/go-pprof.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { allowedSources, startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';

const P = 'param.diagnoser.runtime.go_profiler.';
const R = 'diagnoser.runtime.go_profiler.result.';
const TOKEN = 'gotarget-token-7f3a9c';

let certs: TestCertificates;
let target: GoTarget;
let kube: KubeApiServer;
let processor: TestProcessor;
/** Every JSON answer of the processors here, and the log lines of those started by one test. */
const answers: string[] = [];
const otherLogs: string[] = [];

before(async () => {
  certs = await makeCertificates(TOKEN);
  [target, kube] = await Promise.all([
    startGoTarget([...goTargetTlsFlags(certs, TOKEN), '-stacks', '8', '-cpu', '0']),
    startKubeApiServer(certs),
  ]);
  kube.secrets.set('kubediag/gotarget-pprof', { token: TOKEN, 'ca.crt': certs.caPem });
  kube.secrets.set('default/gotarget-pprof', { token: `${TOKEN}\n`, 'ca.crt': certs.caPem });
  kube.secrets.set('default/wrong-ca', { token: TOKEN, 'ca.crt': certs.otherCaPem });
  kube.secrets.set('default/wrong-token', { token: 'not-the-token', 'ca.crt': certs.caPem });
  kube.secrets.set('default/no-ca', { token: TOKEN });
  kube.secrets.set('default/no-token', { 'ca.crt': certs.caPem });
  kube.secrets.set('default/bad-ca', { token: TOKEN, 'ca.crt': 'not a certificate' });
  // What every Secret's owner must now do: name the sources its token may go to.
  for (const key of kube.secrets.keys()) kube.annotations.set(key, allowedSources(target.url));
  processor = await startTestProcessor({ kubeconfigPath: kube.kubeconfigPath });
});

after(async () => {
  await processor?.close();
  await Promise.all([target?.stop(), kube?.close()]);
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
});

async function post(body: object) {
  const result = await processor.post(body);
  answers.push(JSON.stringify(result.json));
  return result;
}

describe('POST /processor/goProfiler over https with a Secret', () => {
  it('reads token and ca.crt from the Secret and captures the profile', async () => {
    const { status, json } = await post({
      [`${P}source`]: target.url,
      [`${P}type`]: 'Heap',
      [`${P}tls.secret_reference.name`]: 'gotarget-pprof',
      [`${P}tls.secret_reference.namespace`]: 'kubediag',
      [`${P}expiration_seconds`]: 300,
    });
    assert.equal(status, 200, JSON.stringify(json));
    assert.ok(kube.requests.includes('/api/v1/namespaces/kubediag/secrets/gotarget-pprof'), kube.requests.join());
    const file = String(json[`${R}file`]);
    const top = await goToolPprof(['-top', path.join(processor.dataRoot, file)]);
    assert.match(top, /^Type: inuse_space$/m);
    const download = await fetch(`http://127.0.0.1:${viewerPort(json)}/download`);
    assert.equal(download.status, 200);
  });

  it("takes the seed's short form, with the namespace defaulting to default (a token file's newline trimmed)", async () => {
    const { status, json } = await post({
      source: target.url,
      type: 'goroutine',
      tls: { secretReference: { name: 'gotarget-pprof' } },
    });
    assert.equal(status, 200, JSON.stringify(json));
    assert.ok(kube.requests.includes('/api/v1/namespaces/default/secrets/gotarget-pprof'));
    assert.equal(json[`${R}type`], 'Goroutine');
  });

  it('answers 500 naming what is wrong with the Secret or the TLS connection', async () => {
    const stored = (await listCaptures(processor.dataRoot)).length;
    const cases: [string, RegExp][] = [
      ['wrong-ca', /^fetch https:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/heap: TLS: .*not .*ca\.crt \([A-Z_]+\)$/],
      ['wrong-token', /debug\/pprof\/heap: the target answered HTTP 401 with JSON \(129 bytes\)$/],
      ['missing', /^read secret default\/missing: not found$/],
      ['no-ca', /^read secret default\/no-ca: the Secret has no "ca\.crt" key/],
      ['no-token', /^read secret default\/no-token: the Secret has no "token" key/],
      ['bad-ca', /^read secret default\/bad-ca: the "ca\.crt" key holds no PEM certificate$/],
    ];
    for (const [name, error] of cases) {
      const { status, json } = await post({ source: target.url, type: 'Heap', tls: { secretReference: { name } } });
      assert.equal(status, 500, `${name}: ${JSON.stringify(json)}`);
      assert.match(String(json.error), error, name);
    }
    assert.equal((await listCaptures(processor.dataRoot)).length, stored, 'nothing stored on failure');
  });

  it('answers 500 when there is no kubeconfig or the Kubernetes API cannot be reached, and keeps serving', async () => {
    const closedApi = path.join(certs.dir, 'kubeconfig-closed-port');
    writeFileSync(closedApi, readFileSync(kube.kubeconfigPath, 'utf8').replace(kube.url, 'https://127.0.0.1:1'));
    const cases: [string, RegExp][] = [
      [path.join(certs.dir, 'no-such-kubeconfig'), /^read secret default\/x: no Kubernetes configuration: ENOENT/],
      [closedApi, /^read secret default\/x: the Kubernetes API could not be reached: .*ECONNREFUSED/],
    ];
    for (const [kubeconfigPath, error] of cases) {
      const other = await startTestProcessor({ kubeconfigPath });
      try {
        const { status, json } = await other.post({
          source: target.url,
          type: 'Heap',
          tls: { secretReference: { name: 'x' } },
        });
        assert.equal(status, 500);
        assert.match(String(json.error), error);
        answers.push(JSON.stringify(json));
        otherLogs.push(...other.logs);
      } finally {
        await other.close();
      }
    }
    const body = {
      source: target.url,
      type: 'Mutex',
      tls: { secretReference: { name: 'gotarget-pprof', namespace: 'kubediag' } },
    };
    assert.equal((await post(body)).status, 200);
  });

  it('never shows the token in an answer or a log line', () => {
    assert.equal(answers.length, 11, 'the answers of the tests above');
    for (const text of [...answers, ...processor.logs, ...otherLogs]) assert.ok(!text.includes(TOKEN), text);
    assert.ok(
      processor.logs.some((line) => line.includes('request failed')),
      'failures are logged',
    );
  });
});
