import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fixtureRawBytes, poolCaptureFacts, pooledApp } from '../../test/support/fixture-capture.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { waitFor } from '../../test/support/wait-for.js';
import { DEFAULT_QUERY_OPTIONS, withOptions } from '../query/index.js';
import { RELIEF_WAIT_MS } from './query-pool-relief.js';
import { QueryPool } from './query-pool.js';

const sessionsPerWorker = (pool: QueryPool) => pool.stats().workers.map((worker) => worker.sessions);

/** Moves the manual clock `ms` at a time, `times` times (each relief wait is timed from its start). */
function step(clock: ManualClock, ms: number, times = 1): void {
  for (let i = 0; i < times; i++) clock.advance(ms);
}

describe("query pool: a session waiting behind another session's query", () => {
  it('moves to a free worker, which answers it while the long query runs on; one waiting behind its own stays', async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 2, timers: clock, firstPaintHoldsOthers: false });
    // Placed where the fewest bytes are: heap-small and heap-large in the first worker, heap-medium in the second.
    const small = await pooledApp(pool, 'heap-small.pb.gz');
    const medium = await pooledApp(pool, 'heap-medium.pb.gz');
    const large = await pooledApp(pool, 'heap-large.pb.gz');
    after(() => Promise.all([large.close(), medium.close(), small.close(), pool.close()]));
    assert.deepEqual(sessionsPerWorker(pool), [2, 1]);
    const before = await small.inject('/api/top?nodecount=7');
    assert.equal(before.statusCode, 200);

    const order: string[] = [];
    // Peek at every line of heap-large, twice (by another name): seconds of work each, on any machine.
    const peeks = ['/api/peek?g=lines', '/api/peek?g=lines&f=.'].map((url) =>
      large.inject(url).then((reply) => {
        order.push(url);
        return reply;
      }),
    );
    await waitFor(() => pool.stats().workers[0]!.callsInFlight === 2, 'the Peeks to be asked');
    const top = small.inject('/api/top?nodecount=7').then((reply) => {
      order.push('top');
      return reply;
    });
    await waitFor(() => pool.stats().workers[0]!.callsInFlight === 3, 'the Top to wait');
    // Not yet: the Top waits its relief time, and 1 ms more for decoding heap-small again.
    clock.advance(RELIEF_WAIT_MS);
    assert.deepEqual(sessionsPerWorker(pool), [2, 1]);
    clock.advance(1);
    // heap-small moved to the free worker; heap-large's second Peek waits on behind its first, in
    // its worker: its relief time passes, but moving would not help it.
    assert.deepEqual(sessionsPerWorker(pool), [1, 2]);
    step(clock, 5000, 10);
    assert.deepEqual(sessionsPerWorker(pool), [1, 2]);

    const moved = await top;
    assert.equal(moved.statusCode, 200);
    assert.deepEqual(moved.json(), before.json());
    const replies = await Promise.all(peeks);
    for (const reply of replies) assert.equal(reply.statusCode, 200);
    assert.deepEqual(order, ['top', '/api/peek?g=lines', '/api/peek?g=lines&f=.']);
    // The moved session answers from its new worker from now on.
    assert.deepEqual((await small.inject('/api/top?nodecount=7')).json(), before.json());
    assert.equal(pool.stats().workers.length, 2);
  });

  it('starts an extra worker only when none is free and the same query has run for 2 s, longer for a larger session', async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 1, timers: clock, firstPaintHoldsOthers: false });
    const large = await pooledApp(pool, 'heap-large.pb.gz');
    const opened = await pool.open(fixtureRawBytes('heap-medium.pb.gz'));
    const medium = opened.serve(poolCaptureFacts('heap-medium.pb.gz'));
    after(() => Promise.all([large.close(), medium.close(), pool.close()]));
    // Decoded, and its flame graph pre-built: what it waits for next is heap-large's Peek only.
    const before = JSON.stringify(await medium.top(DEFAULT_QUERY_OPTIONS, ''));

    const peek = large.inject('/api/peek?g=lines');
    await waitFor(() => pool.stats().workers[0]!.callsInFlight === 1, 'the Peek to be asked');
    const top = medium.top(withOptions(DEFAULT_QUERY_OPTIONS, { nodeCount: 9 }), '');
    await waitFor(() => pool.stats().workers[0]!.callsInFlight === 2, 'the Top to wait');
    // heap-medium holds ~12 MB decoded: each of its waits is ~240 ms longer than a small profile's,
    // and so is the time before an extra worker (2 s + 243 ms: the fourth wait of 743 ms).
    const waitMs = RELIEF_WAIT_MS + Math.ceil(opened.summary.decodedBytes / 50_000);
    assert.ok(waitMs > 700, `${waitMs} ms`);
    step(clock, waitMs, 3);
    assert.deepEqual(sessionsPerWorker(pool), [2]);
    step(clock, waitMs);
    assert.deepEqual(sessionsPerWorker(pool), [1, 1]);
    // Answered from the new worker, as the old one answered it with pprof's default node count.
    const rowsOf = (answer: unknown) =>
      (answer as { rows: { name: string; flat: number; cum: number }[] }).rows.map(({ name, flat, cum }) => ({
        name,
        flat,
        cum,
      }));
    const moved = rowsOf(await top);
    assert.equal(moved.length, 9);
    assert.deepEqual(moved, rowsOf(JSON.parse(before)).slice(0, 9));
    assert.equal((await peek).statusCode, 200);
  });

  it('never moves a session when relief is off', async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 1, timers: clock, reliefWaitMs: Infinity });
    const large = await pooledApp(pool, 'heap-large.pb.gz');
    const small = await pooledApp(pool, 'heap-small.pb.gz');
    after(() => Promise.all([large.close(), small.close(), pool.close()]));
    const peek = large.inject('/api/peek?g=lines');
    const top = small.inject('/api/top');
    await waitFor(() => pool.stats().workers[0]!.callsInFlight === 2, 'the Top to wait');
    clock.advance(60_000);
    assert.equal(clock.pending, 0);
    assert.deepEqual(sessionsPerWorker(pool), [2]);
    assert.equal((await peek).statusCode, 200);
    assert.equal((await top).statusCode, 200);
  });
});
