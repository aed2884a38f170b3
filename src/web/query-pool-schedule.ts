// When a query pool worker takes each query. A worker runs its messages in order, so a query posted
// at once waits behind every query posted before it, of every session in that worker: a new
// session's decoding and first flame graph queued behind other sessions' clicks. Here the queries
// wait in this thread instead and go to the worker one at a time (a query waiting for Graphviz does
// not count), in two lanes: a new session's first-paint work (its decoding and first few queries)
// before the rest, and within a lane the sessions take turns (fair-queue.ts). With as many workers
// as cores, first-paint work anywhere also holds back the other workers' non-first-paint queries
// (the FirstPaintGate), so that the new session's thread has a core and the processor's thread the
// other: a first paint waits for at most the query its worker is running. The hold is bounded
// (FIRST_PAINT_HOLD_MS): a first paint that takes seconds (400,000 frames in one stack) must not
// stall every other session that long; past it, the others run until no first paint is left.

import { FairQueue } from './fair-queue.js';
import type { QueryMethod } from './query-pool-messages.js';
import type { TimerHandle, Timers } from './timers.js';

/** The longest the other workers' other queries are held for first paints, in one go. */
export const FIRST_PAINT_HOLD_MS = 2000;

/** The lanes: a new session's first paint, then everything else. */
export const FIRST_PAINT_LANE = 0;
export const OTHER_LANE = 1;

/**
 * What a flame graph page asks for as it loads. A new session's other first queries (a page opened
 * on a Peek of every line, say) take their turn: seconds of work must not hold the other workers.
 */
const FIRST_PAINT_QUERIES: ReadonlySet<QueryMethod> = new Set(['summary', 'flameGraph', 'bases', 'presets', 'labels']);

export function isFirstPaintQuery(method: QueryMethod): boolean {
  return FIRST_PAINT_QUERIES.has(method);
}

/** What the schedule knows of a query: its session, its lane and whether it waits for Graphviz. */
export interface ScheduledCall {
  readonly session: { readonly id: number };
  readonly lane: number;
  /** Layouts it waits for (the worker is free meanwhile). */
  readonly awaitingLayouts: number;
}

/**
 * The pool's first-paint work across its workers: while any worker has some, the others take no
 * other query (when `holdsOthers`: fewer cores than workers plus the processor's own thread).
 */
export class FirstPaintGate {
  private readonly schedules = new Set<CallSchedule<ScheduledCall>>();
  /** The hold began and its time is running; undefined while nothing is held. */
  private holdTimer: TimerHandle | undefined;
  /** The hold lasted its time: the others run until no first-paint work is left anywhere. */
  private holdSpent = false;

  /** @param bound how long one hold may last (`holdMs`, timed by `timers`); default unbounded. */
  constructor(
    readonly holdsOthers: boolean,
    private readonly bound?: { readonly timers: Timers; readonly holdMs: number },
  ) {}

  add(schedule: CallSchedule<ScheduledCall>): void {
    this.schedules.add(schedule);
  }

  /** Whether other queries wait now (a hold starts its time when first asked). */
  get holding(): boolean {
    if (!this.holdsOthers) return false;
    if (!this.firstPaintAnywhere()) {
      this.endHold();
      return false;
    }
    if (this.holdSpent) return false;
    if (this.holdTimer === undefined && this.bound !== undefined) {
      this.holdTimer = this.bound.timers.setTimer(() => {
        this.holdSpent = true;
        for (const schedule of this.schedules) schedule.pump();
      }, this.bound.holdMs);
    }
    return true;
  }

  /** Some first-paint work ended: when none is left, every worker takes the other queries again. */
  released(): void {
    if (!this.holding) for (const schedule of this.schedules) schedule.pump();
  }

  private firstPaintAnywhere(): boolean {
    for (const schedule of this.schedules) if (schedule.firstPaintWork > 0) return true;
    return false;
  }

  private endHold(): void {
    this.holdTimer?.cancel();
    this.holdTimer = undefined;
    this.holdSpent = false;
  }
}

/** One worker's queue: the queries not yet posted to it, the ones it runs, the decodings it does. */
export class CallSchedule<Call extends ScheduledCall> {
  private readonly queue = new FairQueue<number, Call>({ lanes: 2, onePerOwner: false });
  private readonly posted = new Set<Call>();
  /** Sessions being decoded (or taken) in the worker, and whether that is first-paint work. */
  private readonly decoding = new Map<number, boolean>();
  private firstPaintQueued = 0;

  /** @param worker whether a worker can take a query now, and how one is posted to it. */
  constructor(
    private readonly gate: FirstPaintGate,
    private readonly worker: { canPost(): boolean; send(call: Call): void },
  ) {
    gate.add(this as unknown as CallSchedule<ScheduledCall>);
  }

