import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { decodeProfile } from '../pprof/index.js';
import { DEFAULT_QUERY_OPTIONS } from '../query/query-options.js';
import { fixturePath } from '../../test/support/fixtures.js';
import { startTestProcessor } from '../../test/support/test-processor.js';
import { GRAPH_LAYOUT_TIME_LIMIT_MS, sharedGraphLayout } from './graph-layout.js';
import { QueryWorkerError, WorkerQueryService } from './query-worker-client.js';
import { buildViewerApp, type ViewerCapture } from './viewer-server.js';

/** A capture with a profile of its own (a handed-over profile is emptied: never share the fixture cache's). */
function freshCapture(fixture: string): ViewerCapture {
  const rawBytes = new Uint8Array(readFileSync(fixturePath(fixture)));
  return {
    profile: decodeProfile(rawBytes),
    rawBytes,
    file: `profilers/go/pprof/20261125065500/default.demo.${fixture}.prof`,
    type: 'Heap',
    source: 'http://127.0.0.1:6060',
    capturedAt: new Date('2026-11-25T06:55:00Z'),
  };
}

function workerService(fixture: string): WorkerQueryService {
  const { profile, rawBytes, file, type, source, capturedAt } = freshCapture(fixture);
  return new WorkerQueryService({
    profile,
    handOverProfile: true,
    rawBytes,
    capture: { file, type, source, capturedAt },
    graphLayout: { layout: sharedGraphLayout, timeLimitMs: GRAPH_LAYOUT_TIME_LIMIT_MS },
  });
}

describe('query worker', () => {
  it("answers a small session and the processor's API while a large session's heavy query runs", async () => {
    const large = freshCapture('heap-large.pb.gz');
    const largeApp = buildViewerApp(large, { queryWorker: 'auto', handOverProfile: true });
    const smallApp = buildViewerApp(freshCapture('heap-small.pb.gz'), { queryWorker: 'auto' });
    const processor = await startTestProcessor();
    after(() => Promise.all([largeApp.close(), smallApp.close(), processor.close()]));
    // Handed over: this thread no longer holds the large profile's samples.
    assert.equal(large.profile.samples.values.byteLength, 0);
    assert.equal((await largeApp.inject({ url: '/api/profile' })).statusCode, 200);

    const finished: string[] = [];
    // Peek at every line of heap-large with no focus: seconds of work.
    const heavy = largeApp.inject({ url: '/api/peek?g=lines' }).then((response) => {
      finished.push('heavy');
      return response;
    });
    // Let the heavy query reach its worker (in-process it would hold this thread until it is done).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const top = await smallApp.inject({ url: '/api/top' });
    finished.push('small top');
    const api = await processor.post({});
    finished.push('processor API');

    assert.equal(top.statusCode, 200);
    assert.ok(top.json().rows.length > 0);
    assert.equal(api.status, 400, 'an empty request is refused, promptly');
    assert.equal((await heavy).statusCode, 200);
    assert.ok((await heavy).json().entries.length > 0);
    assert.deepEqual(finished, ['small top', 'processor API', 'heavy']);
  });

  it('answers errors as the in-process queries do: same status, message and key', async () => {
    const inProcess = buildViewerApp(freshCapture('heap-small.pb.gz'), { queryWorker: 'in-process' });
    const worker = buildViewerApp(freshCapture('heap-small.pb.gz'), { queryWorker: 'worker' });
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
      assert.ok(expected.statusCode >= 400, url);
      assert.deepEqual(actual.json(), expected.json(), url);
    }
  });

  it('ends its worker when the session closes, and answers no more', async () => {
    const service = workerService('heap-small.pb.gz');
    assert.ok((await service.top(DEFAULT_QUERY_OPTIONS, '')).rows.length > 0);
    const exited = new Promise<number>((resolve) => service.currentWorker.once('exit', resolve));
    await service.close();
    await exited;
    await assert.rejects(service.top(DEFAULT_QUERY_OPTIONS, ''), (error: Error) => {
      assert.ok(error instanceof QueryWorkerError);
      assert.match(error.message, /query worker stopped \(the session closed\)/);
      return true;
    });
  });

  it('fails the queries a crashed worker was answering, then answers from a new worker', async () => {
    const service = workerService('heap-small.pb.gz');
    after(() => service.close());
    const first = service.currentWorker;
    const inFlight = service.top(DEFAULT_QUERY_OPTIONS, '');
    await first.terminate();
    await assert.rejects(inFlight, (error: Error) => {
      assert.ok(error instanceof QueryWorkerError);
      assert.match(
        error.message,
        /^run query: the session's query worker stopped \(it exited with code \d+\); ask again$/,
      );
      return true;
    });
    assert.notEqual(service.currentWorker, first);
    // The new worker decoded the raw capture: same answer as ever.
    const top = await service.top(DEFAULT_QUERY_OPTIONS, '');
    assert.ok(top.rows.length > 0);
    assert.equal(top.rows[0]!.name, (await service.top(DEFAULT_QUERY_OPTIONS, '')).rows[0]!.name);
  });
});
