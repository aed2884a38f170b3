import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCaptureRequest, type SourceCaptureRequest } from './capture-request.js';
import { InvalidRequestError } from './invalid-request-error.js';

const P = 'param.diagnoser.runtime.go_profiler.';
const defaults = { cpuSeconds: 30 };
const parse = (body: unknown): SourceCaptureRequest => {
  const request = parseCaptureRequest(body, defaults);
  assert.equal(request.podProxy, undefined, 'a capture from a source');
  return request;
};

/** Asserts a 400 naming `key` (undefined: the body itself) with a reason matching `reason`. */
function assertRejects(body: unknown, key: string | undefined, reason: RegExp) {
  assert.throws(
    () => parse(body),
    (error: unknown) => {
      assert.ok(error instanceof InvalidRequestError, String(error));
      assert.equal(error.key, key);
      assert.match(error.message, reason);
      return true;
    },
  );
}

describe('parseCaptureRequest', () => {
  it('reads the long form KubeDiag sends, with strings and numbers', () => {
    const request = parse({
      [`${P}source`]: 'https://10.0.2.15:6443/',
      [`${P}type`]: 'heap',
      [`${P}tls.secret_reference.name`]: 'apiserver-profiler-sa-token-gj9x8',
      [`${P}tls.secret_reference.namespace`]: 'kubediag',
      [`${P}expiration_seconds`]: 300,
      'diagnosis.namespace': 'default',
      'diagnosis.name': 'go-profiler',
      'diagnosis.uid': 'f1e2',
      'pod.namespace': 'kube-system',
      'pod.name': 'kube-apiserver-node1',
      container: 'kube-apiserver',
      node: 'node1',
    });
    assert.equal(request.type, 'Heap');
    assert.equal(request.source, 'https://10.0.2.15:6443');
    assert.equal(request.url.toString(), 'https://10.0.2.15:6443/debug/pprof/heap');
    assert.deepEqual(request.secret, { namespace: 'kubediag', name: 'apiserver-profiler-sa-token-gj9x8' });
    assert.equal(request.expirationSeconds, 300);
    assert.equal(request.cpuSeconds, undefined);
    assert.deepEqual(request.diagnosis, { namespace: 'default', name: 'go-profiler', uid: 'f1e2' });
    assert.deepEqual(request.pod, {
      namespace: 'kube-system',
      name: 'kube-apiserver-node1',
      container: 'kube-apiserver',
    });
    assert.equal(request.node, 'node1');
  });

  it("reads the seed's short form, with the Secret namespace defaulting to default", () => {
    const request = parse({
      source: 'https://127.0.0.1:6443',
      type: 'Goroutine',
      expirationSeconds: '60',
      tls: { secretReference: { name: 'pprof-token' } },
    });
    assert.equal(request.type, 'Goroutine');
    assert.equal(request.expirationSeconds, 60);
    assert.deepEqual(request.secret, { namespace: 'default', name: 'pprof-token' });
    assert.deepEqual(request.diagnosis, { namespace: 'default', name: 'unknown' });
    assert.equal(request.pod, undefined);
  });

  it('lets the long form win over the short form, even when the short one is malformed', () => {
    const request = parse({
      source: 'ftp://x',
      [`${P}source`]: 'http://127.0.0.1:8090',
      type: 'Heap',
      [`${P}type`]: 'allocs',
      expirationSeconds: 'abc',
      [`${P}expiration_seconds`]: '10',
    });
    assert.equal(request.url.toString(), 'http://127.0.0.1:8090/debug/pprof/allocs');
    assert.equal(request.expirationSeconds, 10);
  });

  it('matches all seven types case-insensitively and echoes the canonical spelling', () => {
    const names = {
      PROFILE: 'Profile',
      heap: 'Heap',
      goroutine: 'Goroutine',
      ALLOCS: 'Allocs',
      block: 'Block',
      Mutex: 'Mutex',
      threadCreate: 'Threadcreate',
    };
    for (const [sent, canonical] of Object.entries(names)) {
      assert.equal(parse({ source: 'http://h:1', type: sent }).type, canonical);
    }
    assertRejects({ source: 'http://h:1', type: 'trace' }, 'type', /"trace" is not one of Profile, Heap, Goroutine/);
    assertRejects({ source: 'http://h:1' }, `${P}type`, /missing/);
  });

  it('uses 7200 for a missing, empty or non-positive expiration and refuses more than 7 days', () => {
    for (const value of [undefined, '', 0, '0', -5, '-1']) {
      assert.equal(parse({ source: 'http://h:1', type: 'Heap', expirationSeconds: value }).expirationSeconds, 7200);
    }
    assert.equal(parse({ source: 'http://h:1', type: 'Heap', expirationSeconds: '604800' }).expirationSeconds, 604800);
    assertRejects(
      { source: 'http://h:1', type: 'Heap', [`${P}expiration_seconds`]: 604801 },
      `${P}expiration_seconds`,
      /above 604800/,
    );
  });

  it('refuses numbers that are not integers, naming the key', () => {
    for (const value of ['300.5', '1e3', 'abc', 300.5, true, [300], { s: 1 }]) {
      assertRejects(
        { source: 'http://h:1', type: 'Heap', [`${P}expiration_seconds`]: value },
        `${P}expiration_seconds`,
        /is not an integer/,
      );
    }
    assertRejects({ source: 'http://h:1', type: 'Heap', seconds: '2.5' }, 'seconds', /is not an integer/);
  });

  it('sends CPU seconds as ?seconds=, defaulting when missing or non-positive, capped at 600', () => {
    assert.equal(parse({ source: 'http://h:1', type: 'Profile' }).url.search, '?seconds=30');
    assert.equal(
      parseCaptureRequest({ source: 'http://h:1', type: 'Profile', seconds: 0 }, { cpuSeconds: 2 }).cpuSeconds,
      2,
    );
    assert.equal(parse({ source: 'http://h:1', type: 'Profile', [`${P}seconds`]: '5' }).url.search, '?seconds=5');
    assertRejects({ source: 'http://h:1', type: 'Profile', [`${P}seconds`]: 601 }, `${P}seconds`, /above 600/);
    const goroutine = parse({ source: 'http://h:1', type: 'Goroutine', seconds: 601 });
    assert.equal(goroutine.cpuSeconds, undefined);
    assert.equal(goroutine.deltaSeconds, undefined);
    assert.equal(goroutine.url.search, '');
  });

  it('asks Heap, Allocs, Block and Mutex with seconds for a delta of that window (issue 10)', () => {
    for (const type of ['heap', 'Allocs', 'BLOCK', 'mutex']) {
      const delta = parse({ source: 'http://h:1', type, seconds: 7 });
      assert.equal(delta.deltaSeconds, 7);
      assert.equal(delta.cpuSeconds, undefined);
      assert.equal(delta.url.search, '?seconds=7');
    }
    // Missing or ≤ 0: a snapshot, as before.
    assert.equal(parse({ source: 'http://h:1', type: 'Heap', seconds: 0 }).url.search, '');
    assert.equal(parse({ source: 'http://h:1', type: 'Heap' }).deltaSeconds, undefined);
    assertRejects({ source: 'http://h:1', type: 'Heap', [`${P}seconds`]: 601 }, `${P}seconds`, /above 600/);
  });

  it('takes Bundle in any case: one window for all, from a base URL only (issue 10)', () => {
    const bundle = parse({ source: 'http://h:1/', type: 'BUNDLE' });
    assert.equal(bundle.type, 'Bundle');
    assert.equal(bundle.bundleSeconds, 30);
    assert.equal(bundle.cpuSeconds, undefined);
    assert.equal(bundle.url.toString(), 'http://h:1/debug/pprof/profile?seconds=30');
    assert.equal(parse({ source: 'http://h:1', type: 'bundle', seconds: 5 }).bundleSeconds, 5);
    assertRejects(
      { source: 'http://h:1', type: 'bundle', seconds: 601 },
      'seconds',
      /^parse request key seconds: 601 is above 600$/,
    );
    assertRejects(
      { source: 'http://h:1/debug/pprof/heap', type: 'bundle' },
      'source',
      /a Bundle needs the program's base URL: the path names the profile "heap"/,
    );
    assertRejects({ source: 'http://h:1', type: 'bundles' }, 'type', /Threadcreate or Bundle$/);
  });

  it('applies the source rules', () => {
    const url = (source: string, type = 'Heap') => parse({ source, type }).url.toString();
    assert.equal(url('http://127.0.0.1:8090///'), 'http://127.0.0.1:8090/debug/pprof/heap');
    assert.equal(url('http://h:1/prefix/'), 'http://h:1/prefix/debug/pprof/heap');
    assert.equal(url('http://h:1/debug/pprof/'), 'http://h:1/debug/pprof/heap');
    assert.equal(url('http://h:1/api/v1/proxy/debug/pprof/heap?gc=1'), 'http://h:1/api/v1/proxy/debug/pprof/heap?gc=1');
    assert.equal(
      url('http://h:1/debug/pprof/profile?debug=0', 'Profile'),
      'http://h:1/debug/pprof/profile?debug=0&seconds=30',
    );
    assert.equal(url('http://[::1]:8090', 'Threadcreate'), 'http://[::1]:8090/debug/pprof/threadcreate');
    assertRejects({ source: 'http://h:1/debug/pprof/heap', type: 'Goroutine' }, 'source', /names the profile "heap"/);
    assertRejects({ source: 'ftp://h/x', type: 'Heap' }, 'source', /scheme "ftp" is not supported/);
    assertRejects({ source: 'not a url', type: 'Heap' }, 'source', /is not a URL/);
    assertRejects({ source: 'http://user:pw@h:1', type: 'Heap' }, 'source', /credentials in the URL/);
    assertRejects({ type: 'Heap' }, `${P}source`, /missing/);
    assertRejects({ source: 42, type: 'Heap' }, 'source', /is not a URL/);
    assertRejects({ source: { url: 'http://h' }, type: 'Heap' }, 'source', /an object is not a string/);
  });

  it('needs a Secret name for https, and refuses one for http (a token never travels in clear)', () => {
    assertRejects(
      { source: 'http://h:1', type: 'Heap', tls: { secretReference: { name: 'token' } } },
      'tls.secretReference.name',
      /: a Secret is only sent to an https source, and "http:\/\/h:1" is http \(drop the Secret or use https\)$/,
    );
    assertRejects(
      { [`${P}source`]: 'http://h:1', type: 'Heap', [`${P}tls.secret_reference.name`]: 'token' },
      `${P}tls.secret_reference.name`,
      /only sent to an https source/,
    );
    assertRejects(
      { source: 'https://h:1', type: 'Heap' },
      `${P}tls.secret_reference.name`,
      /https source needs a Secret/,
    );
    assertRejects({ source: 'https://h:1', type: 'Heap', tls: 'x' }, 'tls', /"x" is not an object/);
    assertRejects(
      { source: 'https://h:1', type: 'Heap', tls: { secretReference: { name: 'Bad_Name' } } },
      'tls.secretReference.name',
      /not a valid Kubernetes name/,
    );
  });

  it('refuses names that are not Kubernetes names rather than rewriting them', () => {
    const base = { source: 'http://h:1', type: 'Heap' };
    for (const [key, value] of [
      ['diagnosis.name', '../../etc'],
      ['diagnosis.namespace', 'a/b'],
      ['task.name', '..'],
      ['pod.name', 'UPPER'],
      ['pod.namespace', 'has.dot'],
      ['container', 'x y'],
    ] as const) {
      assertRejects({ ...base, 'pod.name': 'p', [key]: value }, key, /is not a valid Kubernetes name/);
    }
  });

  it('falls back to task.* and to default/unknown', () => {
    const request = parse({
      source: 'http://h:1',
      type: 'Heap',
      'task.namespace': 'ops',
      'task.name': 'cpu-check',
      'pod.name': 'web-0',
    });
    assert.deepEqual(request.diagnosis, { namespace: 'ops', name: 'cpu-check' });
    assert.deepEqual(request.pod, { namespace: 'default', name: 'web-0', container: '' });
    const both = parse({ source: 'http://h:1', type: 'Heap', 'diagnosis.name': 'd', 'task.name': 't' });
    assert.equal(both.diagnosis.name, 'd');
  });

  it('refuses a body that is not a JSON object', () => {
    for (const body of [null, [], 'x', 3]) assertRejects(body, undefined, /expected a JSON object/);
  });
});
