// SPEC §5's bounds on the real processor: --max-sessions and --max-concurrent-captures refuse with
// 503 and Retry-After before anything is fetched (counted by a loopback profile server written for
// the test), the decoded-profile budget refuses before the fetch or after the decode (nothing
// stored), and /readyz follows the data root.

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../src/pprof/index.js';
import { summarizeDecodedProfile } from '../src/web/query-pool-messages.js';
import { fixturePath } from './support/fixtures.js';
import { ManualClock } from './support/manual-clock.js';
import { startTestProcessor, type PostResult, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const FIXTURE = readFileSync(fixturePath('heap-small.pb.gz'));
const FIXTURE_BYTES = summarizeDecodedProfile(decodeProfile(FIXTURE)).decodedBytes;

/** A loopback server that serves the heap-small fixture, counts requests, and can hold answers. */
interface ProfileServer {
  readonly url: string;
  /** Requests received so far. */
  readonly hits: number;
  /** From now on, answers wait until release() (requests are still counted as they arrive). */
  hold(): void;
  release(): void;
  /** Resolves once `count` requests have arrived. */
  waitForHits(count: number): Promise<void>;
  close(): Promise<void>;
}

async function startProfileServer(): Promise<ProfileServer> {
  let hits = 0;
  let held: (() => void)[] | undefined;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((_req, res) => {
    hits++;
    for (const waiter of waiters.filter((w) => hits >= w.count)) waiter.resolve();
    const answer = () => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(FIXTURE);
    if (held === undefined) answer();
    else held.push(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get hits() {
      return hits;
    },
    hold: () => void (held = []),
    release() {
      const answers = held ?? [];
      held = undefined;
      for (const answer of answers) answer();
    },
    waitForHits: (count) =>
      hits >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function dataRootFiles(processor: TestProcessor): string[] {
  return readdirSync(processor.dataRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

function assertRefused(answer: PostResult, error: RegExp, retryAfter: string): void {
  assert.equal(answer.status, 503, JSON.stringify(answer.json));
  assert.match(String(answer.json.error), error);
  assert.equal(answer.json.key, undefined);
  assert.equal(answer.headers.get('retry-after'), retryAfter);
}

let target: ProfileServer;

before(async () => {
  target = await startProfileServer();
});

after(async () => {
  await target?.close();
});

describe('the processor bounds what callers take', () => {
  it('refuses a capture beyond --max-sessions before fetching, with Retry-After until the earliest expiry', async () => {
    const clock = new ManualClock();
    const processor = await startTestProcessor({ clock, trust: { maxSessions: 2 } });
    try {
      const heap = (expirationSeconds: number) =>
        processor.post({ source: target.url, type: 'Heap', expirationSeconds });
      assert.equal((await heap(300)).status, 200);
      assert.equal((await heap(120)).status, 200);
      const hitsBefore = target.hits;
      clock.advance(20_000);
      assertRefused(
        await heap(60),
        /^open session: 2 viewer sessions are live or opening, the most --max-sessions allows; retry in 100 s$/,
        '100',
      );
      assert.equal(target.hits, hitsBefore, 'nothing was fetched');
      // The earliest session expires: its place is free again.
      clock.advance(100_000);
      await waitFor(() => processor.processor.sessions.size === 1, 'the session to open');
      assert.equal((await heap(60)).status, 200);
    } finally {
      await processor.close();
    }
  });

  it('counts captures still fetching against --max-sessions: concurrent requests cannot overshoot', async () => {
    const processor = await startTestProcessor({ trust: { maxSessions: 2 } });
    try {
      const hitsBefore = target.hits;
      target.hold();
      const first = processor.post({ source: target.url, type: 'Heap' });
      const second = processor.post({ source: target.url, type: 'Allocs' });
      await target.waitForHits(hitsBefore + 2);
      // No session is live yet (both are fetching), so no expiry is known: the opening guess.
      assertRefused(
        await processor.post({ source: target.url, type: 'Heap' }),
        /--max-sessions allows; retry in 10 s$/,
        '10',
      );
      assert.equal(target.hits, hitsBefore + 2);
      target.release();
      assert.deepEqual(
        (await Promise.all([first, second])).map((answer) => answer.status),
        [200, 200],
      );
      assert.equal(processor.processor.sessions.size, 2);
    } finally {
      target.release();
      await processor.close();
    }
  });

  it('refuses a fetch beyond --max-concurrent-captures, with Retry-After until the earliest deadline', async () => {
    // A manual clock: no time passes between the admissions, so the earliest deadline is 20 s away.
    const processor = await startTestProcessor({
      clock: new ManualClock(),
      fetchTimeoutSeconds: 20,
      trust: { maxConcurrentCaptures: 2 },
    });
    try {
      const hitsBefore = target.hits;
      target.hold();
      // Two types of one request each (a Goroutine capture also fetches its debug=2 dump).
      const inFlight = [
        processor.post({ source: target.url, type: 'Heap' }),
        processor.post({ source: target.url, type: 'Allocs' }),
      ];
      await target.waitForHits(hitsBefore + 2);
      const refused = await processor.post({ source: target.url, type: 'Mutex' });
      assert.equal(refused.status, 503);
      assert.equal(
        refused.json.error,
        'capture profile: 2 captures are in flight, the most --max-concurrent-captures allows; retry in 20 s',
      );
      assert.equal(refused.headers.get('retry-after'), '20', 'the earliest deadline: the fetch time limit away');
      assert.equal(target.hits, hitsBefore + 2, 'the refused capture fetched nothing');
      target.release();
      assert.deepEqual(
        (await Promise.all(inFlight)).map((answer) => answer.status),
        [200, 200],
      );
      // Slots are given back when captures end, failed ones included.
      assert.equal((await processor.post({ source: 'http://127.0.0.1:1', type: 'Heap' })).status, 500);
      assert.equal((await processor.post({ source: target.url, type: 'Mutex' })).status, 200);
    } finally {
      target.release();
      await processor.close();
    }
  });

  it('refuses a profile that would not fit the decoded-profile budget after decoding it, storing nothing', async () => {
    const clock = new ManualClock();
    // Room for one heap-small and a half.
    // Profiles never dropped (`--session-idle-seconds 0`): else the idle first one would make room.
    const processor = await startTestProcessor({
      clock,
      profileBudgetBytes: Math.floor(FIXTURE_BYTES * 1.5),
      trust: { sessionIdleSeconds: 0 },
    });
    try {
      const first = await processor.post({ source: target.url, type: 'Heap', expirationSeconds: 600 });
      assert.equal(first.status, 200);
      // Its offline report comes after the answer: the capture is whole once it is written.
      await waitFor(() => processor.logs.some((line) => line.includes('"offline report written"')), 'its report');
      const stored = dataRootFiles(processor);
      const hitsBefore = target.hits;
      const refused = await processor.post({ source: target.url, type: 'Heap', expirationSeconds: 60 });
      assertRefused(
        refused,
        /^open session: this profile's \d+\.\d MiB decoded do not fit in the decoded-profile budget of \d+\.\d MiB \(the live sessions hold \d+\.\d MiB\); retry in 600 s$/,
        '600',
      );
      assert.equal(target.hits, hitsBefore + 1, 'refused after its fetch and decode');
      assert.deepEqual(dataRootFiles(processor), stored, 'nothing stored');
      assert.equal(processor.processor.sessions.size, 1);
      assert.equal(processor.processor.sessions.heldBytes, FIXTURE_BYTES);
      assert.ok(processor.logs.some((line) => line.includes('"status":503')));
    } finally {
      await processor.close();
    }
  });

  it('refuses before fetching when the sessions already hold the whole budget, and frees it at expiry', async () => {
    const clock = new ManualClock();
    const processor = await startTestProcessor({
      clock,
      profileBudgetBytes: FIXTURE_BYTES,
      trust: { sessionIdleSeconds: 0 },
    });
    try {
      const first = await processor.post({ source: target.url, type: 'Heap', expirationSeconds: 90 });
      assert.equal(first.status, 200, JSON.stringify(first.json));
      assert.equal(first.json[`${R}type`], 'Heap');
      const hitsBefore = target.hits;
      assertRefused(
        await processor.post({ source: target.url, type: 'Heap' }),
        /^open session: the decoded-profile budget of \d+\.\d MiB is used up \(the live sessions hold \d+\.\d MiB\); retry in 90 s$/,
        '90',
      );
      assert.equal(target.hits, hitsBefore, 'nothing was fetched');
      clock.advance(90_000);
      await waitFor(() => processor.processor.sessions.heldBytes === 0, 'the expired session to free its bytes');
      assert.equal((await processor.post({ source: target.url, type: 'Heap' })).status, 200);
    } finally {
      await processor.close();
    }
  });

  it('answers /readyz ok while the data root is a writable directory, else 503 saying why', async () => {
    const processor = await startTestProcessor();
    try {
      const readyz = () => processor.send({ method: 'GET', path: '/readyz' });
      assert.deepEqual([(await readyz()).status, (await readyz()).text], [200, 'ok\n']);
      rmSync(processor.dataRoot, { recursive: true });
      const missing = await readyz();
      assert.equal(missing.status, 503);
      assert.deepEqual(missing.json, { error: 'check data root <data root>: missing (ENOENT)' });
      assert.equal(missing.headers['retry-after'], '10');
      writeFileSync(processor.dataRoot, 'not a directory');
      assert.deepEqual((await readyz()).json, { error: 'check data root <data root>: not a directory' });
      assert.equal((await processor.send({ method: 'GET', path: '/healthz' })).text, 'ok\n', 'liveness is apart');
      rmSync(processor.dataRoot);
      mkdirSync(processor.dataRoot);
      assert.equal((await readyz()).status, 200);
    } finally {
      await processor.close();
    }
  });
});
