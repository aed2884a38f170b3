// The processor end to end over plain http against the real Go target: every answer of SPEC §1's
// code table, the stored files (read back by `go tool pprof`), the sentence, sessions and expiry.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../src/pprof/index.js';
import { listCaptures } from '../src/store/index.js';
import { startViewerServer } from '../src/web/viewer-server.js';
import { isCpuProfileRunning, startGoTarget, type GoTarget } from './support/go-target.js';
import { goToolPprof, pprofTotal } from './support/go-pprof.js';
import { ManualClock } from './support/manual-clock.js';
import { isPortOpen } from './support/ports.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const P = 'param.diagnoser.runtime.go_profiler.';
const R = 'diagnoser.runtime.go_profiler.result.';
const SENTENCE = /^Visit http:\/\/127\.0\.0\.1:(\d+), this server will expire in (\d+) seconds\.$/;

let target: GoTarget;
let slowTarget: GoTarget;
let processor: TestProcessor;

before(async () => {
  [target, slowTarget] = await Promise.all([
    startGoTarget(['-stacks', '16', '-depth', '8', '-leak', '1', '-memprofilerate', '4096', '-threads', '2']),
    startGoTarget(['-stacks', '4', '-cpu', '0', '-contention', '0', '-delay', '5s']),
  ]);
  processor = await startTestProcessor();
});

after(async () => {
  await processor?.close();
  await Promise.all([target?.stop(), slowTarget?.stop()]);
});

/** Every file under the data root with a hash of its content. */
/** Waits until every capture answered so far has its offline report written (they come after the answers). */
async function reportsWritten(test: TestProcessor): Promise<void> {
  const count = (text: string) => test.logs.filter((line) => line.includes(text)).length;
  await waitFor(
    () => count('"offline report written"') + count('"offline report not written"') === count('"viewer opened"'),
    'the offline reports to be written',
  );
}

function snapshot(dataRoot: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dataRoot, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dataRoot, file), createHash('sha256').update(readFileSync(file)).digest('hex'));
  }
  return files;
}

