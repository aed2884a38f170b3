import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../test/support/manual-clock.js';
import { poolCaptureFacts } from '../../test/support/fixture-capture.js';
import { poolSessionFor } from '../../test/support/pool-session.js';
import { ProfileDecodeError } from '../pprof/index.js';
import { sharedGraphLayout } from './graph-layout.js';
import { SlotCalls } from './query-pool-calls.js';
import { QueryWorkerError } from './query-pool-errors.js';
import { OTHER_LANE } from './query-pool-schedule.js';
import type { PoolSession, ServedCapture } from './query-pool-session.js';
import { openMessage, serveMessage, SlotSessions } from './query-pool-slot-sessions.js';

/** Served in the budget (a hold that gives nothing back: these tests only ask who may drop). */
function served(name: string): ServedCapture {
  return {
    capture: poolCaptureFacts(name),
    graphLayout: { layout: sharedGraphLayout, timeLimitMs: 1000 },
    budget: { dropBytes: () => undefined, reclaimBytes: () => undefined },
  };
}

function noCalls(): SlotCalls {
  const never = () => false;
  return new SlotCalls(
    { queryTimeoutMs: Infinity, timers: new ManualClock() },
    { othersWork: () => new Set(), relieve: never, expire: never },
  );
}

function placed(...sessions: PoolSession[]): SlotSessions {
  const slot = new SlotSessions();
  for (const session of sessions) slot.add(session);
  return slot;
}

describe("a query pool slot's sessions", () => {
  it('count the decoded bytes of the sessions not dropped, and which are dropped', () => {
    const slot = placed(
      poolSessionFor(1, { decodedBytes: 3_000_000 }),
      poolSessionFor(2, { decodedBytes: 5_000_000, dropped: true }),
      poolSessionFor(3, { decodedBytes: 7_000_000 }),
    );
    assert.deepEqual([slot.heldBytes, slot.droppedCount, slot.size, slot.allDropped], [10_000_000, 1, 3, false]);
    for (const session of slot.values()) session.dropped = true;
    assert.deepEqual([slot.heldBytes, slot.allDropped], [0, true]);
  });

  it('drop the least recently queried served session first, not one opening, queried, dropped or outside the budget', () => {
    const calls = noCalls();
    const oldest = poolSessionFor(1, { served: served('queried'), lastUsed: 1 });
    const opening = poolSessionFor(2, { served: served('opening'), lastUsed: 2 });
    const dropped = poolSessionFor(3, { served: served('dropped'), lastUsed: 3, dropped: true });
    const unbudgeted = poolSessionFor(4, { served: { ...served('view'), budget: undefined }, lastUsed: 4 });
    const next = poolSessionFor(5, { served: served('next'), lastUsed: 6 });
    const newest = poolSessionFor(6, { served: served('newest'), lastUsed: 7 });
    const slot = placed(oldest, opening, dropped, unbudgeted, newest, next);
    void slot.startOpening(opening);
    const settled = () => undefined;
    calls.add({
      session: oldest,
      method: 'top',
      args: [],
      asJson: false,
      key: 'top\n[]',
      lane: OTHER_LANE,
      resolve: settled,
      reject: settled,
    });
    assert.equal(slot.dropCandidate(calls), next);
    assert.deepEqual(
      [oldest, opening, dropped, unbudgeted, next].map((session) => slot.mayDrop(session, calls)),
      [false, false, false, true, true],
    );
    assert.equal(slot.mayDrop(poolSessionFor(5, { served: served('another with the same id') }), calls), false);
  });

  it('fail a capture whose first decoding took two workers down, naming the crash, and keep the others', async () => {
    const failing = poolSessionFor(1);
    const decoded = poolSessionFor(2, { decoded: true });
    const slot = placed(failing, decoded);
    const opened = slot.startOpening(failing);
    const cause = new Error('it exited with code 134');
    const failure = new QueryWorkerError(cause.message, { cause });
    slot.blameDecoding(cause, failure);
    assert.deepEqual([failing.crashesWhileDecoding, slot.size, slot.isOpening(1)], [1, 2, true]);
    slot.blameDecoding(cause, failure);
    await assert.rejects(
      opened,
      (error: Error) =>
        error instanceof ProfileDecodeError &&
        error.message.endsWith('its decoding stopped the worker (it exited with code 134)'),
    );
    assert.deepEqual([slot.size, slot.holds(decoded), failing.brokenBy], [1, true, failure]);
  });

  it('break every session when no worker starts: the openings fail with the reason, then the slot forgets them', async () => {
    const slot = placed(poolSessionFor(1), poolSessionFor(2, { decoded: true }));
    const opened = slot.startOpening(slot.get(1)!);
    const failure = new QueryWorkerError('it exited with code 1');
    slot.breakAll(failure);
    await assert.rejects(opened, (error: Error) => error === failure);
    assert.deepEqual(
      [...slot.values()].map((session) => session.brokenBy),
      [failure, failure],
    );
    slot.clear();
    assert.deepEqual([slot.size, slot.openingCount], [0, 0]);
  });

  it('give a worker the raw bytes to decode (a move or re-decode without the pre-build) and the capture to serve', () => {
    const rawBytes = new Uint8Array([0x1f, 0x8b]);
    const session = poolSessionFor(7, { rawBytes, decodeOptions: { maxDecompressedBytes: 10 } });
    assert.deepEqual(openMessage(session), {
      kind: 'open',
      session: 7,
      rawBytes,
      decodeOptions: { maxDecompressedBytes: 10 },
      prebuild: true,
    });
    assert.equal((openMessage(session, false) as { prebuild: boolean }).prebuild, false);
    const capture = served('heap-medium');
    assert.deepEqual(serveMessage(session, capture), {
      kind: 'serve',
      session: 7,
      capture: capture.capture,
      graphTimeLimitMs: 1000,
    });
  });
});
