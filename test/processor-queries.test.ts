// The processor's own API and its other sessions answer while one viewer query runs, because every
// session is decoded and queried in the query pool's worker threads (SPEC §5: "/healthz, the POST
// answer within 200 ms while any viewer query runs"). Orderings are asserted, never durations.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile, encodeProfile, ProfileBuilder } from '../src/pprof/index.js';
import { DEFAULT_QUERY_OPTIONS, withOptions } from '../src/query/index.js';
import { decodeFlameGraph } from '../src/web/flame-graph-wire.js';
import { summarizeDecodedProfile } from '../src/web/query-pool-messages.js';
import { InProcessQueryService } from '../src/web/query-service.js';
import type { PeekViewModel, TopViewModel } from '../src/web/view-models.js';
import { fixturePath } from './support/fixtures.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { ManualClock } from './support/manual-clock.js';
import { startProfileServer, type ProfileServer } from './support/profile-server.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const DEEP_STACK_FRAMES = 100_000;

/** One goroutine whose stack is one function recursing DEEP_STACK_FRAMES times (a 200-byte gzip). */
function deepStackProfile(): Uint8Array {
  const builder = new ProfileBuilder({ sampleTypes: [{ type: 'goroutine', unit: 'count' }] });
  const location = builder.addLocation([{ function: builder.addFunction('main.recurse', 'main.go', 10), line: 12 }]);
  builder.addSample(new Array<number>(DEEP_STACK_FRAMES).fill(location), [1]);
  return encodeProfile(builder.build());
}

let target: GoTarget;
let large: ProfileServer;
let deep: ProfileServer;
let processor: TestProcessor;
let heavySession: { port: number; file: string };
/** The processor's clock: sessions' expiries and the query time limit (`--query-timeout-seconds`, 30 s by default). */
const clock = new ManualClock();

before(async () => {
  [target, large, deep] = await Promise.all([
    startGoTarget(['-stacks', '16', '-depth', '8', '-leak', '1', '-memprofilerate', '4096']),
    startProfileServer(readFileSync(fixturePath('heap-large.pb.gz'))),
    startProfileServer(deepStackProfile()),
  ]);
  // Two query workers whatever the machine; the query time limit on a clock that never moves:
  // a busy machine makes the heavy queries slower, never refused.
  processor = await startTestProcessor({
    clock,
    queryPool: { workerCount: 2 },
    // Deep stacks are kept whole (another setting cuts them by default): the warm-up stays heavy.
    // No idle drops: the time-limit test counts the clock's timers, and idle timers would be among them.
    trust: { maxStackDepth: 1_000_000, queryTimeoutSeconds: 30, sessionIdleSeconds: 0 },
  });
});

after(async () => {
  await processor?.close();
  await Promise.all([target?.stop(), large?.close(), deep?.close()]);
});

const stats = () => processor.processor.queryPool.stats().workers;
const callsInFlight = () => stats().reduce((sum, worker) => sum + worker.callsInFlight, 0);

async function capture(source: string, type: string): Promise<{ port: number; file: string }> {
  const { status, json } = await processor.post({ source, type });
  assert.equal(status, 200, JSON.stringify(json));
  return { port: viewerPort(json), file: String(json[`${R}file`]) };
}

