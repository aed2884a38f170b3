// One worker thread of the query pool and the sessions that live in it. Every query is posted by id
// and answered there, off this thread; one that runs past the query time limit is abandoned and the
// worker ended (a busy thread cannot be interrupted otherwise). A worker that ends, for that or a
// crash, is replaced at once (query-pool-thread.ts): its sessions are decoded again from their raw
// bytes and the queries it was answering are asked once more (query-pool-calls.ts), so the sessions
// keep serving. A slot without sessions has no thread: it costs nothing until a session is placed
// there. A session idle for the idle time, or the least recently queried one when the budget needs
// room, has its decoded profile dropped (query-pool-idle.ts) and decoded again by its next query; a
// slot whose sessions are all dropped ends its thread too, unless the pool keeps it warm for them.
// Queries wait here and go to the worker one at a time, a new session's first paint first
// (query-pool-schedule.ts).

import type { Worker } from 'node:worker_threads';
import type { Profile } from '../pprof/index.js';
import { SlotCalls } from './query-pool-calls.js';
import { QueryTimeoutError, QueryWorkerError } from './query-pool-errors.js';
import { IdleTimers } from './query-pool-idle.js';
import { keptAnswer, keptAnswerOf } from './query-pool-kept-answers.js';
import type {
  DecodedProfileSummary,
  FromPoolWorker,
  QueryCalls,
  QueryMethod,
  ToPoolWorker,
} from './query-pool-messages.js';
import {
  CallSchedule,
  FIRST_PAINT_LANE,
  FirstPaintGate,
  isFirstPaintQuery,
  OTHER_LANE,
} from './query-pool-schedule.js';
import type { PoolCall, PoolSession, ServedCapture } from './query-pool-session.js';
import { openMessage, serveMessage, SlotSessions } from './query-pool-slot-sessions.js';
import { SlotThread } from './query-pool-thread.js';
import type { Timers } from './timers.js';
import { deserializeError, serializeError } from './worker-errors.js';

/** The order sessions were last served or queried in, across slots: the least recent is dropped first. */
let lastUse = 0;

export interface SlotSettings {
  /** A query running longer is abandoned; Infinity: no limit. */
  readonly queryTimeoutMs: number;
  /** A served session without a query for this long has its decoded profile dropped; Infinity: never. */
  readonly idleMs: number;
  readonly timers: Timers;
  /** The pool's first-paint work across its slots; default this slot's own (holding no other). */
  readonly gate?: FirstPaintGate;
  /**
   * Whether a slot whose sessions are all dropped (or closed) keeps its thread, so that a session
   * decoded again does not wait for a thread to start; default never.
   */
  readonly keepWarm?: (slot: PoolSlot) => boolean;
  /**
   * Moving a session whose query waits behind another session's (query-pool-relief.ts): after how
   * long, and who moves it (to a free worker, through `handOver`); default never.
   */
  readonly relief?: {
    waitMs(session: PoolSession): number;
    relieve(from: PoolSlot, session: PoolSession, waitedMs: number): boolean;
  };
}

const NO_WORK: ReadonlySet<unknown> = new Set();

export class PoolSlot {
  private readonly life: SlotThread;
  private readonly sessions = new SlotSessions();
  private readonly calls: SlotCalls;
  private readonly idle: IdleTimers<PoolSession>;
  private readonly schedule: CallSchedule<PoolCall>;
  /** A dropped session here is claiming its bytes back: the room made for it must not end this thread. */
  private reclaiming = false;

  constructor(private readonly settings: SlotSettings) {
    const gate = settings.gate ?? new FirstPaintGate(false);
    this.calls = new SlotCalls(settings, {
      // While a first paint holds the workers (for 2 s at most), the wait is on purpose: moving a
      // session then would start a decoding, and maybe a thread, beside that first paint.
      othersWork: (sessionId) => (gate.holding ? NO_WORK : this.schedule.othersWork(sessionId)),
      relieve: (session, waitedMs) => settings.relief?.relieve(this, session, waitedMs) ?? false,
      expire: (call) => this.life.expire(call),
    });
    this.schedule = new CallSchedule(gate, {
      canPost: () => this.life.current !== undefined,
      send: (call) => this.life.postCall(call),
    });
    this.life = new SlotThread({
      sessions: this.sessions,
      calls: this.calls,
      schedule: this.schedule,
      queryTimeoutMs: settings.queryTimeoutMs,
      message: (worker, message) => this.onMessage(worker, message),
      finish: (call) => this.finishCall(call),
    });
    this.idle = new IdleTimers(settings, (session) => void this.drop(session));
  }

