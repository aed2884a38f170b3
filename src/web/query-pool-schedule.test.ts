import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CallSchedule,
  FIRST_PAINT_HOLD_MS,
  FIRST_PAINT_LANE,
  FirstPaintGate,
  isFirstPaintQuery,
  OTHER_LANE,
  type ScheduledCall,
} from './query-pool-schedule.js';
import { ManualClock } from '../../test/support/manual-clock.js';

interface Call extends ScheduledCall {
  readonly name: string;
  awaitingLayouts: number;
}

function call(name: string, session: number, lane: number): Call {
  return { name, session: { id: session }, lane, awaitingLayouts: 0 };
}

/** A schedule whose worker is a list: what was posted to it, in order. */
function scheduleWith(gate: FirstPaintGate, canPost = () => true) {
  const posted: string[] = [];
  const schedule = new CallSchedule<Call>(gate, { canPost, send: (sent) => posted.push(sent.name) });
  return { schedule, posted };
}

describe('CallSchedule', () => {
  it("posts a new session's decoding and first-paint queries ahead of another session's queued queries, one query at a time", () => {
    const { schedule, posted } = scheduleWith(new FirstPaintGate(false));
    const busy = [1, 2, 3, 4].map((n) => call(`A${n}`, 1, OTHER_LANE));
    for (const queued of busy) schedule.enqueue(queued);
    assert.deepEqual(posted, ['A1']);
    schedule.decodingPosted(2, true);
    const first = [call('B1', 2, FIRST_PAINT_LANE), call('B2', 2, FIRST_PAINT_LANE)];
    for (const queued of first) schedule.enqueue(queued);
    schedule.settled(busy[0]!);
    // The worker decodes B now: nothing else goes to it meanwhile.
    assert.deepEqual(posted, ['A1']);
    assert.equal(schedule.firstPaintWork, 3);
    schedule.decoded(2);
    assert.deepEqual(posted, ['A1', 'B1']);
    schedule.settled(first[0]!);
    schedule.settled(first[1]!);
    assert.deepEqual(posted, ['A1', 'B1', 'B2', 'A2']);
    assert.equal(schedule.firstPaintWork, 0);
    assert.equal(schedule.waiting, 2);
  });

  it('serves the sessions of a lane in turn, and takes the next query while one waits for Graphviz', () => {
    const { schedule, posted } = scheduleWith(new FirstPaintGate(false));
    const calls = ['A1', 'A2', 'A3', 'C1'].map((name) => call(name, name.startsWith('A') ? 1 : 3, OTHER_LANE));
    for (const queued of calls) schedule.enqueue(queued);
    assert.deepEqual(posted, ['A1']);
    calls[0]!.awaitingLayouts = 1;
    schedule.pump();
    assert.deepEqual(posted, ['A1', 'A2']);
    // A ran last: C's turn, though A queued earlier.
    schedule.settled(calls[1]!);
    assert.deepEqual(posted, ['A1', 'A2', 'C1']);
    // A1's layout came back: it runs again, and nothing more is posted until it ends.
    calls[0]!.awaitingLayouts = 0;
    schedule.settled(calls[3]!);
    assert.deepEqual(posted, ['A1', 'A2', 'C1']);
    schedule.settled(calls[0]!);
    assert.deepEqual(posted, ['A1', 'A2', 'C1', 'A3']);
  });

  it("holds the other workers' other queries while first-paint work runs anywhere, when the gate holds others", () => {
    const gate = new FirstPaintGate(true);
    const opening = scheduleWith(gate);
    const busy = scheduleWith(gate);
    const others = ['C1', 'C2'].map((name) => call(name, 3, OTHER_LANE));
    for (const queued of others) busy.schedule.enqueue(queued);
    assert.deepEqual(busy.posted, ['C1']);
    opening.schedule.decodingPosted(2, true);
    opening.schedule.enqueue(call('A1', 1, OTHER_LANE));
    busy.schedule.settled(others[0]!);
    // C1 ran on (a worker cannot be interrupted); C2 and A1 wait for B's first paint.
    assert.equal(gate.holding, true);
    assert.deepEqual(busy.posted, ['C1']);
    const first = call('B1', 2, FIRST_PAINT_LANE);
    opening.schedule.enqueue(first);
    opening.schedule.decoded(2);
    assert.deepEqual(opening.posted, ['B1']);
    assert.deepEqual(busy.posted, ['C1']);
    opening.schedule.settled(first);
    assert.equal(gate.holding, false);
    assert.deepEqual(busy.posted, ['C1', 'C2']);
    assert.deepEqual(opening.posted, ['B1', 'A1']);
  });

  it('lets the other workers go while a first-paint query waits for Graphviz, and holds them again once it runs', () => {
    const gate = new FirstPaintGate(true);
    const opening = scheduleWith(gate);
    const busy = scheduleWith(gate);
    const graph = call('B1', 2, FIRST_PAINT_LANE);
    opening.schedule.enqueue(graph);
    const others = ['C1', 'C2', 'C3'].map((name) => call(name, 3, OTHER_LANE));
    for (const queued of others) busy.schedule.enqueue(queued);
    assert.deepEqual(busy.posted, []);
    graph.awaitingLayouts = 1;
    opening.schedule.layoutAsked(graph);
    assert.deepEqual(busy.posted, ['C1']);
    // The layout came back: B1 runs again, and C2 waits for it.
    graph.awaitingLayouts = 0;
    busy.schedule.settled(others[0]!);
    assert.deepEqual(busy.posted, ['C1']);
    opening.schedule.settled(graph);
    assert.deepEqual(busy.posted, ['C1', 'C2']);
  });

  it("holds no other worker while the first-paint work waits behind another session's query, and holds them once it can run", () => {
    const gate = new FirstPaintGate(true);
    const stuck = scheduleWith(gate);
    const other = scheduleWith(gate);
    const peek = call('A1', 1, OTHER_LANE);
    stuck.schedule.enqueue(peek);
    stuck.schedule.decodingPosted(2, true);
    stuck.schedule.enqueue(call('B1', 2, FIRST_PAINT_LANE));
    // B's decoding waits in a worker busy with A's Peek: the other workers' clicks run on meanwhile.
    assert.equal(gate.holding, false);
    const clicks = ['C1', 'C2'].map((name) => call(name, 3, OTHER_LANE));
    for (const queued of clicks) other.schedule.enqueue(queued);
    assert.deepEqual(other.posted, ['C1']);
    other.schedule.settled(clicks[0]!);
    assert.deepEqual(other.posted, ['C1', 'C2']);
    // The Peek ended: B's decoding runs now, and the other workers' next click waits for it.
    stuck.schedule.settled(peek);
    assert.equal(gate.holding, true);
    other.schedule.enqueue(call('C3', 3, OTHER_LANE));
    other.schedule.settled(clicks[1]!);
    assert.deepEqual(other.posted, ['C1', 'C2']);
  });

  it('holds the other workers for a bounded time only, and holds them again for the next first paint', () => {
    const clock = new ManualClock();
    const gate = new FirstPaintGate(true, { timers: clock, holdMs: FIRST_PAINT_HOLD_MS });
    const opening = scheduleWith(gate);
    const other = scheduleWith(gate);
    // A first paint of seconds (a 400,000-frame stack decoding).
    opening.schedule.decodingPosted(2, true);
    const clicks = ['C1', 'C2', 'C3'].map((name) => call(name, 3, OTHER_LANE));
    other.schedule.enqueue(clicks[0]!);
    assert.deepEqual(other.posted, []);
    clock.advance(FIRST_PAINT_HOLD_MS - 1);
    assert.deepEqual(other.posted, []);
    clock.advance(1);
    assert.deepEqual(other.posted, ['C1']);
    assert.equal(gate.holding, false);
    opening.schedule.decoded(2);
    // The next session's first paint holds them again, for its own time.
    opening.schedule.decodingPosted(4, true);
    other.schedule.enqueue(clicks[1]!);
    other.schedule.settled(clicks[0]!);
    assert.deepEqual(other.posted, ['C1']);
    clock.advance(FIRST_PAINT_HOLD_MS);
    assert.deepEqual(other.posted, ['C1', 'C2']);
    // Its first paint ended before its time: the others go at once.
    opening.schedule.decoded(4);
    opening.schedule.decodingPosted(5, true);
    other.schedule.enqueue(clicks[2]!);
    other.schedule.settled(clicks[1]!);
    assert.deepEqual(other.posted, ['C1', 'C2']);
    opening.schedule.decoded(5);
    assert.deepEqual(other.posted, ['C1', 'C2', 'C3']);
  });

  it('lets the other workers run on when the gate holds no one (more cores than workers)', () => {
    const gate = new FirstPaintGate(false);
    const opening = scheduleWith(gate);
    const busy = scheduleWith(gate);
    const others = ['C1', 'C2'].map((name) => call(name, 3, OTHER_LANE));
    for (const queued of others) busy.schedule.enqueue(queued);
    opening.schedule.decodingPosted(2, true);
    busy.schedule.settled(others[0]!);
    assert.equal(gate.holding, false);
    assert.deepEqual(busy.posted, ['C1', 'C2']);
  });

  it('never posts a queued query whose session closed, and its first-paint work no longer holds the others', () => {
    const gate = new FirstPaintGate(true);
    // The worker's thread is starting: everything waits here.
    let started = false;
    const { schedule, posted } = scheduleWith(gate, () => started);
    const closed = call('B1', 2, FIRST_PAINT_LANE);
    schedule.enqueue(closed);
    schedule.enqueue(call('B2', 2, OTHER_LANE));
    schedule.enqueue(call('A1', 1, OTHER_LANE));
    assert.equal(gate.holding, true);
    schedule.settled(closed);
    assert.equal(gate.holding, false);
    started = true;
    schedule.pump();
    assert.deepEqual(posted, ['A1']);
    assert.equal(schedule.waiting, 1);
  });

  it("waits while no worker can take a query, and counts a replaced worker's queries and decodings as its own", () => {
    let workerRuns = true;
    const { schedule, posted } = scheduleWith(new FirstPaintGate(false), () => workerRuns);
    const taken = call('A1', 1, OTHER_LANE);
    const queued = call('A2', 1, OTHER_LANE);
    schedule.enqueue(taken);
    // The worker ends: A1 stays the schedule's to ask again, A2 must wait for the next worker.
    workerRuns = false;
    schedule.enqueue(queued);
    schedule.enqueue(call('A3', 1, OTHER_LANE));
    schedule.pump();
    assert.deepEqual(posted, ['A1']);
    workerRuns = true;
    // The new worker was given A1 again and decodes session 1 first.
    schedule.workerReplaced([taken], [1]);
    schedule.pump();
    schedule.decoded(1);
    assert.deepEqual(posted, ['A1']);
    schedule.settled(taken);
    assert.deepEqual(posted, ['A1', 'A2']);
  });

  it('puts in the first-paint lane only what a flame graph page asks for as it loads', () => {
    assert.deepEqual(
      (['summary', 'flameGraph', 'bases', 'presets', 'labels', 'top', 'peek', 'graph', 'source'] as const).filter(
        isFirstPaintQuery,
      ),
      ['summary', 'flameGraph', 'bases', 'presets', 'labels'],
    );
  });
});