describe('the query pool in the processor', () => {
  it('answers /healthz, a capture and another session before a heavy query of one session ends', async () => {
    heavySession = await capture(large.url, 'Heap');
    const smallSession = await capture(target.url, 'Heap');
    // heap-large lives alone in one worker, the small session in the other.
    assert.deepEqual(
      stats().map((worker) => worker.sessions),
      [1, 1],
    );
    await waitFor(() => callsInFlight() === 0, 'the warm-ups to end');

    const finished: string[] = [];
    // Peek at every line of heap-large with no focus: seconds of work in its worker.
    const heavy = fetch(`http://127.0.0.1:${heavySession.port}/api/peek?g=lines`).then(async (response) => {
      finished.push('heavy peek');
      return { status: response.status, body: (await response.json()) as PeekViewModel };
    });
    await waitFor(() => callsInFlight() === 1, 'the heavy query to reach its worker');
    const health = await fetch(`${processor.url}/healthz`);
    finished.push('healthz');
    const captured = await processor.post({ source: target.url, type: 'Goroutine' });
    finished.push('capture');
    const top = await fetch(`http://127.0.0.1:${smallSession.port}/api/top`);
    finished.push('small top');
    const peek = await heavy;
    assert.deepEqual(finished, ['healthz', 'capture', 'small top', 'heavy peek']);

    assert.equal(await health.text(), 'ok\n');
    assert.equal(captured.status, 200, JSON.stringify(captured.json));
    assert.equal(captured.json[`${R}type`], 'Goroutine');
    assert.equal(top.status, 200);
    const stored = decodeProfile(readFileSync(path.join(processor.dataRoot, smallSession.file)));
    const expectedTop = await new InProcessQueryService(stored, {
      file: smallSession.file,
      type: 'Heap',
      source: target.url,
      capturedAt: new Date(),
    }).top(DEFAULT_QUERY_OPTIONS, '');
    assert.deepEqual(await top.json(), JSON.parse(JSON.stringify(expectedTop)));
    const heapLarge = summarizeDecodedProfile(decodeProfile(readFileSync(fixturePath('heap-large.pb.gz'))));
    assert.equal(peek.status, 200);
    assert.equal(peek.body.total, heapLarge.totals[heapLarge.sampleTypes.findIndex((t) => t.type === 'inuse_space')]);
    assert.equal(peek.body.entries.length, 80);
  });

  it('answers /healthz while a 100,000-frame profile warms up in its worker, then serves its flame graph', async () => {
    await waitFor(() => callsInFlight() === 0, 'earlier queries to end');
    const session = await capture(deep.url, 'Goroutine');
    // The viewer builds its default flame graph as soon as it listens: in the session's worker.
    await waitFor(() => callsInFlight() === 1, 'the warm-up to reach its worker');
    const health = await fetch(`${processor.url}/healthz`);
    assert.equal(await health.text(), 'ok\n');
    assert.equal(callsInFlight(), 1, '/healthz answered while the warm-up ran');

    const response = await fetch(`http://127.0.0.1:${session.port}/api/flamegraph`);
    assert.equal(response.status, 200);
    const graph = decodeFlameGraph(await response.arrayBuffer());
    assert.equal(graph.total, 1);
    // The 60k-frame budget cuts the chain: the rest of it hangs from the last frame as one aggregate.
    assert.deepEqual(graph.names.slice(1), ['(smaller frames)', 'main.recurse']);
    assert.equal(Math.max(...graph.depth), graph.nodeCount - 1, 'one chain of frames');
    assert.equal(graph.aggregated[graph.nodeCount - 1], 1);
  });

  it('abandons a query past --query-timeout-seconds with a 503 naming the limit; the session keeps serving', async () => {
    await waitFor(() => callsInFlight() === 0, 'earlier queries to end');
    const timers = clock.pending; // the sessions' expiries
    const heavy = fetch(`http://127.0.0.1:${heavySession.port}/api/peek?g=lines&sort=cum`);
    await waitFor(() => clock.pending === timers + 1, 'the heavy query to start in its worker');
    clock.advance(30_000);
    const refused = await heavy;
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.deepEqual(await refused.json(), {
      error: 'answer query peek: took longer than the query time limit of 30 s (--query-timeout-seconds)',
    });
    const top = await fetch(`http://127.0.0.1:${heavySession.port}/api/top?n=3`);
    assert.equal(top.status, 200);
    const names = ((await top.json()) as TopViewModel).rows.map((row) => row.name);
    const expected = await new InProcessQueryService(decodeProfile(readFileSync(fixturePath('heap-large.pb.gz'))), {
      file: heavySession.file,
      type: 'Heap',
      source: large.url,
      capturedAt: new Date(),
    }).top(withOptions(DEFAULT_QUERY_OPTIONS, { nodeCount: 3 }), '');
    assert.deepEqual(
      names,
      expected.rows.map((row) => row.name),
    );
  });
});