  /** Decoded bytes of the sessions placed here (estimates for those still being decoded), dropped ones aside. */
  get heldBytes(): number {
    return this.sessions.heldBytes;
  }

  /** Sessions placed here whose decoded profile is dropped (idle). */
  get droppedCount(): number {
    return this.sessions.droppedCount;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get callsInFlight(): number {
    return this.calls.size;
  }

  /** Nothing in flight and nothing being decoded: a session moved here is served at once. */
  get free(): boolean {
    return this.calls.size === 0 && this.sessions.openingCount === 0 && !this.schedule.busyWithOthers(-1);
  }

  get workersEnded(): number {
    return this.life.ended;
  }

  /** The worker thread now running, if any (diagnostics, tests). */
  get thread(): Worker | undefined {
    return this.life.current;
  }

  /** Places a session here: decodes its raw bytes, or keeps the profile given (its buffers transferred). */
  open(session: PoolSession, adopt?: { profile: Profile; transfer: ArrayBuffer[] }): Promise<DecodedProfileSummary> {
    this.life.ensure();
    this.sessions.add(session);
    const opened = this.sessions.startOpening(session);
    if (adopt === undefined) this.life.post(openMessage(session));
    else this.life.post({ kind: 'adopt', session: session.id, profile: adopt.profile }, adopt.transfer);
    this.schedule.decodingPosted(session.id, true);
    this.life.updateRef();
    return opened;
  }

  /** Starts answering the session's queries for its capture (the worker sends its summary then, unasked). */
  serve(session: PoolSession, served: ServedCapture): void {
    session.served = served;
    session.lastUsed = ++lastUse;
    this.life.post(serveMessage(session, served));
    this.idle.arm(session);
  }

  /** Queries the session; the answers a page load asks for are asked of the worker once and kept here. */
  call<M extends QueryMethod>(session: PoolSession, method: M, args: QueryCalls[M], asJson = false): Promise<unknown> {
    const which = keptAnswerOf(method, args, asJson);
    if (which === undefined || this.sessions.get(session.id) === undefined)
      return this.enqueue(session, method, args, asJson);
    const kept = keptAnswer(session.kept, which, () => this.enqueue(session, method, args, asJson));
    if (kept.hit) this.armIdleAfter(session); // a page load keeps the session as a query would
    return kept.answer;
  }

  private enqueue<M extends QueryMethod>(
    session: PoolSession,
    method: M,
    args: QueryCalls[M],
    asJson: boolean,
  ): Promise<unknown> {
    const { brokenBy } = session;
    if (brokenBy !== undefined) {
      const reason = brokenBy instanceof QueryWorkerError ? brokenBy.reason : brokenBy.message;
      return Promise.reject(new QueryWorkerError(`${reason}, for good`, { cause: brokenBy }));
    }
    if (this.sessions.get(session.id) === undefined) return Promise.reject(new QueryWorkerError('the session closed'));
    const key = `${method}\n${JSON.stringify(args)}`;
    if (session.timedOut.has(key))
      return Promise.reject(new QueryTimeoutError(method, this.settings.queryTimeoutMs, true));
    try {
      // Before the worker is taken: making room may drop this slot's other sessions and end it.
      if (session.dropped) this.redecode(session);
    } catch (error) {
      // The budget has no room for it now (a 503 with Retry-After): the session stays dropped.
      this.endIfAllDropped();
      return Promise.reject(error as Error);
    }
    this.life.ensure();
    session.lastUsed = ++lastUse;
    this.idle.forget(session);
    const lane = session.firstPaintCalls > 0 && isFirstPaintQuery(method) ? FIRST_PAINT_LANE : OTHER_LANE;
    if (lane === FIRST_PAINT_LANE) session.firstPaintCalls--;
    return new Promise((resolve, reject) => {
      this.schedule.enqueue(this.calls.add({ session, method, args, asJson, key, lane, resolve, reject }));
      this.life.updateRef();
    });
  }

  /**
   * Moves a session to another slot while none of its queries runs here: its queued queries go
   * with it (the same promises), `to` decodes it again from its raw bytes, and this worker forgets
   * it after the query it is running. Its decoded bytes are held twice until then. Says whether it
   * moved (not a session opening, broken, or one of whose queries runs here).
   */
  handOver(session: PoolSession, to: PoolSlot): boolean {
    if (!this.sessions.holds(session) || to === this || this.sessions.isOpening(session.id)) return false;
    if (session.brokenBy !== undefined) return false;
    const calls = this.calls.of(session);
    if (calls.some((call) => call.attempts > 0)) return false;
    this.schedule.takeQueued(session.id);
    for (const call of calls) this.calls.finish(call);
    this.sessions.delete(session);
    this.idle.forget(session);
    if (!session.dropped) this.life.post({ kind: 'close', session: session.id });
    to.receive(session, calls);
    this.endIfAllDropped();
    this.life.updateRef();
    return true;
  }

  /** Takes a session handed over by another slot, with its waiting queries. */
  private receive(session: PoolSession, calls: readonly PoolCall[]): void {
    this.life.ensure();
    this.sessions.add(session);
    if (!session.dropped) this.postDecoding(session);
    for (const call of calls) this.schedule.enqueue(this.calls.add(call));
    if (calls.length === 0) this.idle.arm(session);
    this.life.updateRef();
  }

  /** Forgets a session: its queries in flight fail; a slot left without sessions ends its worker. */
  closeSession(session: PoolSession): void {
    if (!this.sessions.delete(session)) return;
    this.idle.forget(session);
    session.kept.clear();
    this.schedule.decoded(session.id);
    const closed = new QueryWorkerError('the session closed');
    this.sessions.opened(session.id)?.reject(closed);
    for (const call of this.calls.of(session)) this.finishCall(call).reject(closed);
    this.life.post({ kind: 'close', session: session.id });
    if (this.sessions.size === 0 && !this.keepWarm()) void this.life.end();
    this.life.updateRef();
  }

  /**
   * Drops a session's decoded profile in its worker (the worker forgets it as on close) and gives
   * its bytes back to the budget; ends the worker when every session here is dropped, unless it is
   * kept warm. Says whether it dropped it: not one opening, being queried, or already dropped.
   */
  drop(session: PoolSession): boolean {
    if (!this.sessions.mayDrop(session, this.calls)) return false;
    this.idle.forget(session);
    session.dropped = true;
    session.kept.delete('first flame view'); // its bytes go with the profile; the summary is small
    this.life.post({ kind: 'close', session: session.id });
    session.served?.budget?.dropBytes();
    this.endIfAllDropped();
    return true;
  }

  /** The least recently queried session here that could give its decoded profile back now. */
  dropCandidate(): PoolSession | undefined {
    return this.sessions.dropCandidate(this.calls);
  }

  /**
   * Hands a dropped session over to another slot (one whose thread runs): nothing of it is in this
   * worker, so only the bookkeeping moves. Says whether it could (not when it is not dropped here).
   */
  moveDropped(session: PoolSession, to: PoolSlot): boolean {
    if (!this.sessions.holds(session) || !session.dropped || to === this) return false;
    this.sessions.delete(session);
    to.sessions.add(session);
    if (this.sessions.size === 0) this.endIfAllDropped();
    return true;
  }

  /** Every session here dropped (or none left) and nothing in flight: the thread ends, unless kept warm. */
  endIfAllDropped(): void {
    if (this.reclaiming || this.calls.size > 0 || this.sessions.openingCount > 0 || !this.sessions.allDropped) return;
    if (!this.keepWarm()) void this.life.end();
  }

  private keepWarm(): boolean {
    return this.life.current !== undefined && (this.settings.keepWarm?.(this) ?? false);
  }

  /**
   * Decodes a dropped session again, once its bytes are claimed back (or throws why not); the
   * queries posted after it wait for it in the worker, which takes messages in order.
   */
  private redecode(session: PoolSession): void {
    this.reclaiming = true;
    try {
      session.served?.budget?.reclaimBytes();
    } finally {
      this.reclaiming = false;
    }
    // Started while the session is still dropped, a new thread leaves it to the messages below.
    this.life.ensure();
    session.dropped = false;
    this.postDecoding(session);
  }

  /** Decodes the session again in the running worker and serves it there, its queries first. */
  private postDecoding(session: PoolSession): void {
    // Without the flame-graph pre-build: the query waiting for this decoding comes first.
    this.life.post(openMessage(session, false));
    this.schedule.decodingPosted(session.id, false);
    if (session.served !== undefined) this.life.post(serveMessage(session, session.served));
  }

  /** Ends the worker; every session placed here is forgotten. */
  async close(): Promise<void> {
    const ended = this.life.end();
    for (const session of [...this.sessions.values()]) this.closeSession(session);
    await ended;
  }

  private onMessage(worker: Worker, message: FromPoolWorker): void {
    switch (message.kind) {
      case 'opened':
        this.life.answered();
        this.onOpened(message);
        break;
      case 'ready':
        this.schedule.decoded(message.session);
        break;
      case 'summary': {
        // Every page asks for it first: kept here, a page load does not wait for a busy worker.
        const kept = this.sessions.get(message.session)?.kept;
        if (kept !== undefined && !kept.has('summary')) kept.set('summary', Promise.resolve(message.summary));
        break;
      }
      case 'started':
        this.calls.started(message.id);
        break;
      case 'answer': {
        this.life.answered();
        const call = this.calls.get(message.id);
        if (call === undefined) break; // abandoned, or its session closed
        this.finishCall(call);
        if ('error' in message) call.reject(deserializeError(message.error));
        else call.resolve(message.value);
        break;
      }
      case 'layout':
        this.layOut(worker, message);
        break;
    }
    this.life.updateRef();
  }

  private onOpened(message: Extract<FromPoolWorker, { kind: 'opened' }>): void {
    const session = this.sessions.get(message.session);
    const opening = this.sessions.opened(message.session);
    if (session === undefined) return;
    if ('error' in message) {
      // A capture that does not decode: its caller is told (a typed pprof error, rebuilt).
      this.schedule.decoded(message.session);
      const error = deserializeError(message.error);
      this.sessions.delete(session);
      session.brokenBy = error;
      opening?.reject(error);
      if (this.sessions.size === 0 && this.calls.size === 0) void this.life.end();
      return;
    }
    session.decoded = true;
    session.decodedBytes = message.summary.decodedBytes;
    opening?.resolve(message.summary);
  }

  private layOut(worker: Worker, message: Extract<FromPoolWorker, { kind: 'layout' }>): void {
    const { layoutId } = message;
    const session = this.sessions.get(message.session);
    const call = message.call === undefined ? undefined : this.calls.get(message.call);
    if (session?.served === undefined) {
      // Closed meanwhile: the worker's query must not wait (and hold the profile) forever.
      const error = serializeError(new QueryWorkerError('the session closed'));
      const closed: ToPoolWorker = { kind: 'laid-out', layoutId, error };
      worker.postMessage(closed);
      return;
    }
    if (call !== undefined) {
      call.awaitingLayouts++;
      this.schedule.layoutAsked(call); // the worker is free while Graphviz works
    }
    const answer = (reply: ToPoolWorker) => {
      if (call !== undefined) call.awaitingLayouts--;
      if (worker === this.life.current) worker.postMessage(reply);
    };
    session.served.graphLayout.layout.layout(message.dot, message.timeLimitMs, session).then(
      (svg) => answer({ kind: 'laid-out', layoutId, svg }),
      (error: unknown) => answer({ kind: 'laid-out', layoutId, error: serializeError(error) }),
    );
  }

  private finishCall(call: PoolCall): PoolCall {
    this.calls.finish(call);
    this.schedule.settled(call);
    this.armIdleAfter(call.session);
    return call;
  }

  /** The session's last query in flight finished: its idle time starts. */
  private armIdleAfter(session: PoolSession): void {
    if (!this.sessions.holds(session) || session.served === undefined || session.dropped) return;
    if (!this.calls.has(session)) this.idle.arm(session);
  }
}
