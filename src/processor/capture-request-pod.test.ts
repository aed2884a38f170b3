import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCaptureRequest, type PodCaptureRequest } from './capture-request.js';
import { InvalidRequestError } from './invalid-request-error.js';

const P = 'param.diagnoser.runtime.go_profiler.';
const POD = { 'pod.namespace': 'shop', 'pod.name': 'web-0' };

function parse(body: object): PodCaptureRequest {
  const request = parseCaptureRequest(body, { cpuSeconds: 30 });
  assert.notEqual(request.podProxy, undefined, 'a capture by pod reference');
  return request as PodCaptureRequest;
}

function assertRejects(body: object, key: string, message: string) {
  assert.throws(
    () => parseCaptureRequest(body, { cpuSeconds: 30 }),
    (error: unknown) => {
      assert.ok(error instanceof InvalidRequestError, String(error));
      assert.deepEqual(
        { key: error.key, message: error.message },
        { key, message: `parse request key ${key}: ${message}` },
      );
      return true;
    },
  );
}

describe('parseCaptureRequest by pod reference (SPEC §6)', () => {
  it('captures through the pod proxy when there is no source but pod.namespace and pod.name', () => {
    const request = parse({ [`${P}type`]: 'heap', ...POD, container: 'app', 'diagnosis.name': 'slow-web' });
    assert.deepEqual(
      { source: request.source, pod: request.pod, podProxy: request.podProxy, url: request.url, type: request.type },
      {
        source: 'pod/shop/web-0',
        pod: { namespace: 'shop', name: 'web-0', container: 'app' },
        podProxy: { scheme: 'http' },
        url: undefined,
        type: 'Heap',
      },
    );
  });

  it('reads port and scheme in both forms, the long form winning', () => {
    assert.deepEqual(parse({ type: 'Heap', ...POD, port: 6061, scheme: 'HTTPS' }).podProxy, {
      port: '6061',
      scheme: 'https',
    });
    assert.deepEqual(
      parse({ type: 'Heap', ...POD, port: 'metrics', [`${P}port`]: 'pprof', [`${P}scheme`]: 'http' }).podProxy,
      { port: 'pprof', scheme: 'http' },
    );
    assert.equal(parse({ type: 'Profile', ...POD, seconds: 5 }).cpuSeconds, 5);
  });

  it('refuses a bad port, scheme or name, naming the key', () => {
    const type = { type: 'Heap' };
    assertRejects({ ...type, ...POD, [`${P}port`]: '70000' }, `${P}port`, 'a port number is 1 to 65535');
    assertRejects(
      { ...type, ...POD, port: 'Debug_Port' },
      'port',
      'neither a port number nor a port name (at most 15 characters of a-z, 0-9 and "-", with a letter)',
    );
    assertRejects({ ...type, ...POD, [`${P}scheme`]: 'ftp' }, `${P}scheme`, '"ftp" is not http or https');
    assertRejects(
      { ...type, 'pod.namespace': 'shop', 'pod.name': 'Web_0' },
      'pod.name',
      '"Web_0" is not a valid Kubernetes name (a DNS-1123 subdomain: lower-case letters, digits, "-", ".")',
    );
    assertRejects(
      { ...type, 'pod.name': 'web-0' },
      'pod.namespace',
      'missing: a capture by pod reference (no source) needs pod.namespace and pod.name',
    );
  });

  it('refuses a Secret with a pod reference, and port or scheme with a source', () => {
    assertRejects(
      { type: 'Heap', ...POD, tls: { secretReference: { name: 'pprof' } } },
      'tls.secretReference.name',
      'a capture by pod reference goes through the API server with its own access: no Secret is used (drop it, or name a source)',
    );
    assertRejects(
      { type: 'Heap', ...POD, source: 'http://10.0.0.7:6060', port: '6060' },
      'port',
      'only for a capture by pod reference (pod.namespace and pod.name without a source); a source names its own port and scheme',
    );
  });

  it('keeps capturing from the source when a request has both (the pod is then context only)', () => {
    const request = parseCaptureRequest({ type: 'Heap', ...POD, source: 'http://10.0.0.7:6060' }, { cpuSeconds: 30 });
    assert.equal(request.podProxy, undefined);
    assert.equal(request.url?.toString(), 'http://10.0.0.7:6060/debug/pprof/heap');
    assert.deepEqual(request.pod, { namespace: 'shop', name: 'web-0', container: '' });
  });
});
