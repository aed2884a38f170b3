import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { poolSessionFor } from '../../test/support/pool-session.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { SlotCalls, type CallEvents } from './query-pool-calls.js';
import { OTHER_LANE } from './query-pool-schedule.js';
import type { PoolCall, PoolSession } from './query-pool-session.js';

/** A slot's calls under a manual clock; what the events saw, in order. */
function callsUnder(
  options: {
    readonly reliefMs?: number;
    readonly othersWork?: () => ReadonlySet<unknown>;
    /** Whether a session asked to move moves (default yes). */
    readonly moves?: () => boolean;
  } = {},
) {
  const clock = new ManualClock();
  const seen: string[] = [];
  const longQuery = new Set(["another session's Peek"]);
  const events: CallEvents = {
    othersWork: options.othersWork ?? (() => longQuery),
    relieve: (session, waitedMs) => {
      seen.push(`relieve ${session.id} after ${waitedMs} ms`);
      return options.moves?.() ?? true;
    },
    expire: (call) => seen.push(`expire ${call.id}`),
  };
  const reliefMs = options.reliefMs;
  const calls = new SlotCalls(
    { queryTimeoutMs: 1000, timers: clock, ...(reliefMs === undefined ? {} : { relief: { waitMs: () => reliefMs } }) },
    events,
  );
  return { clock, seen, calls };
}

function ask(calls: SlotCalls, session: PoolSession, method: PoolCall['method'] = 'top'): PoolCall {
  const settled = () => undefined;
  return calls.add({
    session,
    method,
    args: [],
    asJson: false,
    key: `${method}\n[]`,
    lane: OTHER_LANE,
    resolve: settled,
    reject: settled,
  });
}

describe("a query pool slot's calls in flight", () => {
  it('time a query from when its worker starts it, not from when it is asked', () => {
    const { clock, seen, calls } = callsUnder();
    const call = ask(calls, poolSessionFor(1));
    clock.advance(5000); // waiting in the schedule: no limit runs
    assert.deepEqual(seen, []);
    calls.posted(call);
    calls.started(call.id);
    clock.advance(999);
    assert.deepEqual(seen, []);
    clock.advance(1);
    assert.deepEqual(seen, [`expire ${call.id}`]);
    assert.equal(call.attempts, 1);
  });

  it("stop a taken query's limit when its worker ends, until a replacement starts it again", () => {
    const { clock, seen, calls } = callsUnder();
    const call = ask(calls, poolSessionFor(1));
    calls.posted(call);
    calls.started(call.id);
    call.awaitingLayouts = 1;
    calls.threadEnded();
    assert.deepEqual([call.timer, call.awaitingLayouts], [undefined, 0]);
    clock.advance(2000);
    assert.deepEqual(seen, []);
    assert.deepEqual(calls.taken(), [call]);
    calls.started(call.id);
    clock.advance(1000);
    assert.deepEqual(seen, [`expire ${call.id}`]);
  });

  it("relieve a session whose query waited the relief wait behind another session's, not one already posted", () => {
    const { clock, seen, calls } = callsUnder({ reliefMs: 500 });
    const waiting = ask(calls, poolSessionFor(1));
    const posted = ask(calls, poolSessionFor(2));
    calls.posted(posted);
    clock.advance(499);
    assert.deepEqual(seen, []);
    clock.advance(1);
    assert.deepEqual(seen, ['relieve 1 after 500 ms']);
    assert.equal(waiting.relief, undefined);
  });

  it('relieve nobody while the worker only works for the waiting session itself, or once the call settled', () => {
    const own = callsUnder({ reliefMs: 500, othersWork: () => new Set() });
    ask(own.calls, poolSessionFor(1));
    own.clock.advance(500);
    assert.deepEqual(own.seen, []);
    const settled = callsUnder({ reliefMs: 500 });
    const call = ask(settled.calls, poolSessionFor(1));
    settled.calls.finish(call);
    settled.clock.advance(500);
    assert.deepEqual(settled.seen, []);
    assert.equal(settled.calls.size, 0);
    assert.equal(settled.clock.pending, 0);
  });

  it('relieve nobody behind a stream of short queries, and the first that runs the whole wait', () => {
    let running = 'decoding 2';
    const { clock, seen, calls } = callsUnder({ reliefMs: 500, othersWork: () => new Set([running]) });
    ask(calls, poolSessionFor(1));
    running = 'decoding 3';
    clock.advance(500);
    assert.deepEqual(seen, []);
    running = 'decoding 4';
    clock.advance(500);
    assert.deepEqual(seen, []);
    // decoding 4 was running when this wait began, and still runs as it ends: a long one.
    clock.advance(500);
    assert.deepEqual(seen, ['relieve 1 after 500 ms']);
  });

  it('ask again after each wait while the session cannot move, counting the time behind the same work', () => {
    let running = ['Peek'];
    let moves = false;
    const { clock, seen, calls } = callsUnder({
      reliefMs: 500,
      othersWork: () => new Set(running),
      moves: () => moves,
    });
    ask(calls, poolSessionFor(1));
    clock.advance(500);
    clock.advance(500);
    assert.deepEqual(seen, ['relieve 1 after 500 ms', 'relieve 1 after 1000 ms']);
    // The Peek ended and another started: the count starts again behind it.
    running = ['Graph'];
    clock.advance(500);
    moves = true;
    clock.advance(500);
    clock.advance(500);
    assert.deepEqual(seen.slice(2), ['relieve 1 after 500 ms']);
  });

  it('know the calls of each session and give each a new id, also when it moves in again', () => {
    const { calls } = callsUnder();
    const [one, two] = [poolSessionFor(1), poolSessionFor(2)];
    const first = ask(calls, one);
    const second = ask(calls, two, 'flameGraph');
    assert.deepEqual(calls.of(one), [first]);
    assert.deepEqual([calls.has(one), calls.has(two)], [true, true]);
    calls.finish(second);
    assert.deepEqual([calls.has(two), calls.get(second.id)], [false, undefined]);
    const moved = calls.add(second);
    assert.deepEqual([moved.id, moved.method, moved.attempts, second.id], [3, 'flameGraph', 0, 2]);
  });

  it('remember the last 64 queries of a session that ran past the limit, the oldest forgotten first', () => {
    const { calls } = callsUnder();
    const session = poolSessionFor(1);
    for (let line = 0; line < 65; line++) calls.rememberTimeout({ ...ask(calls, session), key: `peek\n[${line}]` });
    assert.equal(session.timedOut.size, 64);
    assert.deepEqual([session.timedOut.has('peek\n[0]'), session.timedOut.has('peek\n[1]')], [false, true]);
    assert.equal(session.timedOut.has('peek\n[64]'), true);
  });
});
