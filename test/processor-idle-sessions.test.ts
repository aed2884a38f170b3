// Idle sessions in the real processor (`--session-idle-seconds`): their decoded profiles are given
// back to the decoded-profile budget (the /metrics gauge shows it), their next query decodes them
// again with pprof's numbers, and a full budget drops the least recently queried profile not in use
// to make room (refusing when none can be: query-pool-room.test.ts, session-manager.test.ts).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { summarizeDecodedProfile } from '../src/web/query-pool-messages.js';
import { fixturePath, loadFixture } from './support/fixtures.js';
import { goToolPprof } from './support/go-pprof.js';
import { ManualClock } from './support/manual-clock.js';
import { startProfileServer, type ProfileServer } from './support/profile-server.js';
import { waitFor } from './support/wait-for.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';

const FIXTURE = 'cpu-medium.pb.gz';
const IDLE_SECONDS = 45;
const DECODED_BYTES = summarizeDecodedProfile(loadFixture(FIXTURE)).decodedBytes;
const clock = new ManualClock();

let source: ProfileServer;
before(async () => {
  source = await startProfileServer(new Uint8Array(readFileSync(fixturePath(FIXTURE))));
});
after(() => source.close());

async function sessionBytesGauge(processor: TestProcessor): Promise<number> {
  const text = await (await fetch(`${processor.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith('go_profiler_session_bytes '));
  assert.ok(line !== undefined, 'the go_profiler_session_bytes gauge');
  return Number(line.slice(line.indexOf(' ') + 1));
}

/**
 * Lets the idle time pass once no query is in flight: a viewer warms its default flame graph as it
 * opens, and a query running holds its profile (the idle time starts when it is answered).
 */
async function idleAfterWarming(processor: TestProcessor): Promise<void> {
  await warmed(processor);
  clock.advance(IDLE_SECONDS * 1000);
}

/** No query in flight: each session's warm-up flame graph is answered, so each may be dropped for room. */
async function warmed(processor: TestProcessor): Promise<void> {
  const { queryPool } = processor.processor;
  await waitFor(
    () => queryPool.stats().workers.every(({ callsInFlight }) => callsInFlight === 0),
    'the viewers to warm their flame graphs',
  );
}

const droppedSessions = (processor: TestProcessor) =>
  processor.processor.queryPool.stats().workers.reduce((sum, { droppedSessions }) => sum + droppedSessions, 0);

async function top(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/api/top`);
  const json = (await response.json()) as { error?: string; legend?: string[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), json };
}

describe('idle sessions in the processor', () => {
  it('give their decoded bytes back, answer again as pprof does, and make room for each other in a full budget', async () => {
    // Room for one profile and a half.
    const processor = await startTestProcessor({
      clock,
      profileBudgetBytes: Math.floor(DECODED_BYTES * 1.5),
      trust: { sessionIdleSeconds: IDLE_SECONDS },
    });
    try {
      const first = await processor.post({ source: source.url, type: 'Profile', expirationSeconds: 3600 });
      assert.equal(first.status, 200, JSON.stringify(first.json));
      const port = viewerPort(first.json);
      const answered = await top(port);
      assert.equal(answered.status, 200);
      assert.equal(await sessionBytesGauge(processor), DECODED_BYTES);

      await idleAfterWarming(processor);
      assert.equal(processor.processor.sessions.heldBytes, 0);
      assert.equal(await sessionBytesGauge(processor), 0);
      assert.deepEqual(
        processor.processor.queryPool
          .stats()
          .workers.map(({ droppedSessions, heldBytes }) => [droppedSessions, heldBytes]),
        processor.processor.queryPool.stats().workers.map(({ sessions }) => [sessions, 0]),
      );

      // Its bytes went back: a second session fits.
      const second = await processor.post({ source: source.url, type: 'Profile', expirationSeconds: 600 });
      assert.equal(second.status, 200, JSON.stringify(second.json));
      const secondPort = viewerPort(second.json);
      const secondAnswer = await top(secondPort);
      assert.equal(secondAnswer.status, 200);
      await warmed(processor);

      // The budget holds one profile: the first's query drops the second (least recently queried, no
      // query in flight) rather than refuse, and is answered with pprof's numbers, as before.
      const again = await top(port);
      assert.equal(again.status, 200, JSON.stringify(again.json));
      assert.deepEqual(again.json, answered.json);
      const pprof = (await goToolPprof(['-top', fixturePath(FIXTURE)])).split('\n');
      const legend = again.json.legend ?? [];
      assert.deepEqual(legend, pprof.slice(0, legend.length));
      assert.deepEqual([processor.processor.sessions.heldBytes, droppedSessions(processor)], [DECODED_BYTES, 1]);
      assert.equal(await sessionBytesGauge(processor), DECODED_BYTES);

      // And the second's next query drops the first in turn.
      await warmed(processor);
      const secondAgain = await top(secondPort);
      assert.equal(secondAgain.status, 200, JSON.stringify(secondAgain.json));
      assert.deepEqual(secondAgain.json, secondAnswer.json);
      assert.deepEqual([processor.processor.sessions.heldBytes, droppedSessions(processor)], [DECODED_BYTES, 1]);
    } finally {
      await processor.close();
    }
  });
});
