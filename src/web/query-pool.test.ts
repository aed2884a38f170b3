import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { loadFixture } from '../../test/support/fixtures.js';
import { fixtureRawBytes, poolCaptureFacts, pooledApp } from '../../test/support/fixture-capture.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { waitFor } from '../../test/support/wait-for.js';
import { ProfileDecodeError, ProfileTooLargeError } from '../pprof/index.js';
import { DEFAULT_QUERY_OPTIONS, withOptions } from '../query/index.js';
import { QueryWorkerError } from './query-pool-errors.js';
import { summarizeDecodedProfile } from './query-pool-messages.js';
import { QueryPool } from './query-pool.js';
import { InProcessQueryService } from './query-service.js';
import { buildViewerApp } from './viewer-server.js';
import { errorResponseOf } from './viewer-errors.js';
import { fixtureCapture } from '../../test/support/fixture-capture.js';

/** Top as the viewer answers it when the queries run in this thread. */
async function inProcessTop(fixture: string): Promise<unknown> {
  const service = new InProcessQueryService(loadFixture(fixture), poolCaptureFacts(fixture));
  return JSON.parse(JSON.stringify(await service.top(DEFAULT_QUERY_OPTIONS, '')));
}

describe('query pool', () => {
  it('decodes each capture in a worker, placed where the fewest decoded bytes are, and says what it holds', async () => {
    const pool = new QueryPool({ workerCount: 2 });
    after(() => pool.close());
    const fixtures = ['heap-large.pb.gz', 'heap-small.pb.gz', 'cpu-small.pb.gz'];
    const opened = [];
    for (const fixture of fixtures) opened.push(await pool.open(fixtureRawBytes(fixture)));
    const expected = fixtures.map((fixture) => summarizeDecodedProfile(loadFixture(fixture)));
    assert.deepEqual(
      opened.map((profile) => profile.summary),
      expected,
    );
    // heap-large alone in one worker; the two small ones share the other.
    assert.deepEqual(
      pool.stats().workers.map(({ sessions, heldBytes }) => ({ sessions, heldBytes })),
      [
        { sessions: 1, heldBytes: expected[0]!.decodedBytes },
        { sessions: 2, heldBytes: expected[1]!.decodedBytes + expected[2]!.decodedBytes },
      ],
    );
    assert.equal(pool.heldBytes, expected[0]!.decodedBytes + expected[1]!.decodedBytes + expected[2]!.decodedBytes);
    const service = opened[1]!.serve(poolCaptureFacts('heap-small.pb.gz'));
    assert.equal(service.decodedBytes, expected[1]!.decodedBytes);
    assert.deepEqual(
      JSON.parse(JSON.stringify(await service.top(DEFAULT_QUERY_OPTIONS, ''))),
      await inProcessTop('heap-small.pb.gz'),
    );

    // Freed on close: the worker left without sessions ends.
    await opened[0]!.close();
    assert.equal(pool.heldBytes, expected[1]!.decodedBytes + expected[2]!.decodedBytes);
    assert.equal(pool.threads()[0], undefined);
  });

  it("refuses what does not decode with pprof's own errors, and holds nothing for it", async () => {
    const pool = new QueryPool({ workerCount: 1 });
    after(() => pool.close());
    await assert.rejects(pool.open(new TextEncoder().encode('<html>no profile here</html>')), (error: Error) => {
      assert.ok(error instanceof ProfileDecodeError);
      // pprof's own message, rebuilt (what follows it is pprof's to word).
      assert.match(error.message, /^decode profile: not a profile\.proto: the data is an HTML page/);
      return true;
    });
    await assert.rejects(
      pool.open(fixtureRawBytes('heap-small.pb.gz'), { maxDecompressedBytes: 1000 }),
      (error: Error) => {
        assert.ok(error instanceof ProfileTooLargeError);
        assert.equal(error.maxBytes, 1000);
        assert.equal(error.message, 'decode profile: decompressed size exceeds the limit of 1000 bytes');
        return true;
      },
    );
    assert.deepEqual(pool.stats().workers, [
      { sessions: 0, droppedSessions: 0, heldBytes: 0, running: false, callsInFlight: 0, ended: 0 },
    ]);
  });

  it('refuses a capture whose decoding takes its worker down twice, as one that does not decode', async () => {
    const pool = new QueryPool({ workerCount: 1 });
    after(() => pool.close());
    const opening = pool.open(fixtureRawBytes('heap-small.pb.gz'));
    // Its worker ends while decoding it, and so does the replacement that decodes it again.
    const first = pool.threads()[0]!;
    first.once('exit', () => void pool.threads()[0]!.terminate());
    void first.terminate();
    await assert.rejects(opening, (error: Error) => {
      assert.ok(error instanceof ProfileDecodeError);
      assert.match(error.message, /^decode profile: its decoding stopped the worker \(it exited with code \d+\)$/);
      return true;
    });
    assert.deepEqual(pool.stats().workers, [
      { sessions: 0, droppedSessions: 0, heldBytes: 0, running: false, callsInFlight: 0, ended: 2 },
    ]);
    assert.equal(pool.threads()[0], undefined);
  });

  it('abandons a query past the time limit with a 503 naming it, and the sessions of its worker keep answering', async () => {
    const clock = new ManualClock();
    const pool = new QueryPool({ workerCount: 1, queryTimeoutMs: 50, timers: clock });
    const large = await pooledApp(pool, 'heap-large.pb.gz');
    const small = await pooledApp(pool, 'heap-small.pb.gz');
    after(() => Promise.all([large.close(), small.close(), pool.close()]));

    // Peek at every line of heap-large with no focus: seconds of work, on any machine.
    const heavy = large.inject({ url: '/api/peek?g=lines' });
    await waitFor(() => clock.pending === 1, 'the heavy query to start');
    // Another session's query waits behind it in the same worker.
    const waiting = small.inject({ url: '/api/top' });
    await waitFor(() => pool.stats().workers[0]!.callsInFlight === 2, 'the small query to be posted');
    clock.advance(50);

    const refused = await heavy;
    assert.equal(refused.statusCode, 503);
    assert.deepEqual(refused.json(), {
      error: 'answer query peek: took longer than the query time limit of 0.05 s (--query-timeout-seconds)',
    });
    assert.equal(refused.headers['retry-after'], '1');
    // Its worker was ended and replaced; the waiting query was asked again there.
    const answered = await waiting;
    assert.equal(answered.statusCode, 200);
    assert.deepEqual(answered.json(), await inProcessTop('heap-small.pb.gz'));
    const largeTop = await large.inject({ url: '/api/top' });
    assert.equal(largeTop.statusCode, 200);
    assert.deepEqual(largeTop.json(), await inProcessTop('heap-large.pb.gz'));
    assert.deepEqual(pool.stats().workers, [
      { sessions: 2, droppedSessions: 0, heldBytes: pool.heldBytes, running: true, callsInFlight: 0, ended: 1 },
    ]);

    // Asked again, the same query is refused at once rather than ending another worker.
    const again = await large.inject({ url: '/api/peek?g=lines' });
    assert.equal(again.statusCode, 503);
    assert.equal(
      again.json().error,
      'answer query peek: took longer than the query time limit of 0.05 s (--query-timeout-seconds) when asked before; not run again',
    );
    assert.equal(pool.stats().workers[0]!.ended, 1);
  });

  it("asks a crashed worker's queries once more in its replacement; a query whose worker dies twice fails with 503", async () => {
    const pool = new QueryPool({ workerCount: 1 });
    const service = (await pool.open(fixtureRawBytes('heap-small.pb.gz'))).serve(poolCaptureFacts('heap-small.pb.gz'));
    after(() => pool.close());
    const expected = await inProcessTop('heap-small.pb.gz');
    const top = async (options = DEFAULT_QUERY_OPTIONS) => JSON.parse(JSON.stringify(await service.top(options, '')));
    /** Ends the worker now running; with `andNext`, its replacement too, as soon as it is started. */
    const crash = (andNext: boolean) => {
      const first = pool.threads()[0]!;
      if (andNext) first.once('exit', () => void pool.threads()[0]!.terminate());
      void first.terminate();
    };

    // Each query is posted as it is asked: the worker ends while it is in flight.
    const retried = top();
    crash(false);
    assert.deepEqual(await retried, expected);

    const failed = top(withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'alloc_space' }));
    crash(true);
    await assert.rejects(failed, (error: Error) => {
      assert.ok(error instanceof QueryWorkerError);
      assert.match(
        error.message,
        /^run query: the session's query worker stopped \(it exited with code \d+\); ask again$/,
      );
      assert.deepEqual(errorResponseOf(error), {
        statusCode: 503,
        body: { error: error.message },
        retryAfterSeconds: 1,
      });
      return true;
    });
    // A third worker holds the session again.
    assert.deepEqual(await top(), expected);
    assert.equal(pool.stats().workers[0]!.ended, 3);
  });

  it('gives up on a worker that dies three times without answering: its sessions fail, saying why', async () => {
    const pool = new QueryPool({ workerCount: 1 });
    const opened = await pool.open(fixtureRawBytes('heap-small.pb.gz'));
    const service = opened.serve(poolCaptureFacts('heap-small.pb.gz'));
    after(() => pool.close());
    const threads: Worker[] = [];
    const crashAgain = () => {
      const thread = pool.threads()[0];
      if (thread === undefined || threads.includes(thread)) return;
      threads.push(thread);
      thread.once('exit', crashAgain);
      void thread.terminate();
    };
    const query = service.top(DEFAULT_QUERY_OPTIONS, '');
    crashAgain();
    await assert.rejects(query, QueryWorkerError);
    await waitFor(() => pool.threads()[0] === undefined, 'the pool to give up');
    assert.equal(threads.length, 3);
    await assert.rejects(service.top(DEFAULT_QUERY_OPTIONS, ''), (error: Error) => {
      assert.ok(error instanceof QueryWorkerError);
      // Ended before it ran a line, a worker exits with 0.
      assert.match(
        error.message,
        /^run query: the session's query worker stopped \(it exited with code \d+, for good\); ask again$/,
      );
      return true;
    });
    assert.deepEqual(pool.stats().workers, [
      { sessions: 0, droppedSessions: 0, heldBytes: 0, running: false, callsInFlight: 0, ended: 3 },
    ]);
  });

  it('answers errors as the in-process queries do: same status, message and key', async () => {
    const inProcess = buildViewerApp(fixtureCapture('heap-small.pb.gz', 'Heap'), { queryWorker: 'in-process' });
    const worker = buildViewerApp(fixtureCapture('heap-small.pb.gz', 'Heap'), { queryWorker: 'worker' });
    after(() => Promise.all([inProcess.close(), worker.close()]));
    for (const url of [
      '/api/top?q=(',
      '/api/peek?f=(',
      '/api/top?si=nope',
      '/api/top?base=nope',
      '/api/pivot?part=callers',
    ]) {
      const expected = await inProcess.inject({ url });
      const actual = await worker.inject({ url });
      assert.equal(actual.statusCode, expected.statusCode, url);
      assert.equal(expected.statusCode, 400, url);
      assert.deepEqual(actual.json(), expected.json(), url);
    }
  });

  it('ends a session: its queries fail, and a closed session answers no more', async () => {
    const pool = new QueryPool({ workerCount: 1 });
    after(() => pool.close());
    const opened = await pool.open(fixtureRawBytes('heap-small.pb.gz'));
    const service = opened.serve(poolCaptureFacts('heap-small.pb.gz'));
    const inFlight = service.top(DEFAULT_QUERY_OPTIONS, '');
    await service.close();
    for (const query of [inFlight, service.top(DEFAULT_QUERY_OPTIONS, '')]) {
      await assert.rejects(query, (error: Error) => {
        assert.ok(error instanceof QueryWorkerError);
        assert.equal(error.message, "run query: the session's query worker stopped (the session closed); ask again");
        return true;
      });
    }
    assert.equal(pool.threads()[0], undefined);
    await opened.close(); // twice is harmless
  });
});
