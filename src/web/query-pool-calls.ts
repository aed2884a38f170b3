// The queries in flight in one query pool slot: each from when it is asked until it is settled,
// with its two timers: the query time limit, from when the worker starts it, and the relief wait,
// while it waits behind another session's work (its session may then move to a free worker:
// query-pool-relief.ts). Only a long piece of work moves it: one that was already running when the
// wait began and still runs when it ends. Behind a stream of short ones (a burst of sessions
// opening, each decoding in a fraction of a second) the query waits its turn, and the wait starts
// again: moving would pay a decoding and a thread for nothing.

import type { PoolCall, PoolSession } from './query-pool-session.js';
import type { Timers } from './timers.js';

/** Query keys remembered per session as having run past the limit (the oldest forgotten first). */
const MAX_REMEMBERED_TIMEOUTS = 64;

export interface CallSettings {
  /** A query running longer is abandoned; Infinity: no limit. */
  readonly queryTimeoutMs: number;
  readonly timers: Timers;
  readonly relief?: { waitMs(session: PoolSession): number };
}

export interface CallEvents {
  /** Other sessions' work than `sessionId`'s in the worker now, each the same value while it runs. */
  othersWork(sessionId: number): ReadonlySet<unknown>;
  /**
   * The call has waited `waitedMs` behind the same work of another session: its session may move.
   * Says whether it moved (else the call waits on, and is asked about again after another wait).
   */
  relieve(session: PoolSession, waitedMs: number): boolean;
  /** The call ran past the time limit. */
  expire(call: PoolCall): void;
}

/** A call as asked, before it has an id and timers. */
export type NewCall = Omit<PoolCall, 'id' | 'attempts' | 'timer' | 'awaitingLayouts' | 'relief'>;

export class SlotCalls {
  private readonly calls = new Map<number, PoolCall>();
  private nextCall = 1;

  constructor(
    private readonly settings: CallSettings,
    private readonly events: CallEvents,
  ) {}

  get size(): number {
    return this.calls.size;
  }

  get(id: number): PoolCall | undefined {
    return this.calls.get(id);
  }

  values(): IterableIterator<PoolCall> {
    return this.calls.values();
  }

  /** The calls in flight of `session`. */
  of(session: PoolSession): PoolCall[] {
    return [...this.calls.values()].filter((call) => call.session === session);
  }

  /** Whether a call of `session` is in flight. */
  has(session: PoolSession): boolean {
    for (const call of this.calls.values()) if (call.session === session) return true;
    return false;
  }

  /** The calls a worker has taken (posted to it), to ask again of its replacement. */
  taken(): PoolCall[] {
    return [...this.calls.values()].filter((call) => call.attempts > 0);
  }

  /** Keeps a new call (or one moved with its session) in flight, under a new id, not yet posted. */
  add(asked: NewCall): PoolCall {
    const call: PoolCall = {
      ...asked,
      id: this.nextCall++,
      attempts: 0,
      timer: undefined,
      awaitingLayouts: 0,
      relief: undefined,
    };
    this.calls.set(call.id, call);
    this.awaitRelief(call, this.events.othersWork(call.session.id), 0);
    return call;
  }

  /**
   * Times the relief wait of a call not yet posted, `waitedMs` already spent behind the work
   * `ahead`: if some of that work still runs when it ends, its session may move; else the wait
   * starts again behind what runs then.
   */
  private awaitRelief(call: PoolCall, ahead: ReadonlySet<unknown>, waitedMs: number): void {
    const { relief, timers } = this.settings;
    if (relief === undefined) return;
    const waitMs = relief.waitMs(call.session);
    call.relief = timers.setTimer(() => {
      call.relief = undefined;
      if (this.calls.get(call.id) !== call || call.attempts > 0) return;
      const running = this.events.othersWork(call.session.id);
      const stillAhead = new Set([...running].filter((work) => ahead.has(work)));
      if (stillAhead.size === 0) this.awaitRelief(call, running, 0);
      else if (!this.events.relieve(call.session, waitedMs + waitMs))
        this.awaitRelief(call, stillAhead, waitedMs + waitMs);
    }, waitMs);
  }

  /** The call goes to a worker: it waits no more (no relief), and counts one attempt more. */
  posted(call: PoolCall): void {
    call.attempts++;
    call.relief?.cancel();
    call.relief = undefined;
  }

  /** The worker started the call: its time limit runs from now. */
  started(id: number): void {
    const call = this.calls.get(id);
    const { queryTimeoutMs, timers } = this.settings;
    if (call !== undefined && call.timer === undefined && Number.isFinite(queryTimeoutMs))
      call.timer = timers.setTimer(() => this.events.expire(call), queryTimeoutMs);
  }

  /** The call is settled (or moves away): its timers stop and it leaves the flight. */
  finish(call: PoolCall): PoolCall {
    call.timer?.cancel();
    call.relief?.cancel();
    this.calls.delete(call.id);
    return call;
  }

  /** The call ran past the limit: the same query of its session is refused at once from now. */
  rememberTimeout(call: PoolCall): void {
    const { timedOut } = call.session;
    timedOut.add(call.key);
    if (timedOut.size > MAX_REMEMBERED_TIMEOUTS) timedOut.delete(timedOut.values().next().value!);
  }

  /** The worker ended: the calls it had taken run nowhere, their time limits stop until asked again. */
  threadEnded(): void {
    for (const call of this.calls.values()) {
      call.timer?.cancel();
      call.timer = undefined;
      call.awaitingLayouts = 0;
    }
  }
}
