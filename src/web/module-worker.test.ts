import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtureRawBytes } from '../../test/support/fixture-capture.js';
import { endModuleWorker, startModuleWorker } from './module-worker.js';

/** A query pool worker that has started (answered its first message). */
async function startedPoolWorker() {
  const worker = startModuleWorker('query-pool-worker');
  await new Promise((resolve) => worker.once('online', resolve));
  return worker;
}

describe('endModuleWorker', () => {
  it('lets an idle worker exit by itself between two tasks (code 0, not terminated)', async () => {
    const worker = await startedPoolWorker();
    assert.equal(await endModuleWorker(worker), 0);
    // Ended already: asked again, it answers at once.
    assert.equal(await endModuleWorker(worker), 0);
  });

  it('terminates a worker still busy past the grace time (code 1)', async () => {
    const worker = await startedPoolWorker();
    // Decoding heap-large takes a worker far longer than the 1 ms granted.
    worker.postMessage({ kind: 'open', session: 1, rawBytes: fixtureRawBytes('heap-large.pb.gz'), decodeOptions: {} });
    assert.equal(await endModuleWorker(worker, 1), 1);
  });
});