  /**
   * First-paint decodings and queries, queued or in the worker; not one waiting for Graphviz (a
   * layout may take seconds: holding the other workers that long would stall every other session).
   */
  get firstPaintWork(): number {
    // Behind another session's click the worker is running, first-paint work waits anyway: holding
    // the other workers would stall every session and speed up nothing.
    for (const call of this.posted) if (call.lane === OTHER_LANE && call.awaitingLayouts === 0) return 0;
    let work = this.firstPaintQueued;
    for (const firstPaint of this.decoding.values()) if (firstPaint) work++;
    for (const call of this.posted) if (call.lane === FIRST_PAINT_LANE && call.awaitingLayouts === 0) work++;
    return work;
  }

  /** Queries waiting here, not yet posted. */
  get waiting(): number {
    return this.queue.waitingIn(FIRST_PAINT_LANE) + this.queue.waitingIn(OTHER_LANE);
  }

  /** Whether the worker is busy with another session's work (a query or a decoding) than `session`'s. */
  busyWithOthers(session: number): boolean {
    return this.othersWork(session).size > 0;
  }

  /**
   * The work of other sessions than `session` the worker has now: its queries (not those waiting
   * for Graphviz) and its decodings (as `decoding <id>`), each the same value for as long as it runs.
   */
  othersWork(session: number): ReadonlySet<unknown> {
    const work = new Set<unknown>();
    for (const decoding of this.decoding.keys()) if (decoding !== session) work.add(`decoding ${decoding}`);
    for (const call of this.posted) if (call.awaitingLayouts === 0 && call.session.id !== session) work.add(call);
    return work;
  }

  /** Takes a session's queued queries out (it moves to another worker, query-pool-relief.ts) and forgets its decoding. */
  takeQueued(session: number): Call[] {
    const queued = this.queue.remove(session);
    const firstPaint = queued.filter((call) => call.lane === FIRST_PAINT_LANE).length;
    this.firstPaintQueued -= firstPaint;
    const decodingFirstPaint = this.decoding.get(session) === true;
    this.decoding.delete(session);
    this.settle(firstPaint > 0 || decodingFirstPaint);
    return queued;
  }

  /** A session's decoding was posted: the worker is busy with it until `decoded`. */
  decodingPosted(session: number, firstPaint: boolean): void {
    this.decoding.set(session, firstPaint || this.decoding.get(session) === true);
  }

  /** The worker has decoded the session (and built its first flame graph), or failed to. */
  decoded(session: number): void {
    const firstPaint = this.decoding.get(session);
    if (firstPaint === undefined) return;
    this.decoding.delete(session);
    this.settle(firstPaint);
  }

  enqueue(call: Call): void {
    this.queue.push(call.session.id, call, call.lane);
    if (call.lane === FIRST_PAINT_LANE) this.firstPaintQueued++;
    this.pump();
  }

  /** The query ended (answered, failed, abandoned): it leaves the worker or the queue. */
  settled(call: Call): void {
    if (this.posted.delete(call)) {
      this.settle(call.lane === FIRST_PAINT_LANE);
      return;
    }
    // Still queued (its session closed): taken out so that it is never posted.
    const queued = this.queue.remove(call.session.id);
    for (const other of queued) if (other !== call) this.queue.push(other.session.id, other, other.lane);
    if (queued.includes(call) && call.lane === FIRST_PAINT_LANE) this.firstPaintQueued--;
    this.settle(call.lane === FIRST_PAINT_LANE);
  }

  /** The worker ended: what it ran is posted again to the next one (`reposted`), which decodes again. */
  workerReplaced(reposted: Iterable<Call>, decodings: Iterable<number>): void {
    const firstPaint = new Map(this.decoding);
    this.decoding.clear();
    for (const session of decodings) this.decoding.set(session, firstPaint.get(session) === true);
    this.posted.clear();
    for (const call of reposted) this.posted.add(call);
  }

  /** A posted query now waits for Graphviz: the worker takes another, and the gate may let the others go. */
  layoutAsked(call: Call): void {
    this.settle(call.lane === FIRST_PAINT_LANE);
  }

  /** Posts queries while the worker is free: first-paint ones first, the others unless the gate holds them. */
  pump(): void {
    while (this.decoding.size === 0 && this.running() === 0 && this.worker.canPost()) {
      const lastLane = this.gate.holding ? FIRST_PAINT_LANE : OTHER_LANE;
      const next = this.queue.take(FIRST_PAINT_LANE, lastLane);
      if (next === undefined) return;
      if (next.lane === FIRST_PAINT_LANE) this.firstPaintQueued--;
      this.posted.add(next.job);
      this.worker.send(next.job);
    }
  }

  /** Queries the worker is running (those waiting for Graphviz aside). */
  private running(): number {
    let count = 0;
    for (const call of this.posted) if (call.awaitingLayouts === 0) count++;
    return count;
  }

  private settle(firstPaint: boolean): void {
    this.pump();
    if (firstPaint) this.gate.released();
  }
}
