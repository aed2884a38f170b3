// The query pool making room for the budget: the least recently queried session without a query in
// flight gives its decoded profile back (and answers its next query as before, decoded again), a
// session being queried never does, and one worker thread stays warm for the sessions decoded again.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadFixture } from '../../test/support/fixtures.js';
import { fixtureRawBytes, poolCaptureFacts } from '../../test/support/fixture-capture.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { GoProfilerError } from '../errors/index.js';
import { DEFAULT_QUERY_OPTIONS } from '../query/index.js';
import type { DecodedBytesBudget } from './query-pool-idle.js';
import { summarizeDecodedProfile } from './query-pool-messages.js';
import { QueryPool } from './query-pool.js';

const IDLE_MS = 60_000;

const decodedBytesOf = (fixture: string) => summarizeDecodedProfile(loadFixture(fixture)).decodedBytes;

/** The session manager's refusal when nothing can be dropped: a typed 503. */
class NoRoomError extends GoProfilerError {
  override readonly name = 'SessionBudgetError';
  readonly retryAfterSeconds = 9;
  constructor() {
    super('reopen idle session', 'every session left is being queried or opened');
  }
}

/**
 * A budget with room for one profile fewer than the sessions: claiming bytes back makes room by
 * dropping the least recently queried session, as the session manager's `makeRoom` does, and
 * refuses when none can be dropped. Records what happens to each session's bytes.
 */
class OneShortBudget implements DecodedBytesBudget {
  readonly events: string[] = [];
  /** `roomy`: room for every session, nothing is dropped to claim bytes back. */
  constructor(
    private readonly pool: QueryPool,
    private readonly roomy = false,
  ) {}
  dropBytes(): void {
    this.events.push('drop');
  }
  reclaimBytes(): void {
    if (!this.roomy && !this.pool.dropLeastRecentlyQueried()) {
      this.events.push('refused');
      throw new NoRoomError();
    }
    this.events.push('reclaim');
  }
}

async function openServed(pool: QueryPool, fixture: string, roomy = false) {
  const opened = await pool.open(fixtureRawBytes(fixture));
  const budget = new OneShortBudget(pool, roomy);
  return { budget, service: opened.serve(poolCaptureFacts(fixture, 'Profile'), { budget }) };
}

type Served = Awaited<ReturnType<typeof openServed>>;

const topOf = async ({ service }: Served) =>
  JSON.parse(JSON.stringify(await service.top(DEFAULT_QUERY_OPTIONS, ''))) as { legend: string[]; total: number };

const workerStats = (pool: QueryPool) =>
  pool.stats().workers.map(({ sessions, droppedSessions, heldBytes, running, ended }) => ({
    sessions,
    droppedSessions,
    heldBytes,
    running,
    ended,
  }));

