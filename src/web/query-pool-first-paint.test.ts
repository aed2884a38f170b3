import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fixtureRawBytes, poolCaptureFacts } from '../../test/support/fixture-capture.js';
import { DEFAULT_QUERY_OPTIONS, withOptions } from '../query/index.js';
import { FIRST_PAINT_CALLS, QueryPool, type PooledQueryService } from './query-pool.js';
import { buildViewerApp } from './viewer-server.js';

/** A served session whose first-paint queries are spent: its next queries are other sessions' clicks. */
async function busySession(pool: QueryPool, fixture: string): Promise<PooledQueryService> {
  const service = (await pool.open(fixtureRawBytes(fixture))).serve(poolCaptureFacts(fixture));
  for (let i = 0; i < FIRST_PAINT_CALLS; i++) await service.presets();
  return service;
}

/** Top queries that each build anew (another node count each time), answered in `order` as `busy<n>`. */
function clicks(service: PooledQueryService, count: number, order: string[]): Promise<unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    service.top(withOptions(DEFAULT_QUERY_OPTIONS, { nodeCount: 10 + i }), '').then(() => order.push(`busy${i + 1}`)),
  );
}

describe("query pool: a new session's first paint", () => {
  it("decodes a new session and answers its first query before another session's queued queries", async () => {
    const pool = new QueryPool({ workerCount: 1, firstPaintHoldsOthers: false });
    after(() => pool.close());
    const busy = await busySession(pool, 'heap-medium.pb.gz');
    const order: string[] = [];
    const queued = clicks(busy, 5, order);
    // Opened in the same turn: the worker is running busy1, the four others wait in this thread.
    const opened = pool.open(fixtureRawBytes('heap-small.pb.gz')).then(async (profile) => {
      order.push('opened');
      await profile.serve(poolCaptureFacts('heap-small.pb.gz')).summary();
      order.push('new summary');
    });
    await Promise.all([...queued, opened]);
    assert.deepEqual(order.slice(0, 2), ['busy1', 'opened']);
    // At most one of the others' queries slips in (the worker may take busy2 before the summary is asked).
    assert.ok(order.indexOf('new summary') < order.indexOf('busy3'), order.join(', '));
    assert.deepEqual(
      order.filter((entry) => entry.startsWith('busy')),
      ['busy1', 'busy2', 'busy3', 'busy4', 'busy5'],
    );
  });

  it("answers a page's summary and first flame graph from this thread once built, while the worker is busy with another session", async () => {
    const pool = new QueryPool({ workerCount: 1, firstPaintHoldsOthers: false });
    after(() => pool.close());
    const fixture = 'heap-small.pb.gz';
    const service = (await pool.open(fixtureRawBytes(fixture))).serve(poolCaptureFacts(fixture));
    const app = buildViewerApp({ ...poolCaptureFacts(fixture), rawBytes: fixtureRawBytes(fixture), service });
    after(() => app.close());
    const first = await app.inject('/api/flamegraph');
    assert.equal(first.statusCode, 200);
    const busy = await busySession(pool, 'heap-medium.pb.gz');
    const order: string[] = [];
    const queued = clicks(busy, 3, order);
    assert.equal(pool.stats().workers[0]!.callsInFlight, 3);
    // A page load: its summary (sent by the worker once served) and its flame graph.
    const summary = app.inject('/api/profile').then((reply) => {
      order.push('page summary');
      return reply;
    });
    const again = app.inject('/api/flamegraph').then((reply) => {
      order.push('page flame graph');
      return reply;
    });
    // The page's requests asked nothing of the worker.
    assert.equal(pool.stats().workers[0]!.callsInFlight, 3);
    await Promise.all([...queued, summary, again]);
    assert.deepEqual(order.slice(0, 2).sort(), ['page flame graph', 'page summary']);
    assert.deepEqual(order.slice(2), ['busy1', 'busy2', 'busy3']);
    assert.equal(((await summary).json() as { file: string }).file, poolCaptureFacts(fixture).file);
    assert.deepEqual((await again).rawPayload, first.rawPayload);
    // Kept for that first page only: a reload is the worker's (its cache), after the query it runs.
    const later: string[] = [];
    const running = clicks(busy, 1, later);
    const reload = app.inject('/api/flamegraph').then((reply) => {
      later.push('reload');
      return reply;
    });
    await Promise.all([...running, reload]);
    assert.deepEqual(later, ['busy1', 'reload']);
    assert.deepEqual((await reload).rawPayload, first.rawPayload);
    // Another view (a focus) is the worker's to build.
    const focused = await app.inject('/api/flamegraph?f=main');
    assert.equal(focused.statusCode, 200);
    assert.notDeepEqual(focused.rawPayload, first.rawPayload);
  });
});