describe('POST /processor/goProfiler over http', () => {
  it("captures a heap profile from the seed's short-form request and serves its viewer", async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'Heap', expirationSeconds: 300 });
    assert.equal(status, 200, JSON.stringify(json));
    for (const [key, value] of Object.entries(json)) {
      assert.ok(key.startsWith(R), key);
      assert.equal(typeof value, 'string', key);
    }
    const sentence = String(json[`${R}endpoint`]);
    const [, port, seconds] = SENTENCE.exec(sentence) ?? assert.fail(sentence);
    assert.equal(seconds, '300');
    const file = String(json[`${R}file`]);
    assert.match(file, /^profilers\/go\/pprof\/\d{14}\/default\.unknown\.Heap\.prof$/);

    const stored = readFileSync(path.join(processor.dataRoot, file));
    const download = await fetch(`http://127.0.0.1:${port}/download`);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), stored);

    // The reference implementation reads the stored file and finds the same total as our summary.
    const top = await goToolPprof(['-top', '-unit=B', path.join(processor.dataRoot, file)]);
    assert.match(top, /^Type: inuse_space$/m);
    assert.equal(pprofTotal(top), `${String(json[`${R}total.inuse_space`]).replace(' bytes', '')}B`);
  });

  it('stores the long-form request under the pod segment, with a sidecar that lists it', async () => {
    const { status, json } = await processor.post({
      [`${P}source`]: `${target.url}/`,
      [`${P}type`]: 'allocs',
      [`${P}expiration_seconds`]: '120',
      'diagnosis.namespace': 'kubediag',
      'diagnosis.name': 'go-profiler',
      'diagnosis.uid': '0b7c4a2e',
      'pod.namespace': 'shop',
      'pod.name': 'checkout-7d9f',
      container: 'server',
      node: 'node-1',
    });
    assert.equal(status, 200, JSON.stringify(json));
    assert.match(String(json[`${R}endpoint`]), / expire in 120 seconds\.$/);
    const file = String(json[`${R}file`]);
    assert.match(
      file,
      /^profilers\/go\/pprof\/shop\.checkout-7d9f\.server\/\d{14}\/kubediag\.go-profiler\.Allocs\.prof$/,
    );
    const sidecar = JSON.parse(readFileSync(path.join(processor.dataRoot, file.replace(/\.prof$/, '.json')), 'utf8'));
    assert.equal(sidecar.source, target.url);
    assert.equal(sidecar.url, `${target.url}/debug/pprof/allocs`);
    assert.equal(sidecar.type, 'Allocs');
    assert.deepEqual(sidecar.pod, { namespace: 'shop', name: 'checkout-7d9f', container: 'server', node: 'node-1' });
    assert.deepEqual(sidecar.diagnosis, { namespace: 'kubediag', name: 'go-profiler', uid: '0b7c4a2e' });
    assert.deepEqual(
      sidecar.sampleTypes.map((t: { type: string }) => t.type),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
    const listed = await listCaptures(processor.dataRoot);
    assert.ok(listed.some((record) => record.file === file));
  });

  it('captures all seven types, each readable by go tool pprof', async () => {
    const types = ['profile', 'Heap', 'GOROUTINE', 'Allocs', 'block', 'Mutex', 'threadcreate'];
    const canonical = ['Profile', 'Heap', 'Goroutine', 'Allocs', 'Block', 'Mutex', 'Threadcreate'];
    const answers = await Promise.all(types.map((type) => processor.post({ source: target.url, type, seconds: 1 })));
    for (const [i, { status, json }] of answers.entries()) {
      assert.equal(status, 200, JSON.stringify(json));
      assert.equal(json[`${R}type`], canonical[i]);
      const file = path.join(processor.dataRoot, String(json[`${R}file`]));
      assert.match(file, new RegExp(`\\.${canonical[i]}(-\\d+)?\\.prof$`));
      const top = await goToolPprof(['-top', file]);
      assert.match(top, /^Showing nodes accounting for /m, `${canonical[i]}: ${top}`);
    }
    const ports = answers.map(({ json }) => viewerPort(json));
    assert.equal(new Set(ports).size, ports.length, 'each viewer has its own port');
    for (const port of ports) assert.equal(await isPortOpen(port), true);
    // The CPU profile lasted the requested second (Go records the duration), not Go's default 30 s.
    const cpu = decodeProfile(readFileSync(path.join(processor.dataRoot, String(answers[0]!.json[`${R}file`]))));
    assert.ok(cpu.durationNanos >= 0.9e9 && cpu.durationNanos < 5e9, `duration ${cpu.durationNanos} ns`);
  });

  it('answers 405 to every method but POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await fetch(`${processor.url}/processor/goProfiler`, { method });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'POST');
      assert.match(String(((await response.json()) as { error?: unknown }).error), /method not allowed/);
    }
    assert.equal((await fetch(`${processor.url}/processor/goProfiler`, { method: 'HEAD' })).status, 405);
  });

  it('answers 400 naming the key, and stores nothing', async () => {
    await reportsWritten(processor);
    const before = snapshot(processor.dataRoot);
    const cases: [unknown, string | undefined, RegExp][] = [
      ['{"source": ', undefined, /parse request body: not JSON/],
      ['', undefined, /parse request body: empty/],
      [[1, 2], undefined, /expected a JSON object, got an array/],
      [{ source: target.url, type: 'trace' }, 'type', /"trace" is not one of/],
      [{ type: 'Heap' }, `${P}source`, /missing/],
      [{ source: 'file:///etc/passwd', type: 'Heap' }, 'source', /scheme "file" is not supported/],
      [{ source: `${target.url}/debug/pprof/heap`, type: 'Mutex' }, 'source', /names the profile "heap"/],
      [{ source: 'https://127.0.0.1:1', type: 'Heap' }, `${P}tls.secret_reference.name`, /https source needs a Secret/],
      [
        { source: target.url, type: 'Heap', [`${P}expiration_seconds`]: '300.5' },
        `${P}expiration_seconds`,
        /not an integer/,
      ],
      [{ source: target.url, type: 'Heap', expirationSeconds: 604801 }, 'expirationSeconds', /above 604800/],
      [{ source: target.url, type: 'Profile', seconds: '601' }, 'seconds', /above 600/],
      [
        { source: target.url, type: 'Heap', 'diagnosis.name': '../../../etc' },
        'diagnosis.name',
        /not a valid Kubernetes name/,
      ],
      [{ source: target.url, type: 'Heap', 'pod.name': 'a/b' }, 'pod.name', /not a valid Kubernetes name/],
    ];
    for (const [body, key, error] of cases) {
      const { status, json } = await processor.post(body);
      assert.equal(status, 400, `${JSON.stringify(body)}: ${JSON.stringify(json)}`);
      assert.equal(json.key, key, JSON.stringify(json));
      assert.match(String(json.error), error);
    }
    assert.deepEqual(snapshot(processor.dataRoot), before);
  });

  it('answers 500 naming the failure, keeps serving, and loses nothing stored', async () => {
    await reportsWritten(processor);
    const before = snapshot(processor.dataRoot);
    const closedPort = await freePort();
    const answer = await notAProfileServer();
    const cases: [object, RegExp][] = [
      [
        { source: `http://127.0.0.1:${closedPort}`, type: 'Heap' },
        /^fetch http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/heap: connection refused \(ECONNREFUSED\)$/,
      ],
      [
        { source: `${target.url}/nowhere/debug/pprof/heap`, type: 'Heap' },
        /nowhere\/debug\/pprof\/heap: the target answered HTTP 404 with text \(19 bytes\)$/,
      ],
      [
        { source: `${target.url}/debug/pprof/goroutine?debug=1`, type: 'Goroutine' },
        /not a profile: .*a text goroutine dump/,
      ],
      [{ source: `${answer.url}/html`, type: 'Heap' }, /not a profile: the answer is an HTML page \(48 bytes\)$/],
      [{ source: `${answer.url}/empty`, type: 'Heap' }, /not a profile: the answer is an empty body$/],
    ];
    try {
      for (const [body, error] of cases) {
        const { status, json } = await processor.post(body);
        assert.equal(status, 500, `${JSON.stringify(body)}: ${JSON.stringify(json)}`);
        assert.equal(json.key, undefined);
        assert.match(String(json.error), error);
      }
    } finally {
      await answer.close();
    }
    assert.deepEqual(snapshot(processor.dataRoot), before, 'failures store nothing and remove nothing');
    const { status } = await processor.post({ source: target.url, type: 'Heap' });
    assert.equal(status, 200, 'the processor keeps serving after failures');
  });

  it("answers 409 quoting Go's own error when a CPU profile is already running", async () => {
    // Go refuses a second CPU profile while one runs, with its own text/plain error (X-Go-Pprof: 1).
    const running = new AbortController();
    const first = fetch(`${target.url}/debug/pprof/profile?seconds=600`, { signal: running.signal }).catch(
      (error: unknown) => error,
    );
    try {
      await waitFor(() => isCpuProfileRunning(target), 'the first CPU profile to start');
      const { status, json } = await processor.post({ source: target.url, type: 'Profile', seconds: 1 });
      assert.equal(status, 409, JSON.stringify(json));
      assert.deepEqual(json, {
        error: `fetch ${target.url}/debug/pprof/profile?seconds=1: the target is already running a CPU profile (Go answered "Could not enable CPU profiling: cpu profiling already in use"), so wait until it ends and capture again`,
      });
    } finally {
      // Go ends a CPU profile whose caller hung up.
      running.abort();
      await first;
      await waitFor(async () => !(await isCpuProfileRunning(target)), 'the first CPU profile to end');
    }
  });

  it('answers 500 when the whole answer does not arrive within --fetch-timeout-seconds', async () => {
    // The slow target answers after 5 s: a 1 s limit always passes first, however busy the machine.
    const quick = await startTestProcessor({ fetchTimeoutSeconds: 1 });
    try {
      const { status, json } = await quick.post({ source: slowTarget.url, type: 'Heap' });
      assert.equal(status, 500, JSON.stringify(json));
      assert.deepEqual(json, {
        error: `fetch ${slowTarget.url}/debug/pprof/heap: timed out: no complete answer within 1 s`,
      });
      assert.deepEqual(await listCaptures(quick.dataRoot), []);
    } finally {
      await quick.close();
    }
  });

  it('refuses a profile above the size cap', async () => {
    const small = await startTestProcessor({ trust: { maxProfileBytes: 512 } });
    try {
      const { status, json } = await small.post({ source: target.url, type: 'Heap' });
      assert.equal(status, 500);
      assert.match(String(json.error), /the answer exceeds the limit of 512 bytes$/);
      assert.deepEqual(await listCaptures(small.dataRoot), []);
    } finally {
      await small.close();
    }
  });

  it('gives a second capture in the same second a -2 suffix, and closes each viewer at its expiry', async () => {
    const clock = new ManualClock();
    const timed = await startTestProcessor({ clock });
    try {
      const first = await timed.post({ source: target.url, type: 'Heap', expirationSeconds: 60 });
      const second = await timed.post({ source: target.url, type: 'Heap', expirationSeconds: 3600 });
      assert.equal(first.json[`${R}file`], 'profilers/go/pprof/20261125093000/default.unknown.Heap.prof');
      assert.equal(second.json[`${R}file`], 'profilers/go/pprof/20261125093000/default.unknown.Heap-2.prof');
      assert.equal(first.json[`${R}expires_at`], '2026-11-25T09:31:00.000Z');
      const [firstPort, secondPort] = [viewerPort(first.json), viewerPort(second.json)];
      // The offline reports are written after the answers: the snapshot is of the captures once whole.
      await waitFor(
        () => timed.logs.filter((line) => line.includes('"offline report written"')).length === 2,
        'both offline reports to be written',
      );
      const stored = snapshot(timed.dataRoot);

      clock.advance(60_000);
      await waitFor(async () => !(await isPortOpen(firstPort)), 'the first viewer to close');
      assert.equal(await isPortOpen(secondPort), true, 'the other viewer stays up');
      assert.equal((await fetch(`http://127.0.0.1:${secondPort}/download`)).status, 200);
      clock.advance(3600_000);
      await waitFor(async () => !(await isPortOpen(secondPort)), 'the second viewer to close');
      assert.equal(timed.processor.sessions.size, 0);
      // Expiry deletes nothing but the sessions' records (kept for a restart, SPEC §6).
      const records = [...stored.keys()].filter((file) => file.startsWith('go-profiler/sessions/'));
      assert.equal(records.length, 2);
      await waitFor(() => records.every((file) => !existsSync(path.join(timed.dataRoot, file))), 'the records to go');
      for (const file of records) stored.delete(file);
      assert.deepEqual(snapshot(timed.dataRoot), stored, 'expiry deletes no capture');
      assert.equal((await timed.post({ source: target.url, type: 'Goroutine' })).status, 200);
    } finally {
      await timed.close();
    }
  });

  it('frees the capture and its decoded profile once its viewer has expired', async () => {
    const clock = new ManualClock();
    let rawBytes: WeakRef<object> | undefined;
    const timed = await startTestProcessor({
      clock,
      queryPool: { workerCount: 2 },
      startViewer: (capture, host) => {
        rawBytes = new WeakRef(capture.rawBytes);
        return startViewerServer({ capture, host });
      },
    });
    const poolSessions = () => timed.processor.queryPool.stats().workers.map((worker) => worker.sessions);
    try {
      const { json } = await timed.post({ source: target.url, type: 'Heap', expirationSeconds: 60 });
      const port = viewerPort(json);
      // A client that never reads the body keeps its connection busy: expiry must cut it too.
      assert.equal((await fetch(`http://127.0.0.1:${port}/download`)).status, 200);
      await collectGarbage();
      assert.notEqual(rawBytes?.deref(), undefined, 'a live viewer keeps its capture');
      assert.deepEqual(poolSessions().sort(), [0, 1], 'its decoded profile lives in one query worker');
      clock.advance(60_000);
      await waitFor(async () => !(await isPortOpen(port)), 'the viewer to close');
      await collectGarbage(() => rawBytes?.deref() === undefined);
      assert.equal(rawBytes?.deref(), undefined, 'nothing holds the capture after expiry');
      assert.deepEqual(poolSessions(), [0, 0], 'nor its decoded profile');
      assert.equal(timed.processor.queryPool.heldBytes, 0);
    } finally {
      await timed.close();
    }
  });
});

/**
 * Runs full garbage collections (V8's gc, exposed at run time) until `done` or ten rounds. Each gc
 * runs in a fresh task: a WeakRef read by `done` keeps its target alive until the task ends.
 */
async function collectGarbage(done: () => boolean = () => false): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 20));
  for (let round = 0; round < 10; round++) {
    await nextTask();
    gc();
    await nextTask();
    if (done()) return;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A loopback server answering 200 with things that are not profiles, as proxies and wrong ports do. */
async function notAProfileServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/html')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Sign in</body></html>');
    } else res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
