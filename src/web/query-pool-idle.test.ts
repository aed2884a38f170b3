import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fixturePath, loadFixture } from '../../test/support/fixtures.js';
import { fixtureRawBytes, poolCaptureFacts } from '../../test/support/fixture-capture.js';
import { goToolPprof } from '../../test/support/go-pprof.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { GoProfilerError } from '../errors/index.js';
import { DEFAULT_QUERY_OPTIONS } from '../query/index.js';
import type { DecodedBytesBudget } from './query-pool-idle.js';
import { summarizeDecodedProfile } from './query-pool-messages.js';
import { QueryPool } from './query-pool.js';

const IDLE_MS = 60_000;

/** A stand-in for the budget without room for anything: a typed 503 as the session manager's. */
class FullBudgetError extends GoProfilerError {
  override readonly name = 'SessionBudgetError';
  readonly retryAfterSeconds = 7;
  constructor() {
    super('reopen idle session', 'the budget is full');
  }
}

/** Records what the pool gives back and claims; `full` refuses the claims. */
class RecordingBudget implements DecodedBytesBudget {
  readonly events: string[] = [];
  full = false;
  dropBytes(): void {
    this.events.push('drop');
  }
  reclaimBytes(): void {
    if (this.full) {
      this.events.push('refused');
      throw new FullBudgetError();
    }
    this.events.push('reclaim');
  }
}

async function openServed(pool: QueryPool, fixture: string) {
  const opened = await pool.open(fixtureRawBytes(fixture));
  const budget = new RecordingBudget();
  return { budget, summary: opened.summary, service: opened.serve(poolCaptureFacts(fixture), { budget }) };
}

const topOf = async (service: { top: (o: typeof DEFAULT_QUERY_OPTIONS, p: string) => Promise<unknown> }) =>
  JSON.parse(JSON.stringify(await service.top(DEFAULT_QUERY_OPTIONS, ''))) as { legend: string[]; total: number };

const workerStats = (pool: QueryPool) =>
  pool.stats().workers.map(({ sessions, droppedSessions, heldBytes, running }) => ({
    sessions,
    droppedSessions,
    heldBytes,
    running,
  }));

describe('query pool: idle sessions', () => {
  it("drops an idle session's decoded profile, gives its bytes back, and decodes it again for its next query", async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 1, idleMs: IDLE_MS, timers: clock });
    after(() => pool.close());
    const heap = await openServed(pool, 'heap-medium.pb.gz');
    const cpu = await openServed(pool, 'cpu-medium.pb.gz');
    const heapBytes = summarizeDecodedProfile(loadFixture('heap-medium.pb.gz')).decodedBytes;
    const cpuBytes = summarizeDecodedProfile(loadFixture('cpu-medium.pb.gz')).decodedBytes;
    const before = await topOf(heap.service);

    clock.advance(IDLE_MS - 1);
    assert.deepEqual(workerStats(pool), [
      { sessions: 2, droppedSessions: 0, heldBytes: heapBytes + cpuBytes, running: true },
    ]);
    clock.advance(1);
    // Both idle: nothing decoded is held; the pool's only worker stays warm for their next queries.
    const warm = pool.threads()[0];
    assert.deepEqual(workerStats(pool), [{ sessions: 2, droppedSessions: 2, heldBytes: 0, running: true }]);
    assert.deepEqual([heap.budget.events, cpu.budget.events], [['drop'], ['drop']]);

    const again = await topOf(heap.service);
    assert.deepEqual(again, before);
    assert.deepEqual(workerStats(pool), [{ sessions: 2, droppedSessions: 1, heldBytes: heapBytes, running: true }]);
    assert.equal(pool.threads()[0], warm, 'decoded again in the warm worker, no thread started');
    assert.deepEqual([heap.budget.events, cpu.budget.events], [['drop', 'reclaim'], ['drop']]);
    // pprof's own numbers, from the same file.
    const pprof = (await goToolPprof(['-top', fixturePath('heap-medium.pb.gz')])).split('\n');
    assert.deepEqual(again.legend, pprof.slice(0, again.legend.length));
  });

  it('decodes once for queries arriving together, each waiting for it; a query in flight keeps the profile', async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 1, idleMs: IDLE_MS, timers: clock });
    after(() => pool.close());
    const heap = await openServed(pool, 'heap-medium.pb.gz');
    const before = await topOf(heap.service);
    clock.advance(IDLE_MS);
    assert.equal(pool.stats().workers[0]!.droppedSessions, 1);

    const answers = [topOf(heap.service), topOf(heap.service), heap.service.summary()];
    // Time passing while they run drops nothing: the idle time starts when the last one is answered.
    clock.advance(IDLE_MS);
    assert.equal(pool.stats().workers[0]!.droppedSessions, 0);
    const [first, second] = await Promise.all(answers);
    assert.deepEqual([first, second], [before, before]);
    assert.deepEqual(heap.budget.events, ['drop', 'reclaim'], 'decoded once');

    clock.advance(IDLE_MS - 1);
    assert.equal(pool.stats().workers[0]!.droppedSessions, 0);
    clock.advance(1);
    assert.equal(pool.stats().workers[0]!.droppedSessions, 1);
  });

  it("refuses a query whose profile's bytes no longer fit in the budget, with the budget's error; it stays dropped", async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 1, idleMs: IDLE_MS, timers: clock });
    after(() => pool.close());
    const cpu = await openServed(pool, 'cpu-medium.pb.gz');
    const before = await topOf(cpu.service);
    clock.advance(IDLE_MS);
    cpu.budget.full = true;
    await assert.rejects(topOf(cpu.service), (error: Error) => {
      assert.ok(error instanceof FullBudgetError);
      assert.equal(error.message, 'reopen idle session: the budget is full');
      return true;
    });
    assert.deepEqual(workerStats(pool), [{ sessions: 1, droppedSessions: 1, heldBytes: 0, running: true }]);

    cpu.budget.full = false;
    assert.deepEqual(await topOf(cpu.service), before);
    assert.deepEqual(cpu.budget.events, ['drop', 'refused', 'reclaim']);
  });

  it('never drops without an idle time, nor a session closed meanwhile', async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 1, timers: clock });
    after(() => pool.close());
    const cpu = await openServed(pool, 'cpu-medium.pb.gz');
    clock.advance(10 * IDLE_MS);
    assert.equal(clock.pending, 0);
    assert.deepEqual(cpu.budget.events, []);

    const idle = new QueryPool({ workerCount: 1, idleMs: IDLE_MS, timers: clock });
    after(() => idle.close());
    const closed = await openServed(idle, 'cpu-medium.pb.gz');
    await closed.service.close();
    clock.advance(IDLE_MS);
    assert.deepEqual(closed.budget.events, []);
    assert.equal(clock.pending, 0);
  });
});