describe('query pool: room for the budget', () => {
  it('drops the least recently queried sessions first; each answers its next query as before', async () => {
    const pool = new QueryPool({ workerCount: 1, idleMs: IDLE_MS, timers: new ManualClock() });
    after(() => pool.close());
    const [cpu, heap, goroutine] = [
      await openServed(pool, 'cpu-small.pb.gz'),
      await openServed(pool, 'heap-small.pb.gz'),
      await openServed(pool, 'goroutine-small.pb.gz'),
    ];
    // Queried in the order cpu, heap, goroutine, cpu: heap is the least recently queried, then goroutine.
    const before = [await topOf(cpu), await topOf(heap), await topOf(goroutine)];
    await topOf(cpu);

    assert.equal(pool.dropLeastRecentlyQueried(), true);
    assert.deepEqual(
      [cpu, heap, goroutine].map(({ budget }) => budget.events),
      [[], ['drop'], []],
    );
    assert.equal(pool.dropLeastRecentlyQueried(), true);
    assert.deepEqual(
      [cpu, heap, goroutine].map(({ budget }) => budget.events),
      [[], ['drop'], ['drop']],
    );
    assert.deepEqual(workerStats(pool), [
      { sessions: 3, droppedSessions: 2, heldBytes: decodedBytesOf('cpu-small.pb.gz'), running: true, ended: 0 },
    ]);

    // heap's next query makes room in turn: cpu is now the least recently queried of those decoded.
    assert.deepEqual(await topOf(heap), before[1]);
    assert.deepEqual(
      [cpu, heap, goroutine].map(({ budget }) => budget.events),
      [['drop'], ['drop', 'reclaim'], ['drop']],
    );
    assert.deepEqual(await topOf(goroutine), before[2]);
    assert.deepEqual(await topOf(cpu), before[0]);
    assert.deepEqual(
      [cpu, heap, goroutine].map(({ budget }) => budget.events),
      [
        ['drop', 'reclaim'],
        ['drop', 'reclaim', 'drop'],
        ['drop', 'reclaim', 'drop'],
      ],
    );
  });

  it('never drops a session with a query in flight; with nothing else to drop, refuses with the budget error', async () => {
    const pool = new QueryPool({ workerCount: 1, idleMs: IDLE_MS, timers: new ManualClock() });
    after(() => pool.close());
    const cpu = await openServed(pool, 'cpu-small.pb.gz');
    const heap = await openServed(pool, 'heap-small.pb.gz');
    const before = await topOf(heap);
    await topOf(cpu);
    assert.equal(pool.dropLeastRecentlyQueried(), true, 'heap, the least recently queried');

    // cpu's query is in flight until its answer reaches this thread: nothing can be dropped for heap.
    const inFlight = topOf(cpu);
    assert.equal(pool.stats().workers[0]!.callsInFlight, 1);
    await assert.rejects(topOf(heap), (error: Error) => {
      assert.ok(error instanceof NoRoomError);
      assert.equal(error.message, 'reopen idle session: every session left is being queried or opened');
      return true;
    });
    await inFlight;
    assert.deepEqual([cpu.budget.events, heap.budget.events], [[], ['drop', 'refused']]);
    assert.deepEqual(workerStats(pool), [
      { sessions: 2, droppedSessions: 1, heldBytes: decodedBytesOf('cpu-small.pb.gz'), running: true, ended: 0 },
    ]);

    // Answered, cpu can be dropped: heap decodes again with the same numbers.
    assert.deepEqual(await topOf(heap), before);
    assert.deepEqual([cpu.budget.events, heap.budget.events], [['drop'], ['drop', 'refused', 'reclaim']]);
  });

  it('keeps one worker warm when every session is dropped; a session decoded again moves to it', async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 2, idleMs: IDLE_MS, timers: clock });
    after(() => pool.close());
    const cpu = await openServed(pool, 'cpu-small.pb.gz', true);
    const heap = await openServed(pool, 'heap-small.pb.gz', true);
    const before = [await topOf(cpu), await topOf(heap)];
    // One session per worker (each placed where the fewest bytes are).
    assert.deepEqual(
      pool.stats().workers.map(({ sessions, running }) => [sessions, running]),
      [
        [1, true],
        [1, true],
      ],
    );

    clock.advance(IDLE_MS);
    // Both idle: one worker's thread ended, the other's stays, warm, holding nothing.
    const warm = pool.threads().find((thread) => thread !== undefined);
    assert.ok(warm !== undefined, 'a warm worker');
    const stats = workerStats(pool);
    assert.deepEqual(
      stats.map(({ sessions, droppedSessions, heldBytes }) => [sessions, droppedSessions, heldBytes]),
      [
        [1, 1, 0],
        [1, 1, 0],
      ],
    );
    assert.deepEqual(stats.map(({ running }) => running).sort(), [false, true]);

    // Each session's next query decodes it in the warm worker: no thread starts.
    assert.deepEqual([await topOf(cpu), await topOf(heap)], before);
    const warmIndex = pool.threads().indexOf(warm);
    assert.deepEqual(
      workerStats(pool).map(({ sessions, running }) => [sessions, running]),
      warmIndex === 0
        ? [
            [2, true],
            [0, false],
          ]
        : [
            [0, false],
            [2, true],
          ],
    );
    assert.deepEqual(
      workerStats(pool).map(({ ended }) => ended),
      [0, 0],
    );

    // Closing every session ends the warm worker too: the pool holds nothing to keep it for.
    await cpu.service.close();
    await heap.service.close();
    assert.deepEqual(pool.threads(), [undefined, undefined]);
  });

  it('ends the warm worker when the last session closes, even one living in another worker', async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 2, idleMs: IDLE_MS, timers: clock });
    after(() => pool.close());
    const cpu = await openServed(pool, 'cpu-small.pb.gz', true);
    const heap = await openServed(pool, 'heap-small.pb.gz', true);
    await topOf(cpu);
    await topOf(heap);
    clock.advance(IDLE_MS);
    const warmIndex = pool.threads().findIndex((thread) => thread !== undefined);
    const [inWarm, inEnded] = warmIndex === 0 ? [cpu, heap] : [heap, cpu];
    // The warm worker's own session closes: it stays for the other, still dropped.
    await inWarm.service.close();
    assert.equal(pool.threads()[warmIndex] !== undefined, true);
    await inEnded.service.close();
    assert.deepEqual(pool.threads(), [undefined, undefined]);
  });
});
