// One worker thread of the query pool and the sessions that live in it. Every query is posted by id
// and answered there, off this thread; one that runs past the query time limit is abandoned and the
// worker ended (a busy thread cannot be interrupted otherwise). A worker that ends, for that or a
// crash, is replaced at once: its sessions are decoded again from their raw bytes (kept here for
// /download anyway) and the queries it was answering are asked once more, so the sessions keep
// serving. A slot without sessions has no thread: it costs nothing until a session is placed there.
// A session idle for the idle time, or the least recently queried one when the budget needs room,
// has its decoded profile dropped (query-pool-idle.ts) and decoded again by its next query; a slot
// whose sessions are all dropped ends its thread too, unless the pool keeps it warm for them. Queries wait
// here and go to the worker one at a time, a new session's first paint first (query-pool-schedule.ts).

import type { Worker } from 'node:worker_threads';
import { ProfileDecodeError, type Profile } from '../pprof/index.js';
import { startModuleWorker } from './module-worker.js';
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
import type { Pending, PoolCall, PoolSession, ServedCapture } from './query-pool-session.js';
import type { Timers } from './timers.js';
import { deserializeError, serializeError } from './worker-errors.js';

/** A worker that ends this many times in a row before answering anything is not started again. */
const MAX_RESTARTS_WITHOUT_ANSWER = 2;
/** Query keys remembered per session as having run past the limit (the oldest forgotten first). */
const MAX_REMEMBERED_TIMEOUTS = 64;

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
    relieve(from: PoolSlot, session: PoolSession): void;
  };
}

export class PoolSlot {
  private worker: Worker | undefined;
  private readonly sessions = new Map<number, PoolSession>();
  private readonly opening = new Map<number, Pending<DecodedProfileSummary>>();
  private readonly calls = new Map<number, PoolCall>();
  private nextCall = 1;
  private restartsWithoutAnswer = 0;
  /** Workers that ended while holding sessions (a time limit, a crash). */
  private ended = 0;
  private readonly idle: IdleTimers<PoolSession>;
  private readonly schedule: CallSchedule<PoolCall>;
  /** A dropped session here is claiming its bytes back: the room made for it must not end this thread. */
  private reclaiming = false;

  constructor(private readonly settings: SlotSettings) {
    this.idle = new IdleTimers(settings, (session) => void this.drop(session));
    this.schedule = new CallSchedule(settings.gate ?? new FirstPaintGate(false), {
      canPost: () => this.worker !== undefined,
      send: (call) => this.postCall(this.worker!, call),
    });
  }

  /** Decoded bytes of the sessions placed here (estimates for those still being decoded), dropped ones aside. */
  get heldBytes(): number {
    let bytes = 0;
    for (const session of this.sessions.values()) if (!session.dropped) bytes += session.decodedBytes;
    return bytes;
  }

  /** Sessions placed here whose decoded profile is dropped (idle). */
  get droppedCount(): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.dropped) count++;
    return count;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get callsInFlight(): number {
    return this.calls.size;
  }

  /** Nothing in flight and nothing being decoded: a session moved here is served at once. */
  get free(): boolean {
    return this.calls.size === 0 && this.opening.size === 0 && !this.schedule.busyWithOthers(-1);
  }

  get workersEnded(): number {
    return this.ended;
  }

  /** The worker thread now running, if any (diagnostics, tests). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  /** Places a session here: decodes its raw bytes, or keeps the profile given (its buffers transferred). */
  open(session: PoolSession, adopt?: { profile: Profile; transfer: ArrayBuffer[] }): Promise<DecodedProfileSummary> {
    const worker = this.worker ?? this.startWorker();
    this.sessions.set(session.id, session);
    const opened = new Promise<DecodedProfileSummary>((resolve, reject) =>
      this.opening.set(session.id, { resolve, reject }),
    );
    if (adopt === undefined) this.post(worker, this.openMessage(session));
    else this.post(worker, { kind: 'adopt', session: session.id, profile: adopt.profile }, adopt.transfer);
    this.schedule.decodingPosted(session.id, true);
    this.updateRef();
    return opened;
  }

  /** Starts answering the session's queries for its capture (the worker sends its summary then, unasked). */
  serve(session: PoolSession, served: ServedCapture): void {
    session.served = served;
    session.lastUsed = ++lastUse;
    if (this.worker !== undefined) this.post(this.worker, this.serveMessage(session, served));
    this.idle.arm(session);
  }

  /** Queries the session; the answers a page load asks for are asked of the worker once and kept here. */
  call<M extends QueryMethod>(session: PoolSession, method: M, args: QueryCalls[M], asJson = false): Promise<unknown> {
    const which = keptAnswerOf(method, args, asJson);
    if (which === undefined || !this.sessions.has(session.id)) return this.enqueue(session, method, args, asJson);
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
    if (!this.sessions.has(session.id)) return Promise.reject(new QueryWorkerError('the session closed'));
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
    if (this.worker === undefined) this.startWorker();
    session.lastUsed = ++lastUse;
    this.idle.forget(session);
    const lane = session.firstPaintCalls > 0 && isFirstPaintQuery(method) ? FIRST_PAINT_LANE : OTHER_LANE;
    if (lane === FIRST_PAINT_LANE) session.firstPaintCalls--;
    return new Promise((resolve, reject) => {
      const call: PoolCall = {
        id: this.nextCall++,
        session,
        method,
        args,
        asJson,
        key,
        lane,
        attempts: 0,
        timer: undefined,
        awaitingLayouts: 0,
        relief: undefined,
        resolve,
        reject,
      };
      this.schedule.enqueue(this.track(call));
      this.updateRef();
    });
  }

  /** Keeps a call in flight; one that must wait for the worker may move with its session (relief). */
  private track(call: PoolCall): PoolCall {
    this.calls.set(call.id, call);
    const { relief, timers } = this.settings;
    if (relief !== undefined && call.attempts === 0) {
      call.relief = timers.setTimer(() => {
        call.relief = undefined;
        // Still waiting, and not for its own session's work: a free worker answers it sooner.
        if (this.calls.get(call.id) === call && call.attempts === 0 && this.schedule.busyWithOthers(call.session.id))
          relief.relieve(this, call.session);
      }, relief.waitMs(call.session));
    }
    return call;
  }

  /**
   * Moves a session to another slot while none of its queries runs here: its queued queries go
   * with it (the same promises), `to` decodes it again from its raw bytes, and this worker forgets
   * it after the query it is running. Its decoded bytes are held twice until then. Says whether it
   * moved (not a session opening, broken, or one of whose queries runs here).
   */
  handOver(session: PoolSession, to: PoolSlot): boolean {
    if (this.sessions.get(session.id) !== session || to === this || this.opening.has(session.id)) return false;
    if (session.brokenBy !== undefined) return false;
    const calls = [...this.calls.values()].filter((call) => call.session === session);
    if (calls.some((call) => call.attempts > 0)) return false;
    this.schedule.takeQueued(session.id);
    for (const call of calls) {
      call.relief?.cancel();
      this.calls.delete(call.id);
    }
    this.sessions.delete(session.id);
    this.idle.forget(session);
    if (this.worker !== undefined && !session.dropped) this.post(this.worker, { kind: 'close', session: session.id });
    to.receive(session, calls);
    this.endIfAllDropped();
    this.updateRef();
    return true;
  }

  /** Takes a session handed over by another slot, with its waiting queries. */
  private receive(session: PoolSession, calls: readonly PoolCall[]): void {
    const worker = this.worker ?? this.startWorker();
    this.sessions.set(session.id, session);
    if (!session.dropped) {
      this.post(worker, this.openMessage(session, false));
      this.schedule.decodingPosted(session.id, false);
      if (session.served !== undefined) this.post(worker, this.serveMessage(session, session.served));
    }
    for (const call of calls) {
      this.schedule.enqueue(
        this.track({ ...call, id: this.nextCall++, attempts: 0, timer: undefined, relief: undefined }),
      );
    }
    if (calls.length === 0) this.idle.arm(session);
    this.updateRef();
  }

  /** Forgets a session: its queries in flight fail; a slot left without sessions ends its worker. */
  closeSession(session: PoolSession): void {
    if (!this.sessions.delete(session.id)) return;
    this.idle.forget(session);
    session.kept.clear();
    this.schedule.decoded(session.id);
    const closed = new QueryWorkerError('the session closed');
    this.opening.get(session.id)?.reject(closed);
    this.opening.delete(session.id);
    for (const call of this.calls.values()) if (call.session === session) this.finishCall(call).reject(closed);
    if (this.worker !== undefined) this.post(this.worker, { kind: 'close', session: session.id });
    if (this.sessions.size === 0 && !this.keepWarm()) void this.endWorker();
    this.updateRef();
  }

  /**
   * Drops a session's decoded profile in its worker (the worker forgets it as on close) and gives
   * its bytes back to the budget; ends the worker when every session here is dropped, unless it is
   * kept warm. Says whether it dropped it: not one opening, being queried, or already dropped.
   */
  drop(session: PoolSession): boolean {
    if (!this.mayDrop(session)) return false;
    this.idle.forget(session);
    session.dropped = true;
    session.kept.delete('first flame view'); // its bytes go with the profile; the summary is small
    if (this.worker !== undefined) this.post(this.worker, { kind: 'close', session: session.id });
    session.served?.budget?.dropBytes();
    this.endIfAllDropped();
    return true;
  }

  /** The least recently queried session here that could give its decoded profile back now. */
  dropCandidate(): PoolSession | undefined {
    let candidate: PoolSession | undefined;
    for (const session of this.sessions.values()) {
      if (session.served?.budget === undefined || !this.mayDrop(session)) continue;
      if (candidate === undefined || session.lastUsed < candidate.lastUsed) candidate = session;
    }
    return candidate;
  }

  /**
   * Hands a dropped session over to another slot (one whose thread runs): nothing of it is in this
   * worker, so only the bookkeeping moves. Says whether it could (not when it is not dropped here).
   */
  moveDropped(session: PoolSession, to: PoolSlot): boolean {
    if (this.sessions.get(session.id) !== session || !session.dropped || to === this) return false;
    this.sessions.delete(session.id);
    to.sessions.set(session.id, session);
    if (this.sessions.size === 0) this.endIfAllDropped();
    return true;
  }

  private mayDrop(session: PoolSession): boolean {
    if (this.sessions.get(session.id) !== session || session.dropped || this.opening.has(session.id)) return false;
    if (session.served === undefined || session.brokenBy !== undefined) return false;
    for (const call of this.calls.values()) if (call.session === session) return false;
    return true;
  }

  /** Every session here dropped (or none left) and nothing in flight: the thread ends, unless kept warm. */
  endIfAllDropped(): void {
    if (this.reclaiming || this.calls.size > 0 || this.opening.size > 0 || this.droppedCount < this.sessions.size)
      return;
    if (!this.keepWarm()) void this.endWorker();
  }

  private keepWarm(): boolean {
    return this.worker !== undefined && (this.settings.keepWarm?.(this) ?? false);
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
    const worker = this.worker ?? this.startWorker();
    session.dropped = false;
    // Without the flame-graph pre-build: the query waiting for this decoding comes first.
    this.post(worker, this.openMessage(session, false));
    this.schedule.decodingPosted(session.id, false);
    if (session.served !== undefined) this.post(worker, this.serveMessage(session, session.served));
  }

  /** Ends the worker; every session placed here is forgotten. */
  async close(): Promise<void> {
    const ended = this.endWorker();
    for (const session of [...this.sessions.values()]) this.closeSession(session);
    await ended;
  }

  private openMessage(session: PoolSession, prebuild = true): ToPoolWorker {
    const { id, rawBytes, decodeOptions } = session;
    return { kind: 'open', session: id, rawBytes, decodeOptions, prebuild };
  }

  private serveMessage(session: PoolSession, served: ServedCapture): ToPoolWorker {
    return {
      kind: 'serve',
      session: session.id,
      capture: served.capture,
      graphTimeLimitMs: served.graphLayout.timeLimitMs,
      ...(served.sources === undefined ? {} : { sources: served.sources }),
    };
  }

  private post(worker: Worker, message: ToPoolWorker, transfer: ArrayBuffer[] = []): void {
    worker.postMessage(message, transfer);
  }

  private postCall(worker: Worker, call: PoolCall): void {
    call.attempts++;
    call.relief?.cancel();
    call.relief = undefined;
    const { id, session, method, args, asJson } = call;
    this.post(worker, { kind: 'call', id, session: session.id, method, args, asJson });
  }

  /**
   * Starts a worker and gives it every session placed here (decoded again from their raw bytes)
   * and every query in flight, in that order: a new slot has none, a replacement has its
   * predecessor's.
   */
  private startWorker(): Worker {
    const worker = startModuleWorker('query-pool-worker');
    this.worker = worker;
    worker.on('message', (message: FromPoolWorker) => {
      if (worker === this.worker) this.onMessage(worker, message);
    });
    worker.on('error', (error) => this.onWorkerEnd(worker, error, true));
    worker.on('exit', (code) => this.onWorkerEnd(worker, new Error(`it exited with code ${code}`), true));
    const decoding: number[] = [];
    for (const session of this.sessions.values()) {
      if (session.dropped) continue; // decoded again by its next query
      this.post(worker, this.openMessage(session));
      decoding.push(session.id);
      if (session.served !== undefined) this.post(worker, this.serveMessage(session, session.served));
    }
    // The queries its predecessor had taken; those still queued here go when their turn comes.
    const taken = [...this.calls.values()].filter((call) => call.attempts > 0);
    for (const call of taken) this.postCall(worker, call);
    this.schedule.workerReplaced(taken, decoding);
    this.schedule.pump();
    return worker;
  }

  private endWorker(): Promise<number> | undefined {
    const worker = this.worker;
    this.worker = undefined;
    return worker?.terminate();
  }

  private onMessage(worker: Worker, message: FromPoolWorker): void {
    switch (message.kind) {
      case 'opened':
        this.restartsWithoutAnswer = 0;
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
      case 'started': {
        const call = this.calls.get(message.id);
        if (call !== undefined && call.timer === undefined && Number.isFinite(this.settings.queryTimeoutMs))
          call.timer = this.settings.timers.setTimer(() => this.expire(call), this.settings.queryTimeoutMs);
        break;
      }
      case 'answer': {
        this.restartsWithoutAnswer = 0;
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
    this.updateRef();
  }

  private onOpened(message: Extract<FromPoolWorker, { kind: 'opened' }>): void {
    const session = this.sessions.get(message.session);
    const opening = this.opening.get(message.session);
    this.opening.delete(message.session);
    if (session === undefined) return;
    if ('error' in message) {
      // A capture that does not decode: its caller is told (a typed pprof error, rebuilt).
      this.schedule.decoded(message.session);
      const error = deserializeError(message.error);
      this.sessions.delete(session.id);
      session.brokenBy = error;
      opening?.reject(error);
      if (this.sessions.size === 0 && this.calls.size === 0) void this.endWorker();
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
      this.post(worker, { kind: 'laid-out', layoutId, error });
      return;
    }
    if (call !== undefined) {
      call.awaitingLayouts++;
      this.schedule.layoutAsked(call); // the worker is free while Graphviz works
    }
    const { layout } = session.served.graphLayout;
    layout.layout(message.dot, message.timeLimitMs, session).then(
      (svg) => {
        if (call !== undefined) call.awaitingLayouts--;
        if (worker === this.worker) this.post(worker, { kind: 'laid-out', layoutId, svg });
      },
      (error: unknown) => {
        if (call !== undefined) call.awaitingLayouts--;
        if (worker === this.worker) this.post(worker, { kind: 'laid-out', layoutId, error: serializeError(error) });
      },
    );
  }

  /** A query ran past the limit: it fails, and unless it was only waiting for Graphviz, its worker ends. */
  private expire(call: PoolCall): void {
    if (this.calls.get(call.id) !== call) return;
    // Its worker ends unless the query only waits for Graphviz: none of the queued is posted to it.
    const ending = call.awaitingLayouts > 0 ? undefined : this.worker;
    if (ending !== undefined) void this.endWorker();
    this.finishCall(call);
    const { timedOut } = call.session;
    timedOut.add(call.key);
    if (timedOut.size > MAX_REMEMBERED_TIMEOUTS) timedOut.delete(timedOut.values().next().value!);
    call.reject(new QueryTimeoutError(call.method, this.settings.queryTimeoutMs));
    // Waiting for a layout, the worker is free (Graphviz has its own limit); otherwise it is busy
    // with this query and cannot be interrupted but by ending it.
    if (ending === undefined) return;
    this.onWorkerEnd(ending, new Error(`it was ended: a ${call.method} query ran past the time limit`), false);
  }

  /** Replaces a worker that ended; `crashed` counts towards giving up on a worker that cannot start. */
  private onWorkerEnd(worker: Worker, cause: Error, crashed: boolean): void {
    if (worker === this.worker) this.worker = undefined;
    else if (crashed) return; // one ended on purpose, already replaced
    this.ended++;
    const failure = new QueryWorkerError(cause.message, { cause });
    if (crashed && ++this.restartsWithoutAnswer > MAX_RESTARTS_WITHOUT_ANSWER) {
      this.restartsWithoutAnswer = 0;
      this.breakSessions(failure);
      return;
    }
    // A capture whose first decoding took its worker down twice (out of memory, say) would take
    // the next one down too: it fails, the others are decoded again.
    if (crashed) {
      for (const session of this.sessions.values()) {
        if (!session.decoded && this.opening.has(session.id) && ++session.crashesWhileDecoding >= 2) {
          this.opening
            .get(session.id)!
            .reject(new ProfileDecodeError(`its decoding stopped the worker (${cause.message})`, { cause }));
          this.opening.delete(session.id);
          this.sessions.delete(session.id);
          session.brokenBy = failure;
        }
      }
    }
    // Asked twice already, a query fails rather than taking down a third worker.
    for (const call of this.calls.values()) {
      if (call.attempts >= 2 || !this.sessions.has(call.session.id)) this.finishCall(call).reject(failure);
    }
    for (const call of this.calls.values()) {
      call.timer?.cancel();
      call.timer = undefined;
      call.awaitingLayouts = 0;
    }
    if (this.sessions.size > 0) this.startWorker();
    this.updateRef();
  }

  /** The worker cannot start: every session placed here fails from now on, saying why. */
  private breakSessions(failure: QueryWorkerError): void {
    for (const session of this.sessions.values()) session.brokenBy = failure;
    for (const opening of this.opening.values()) opening.reject(failure);
    for (const call of this.calls.values()) this.finishCall(call).reject(failure);
    this.opening.clear();
    this.sessions.clear();
  }

  private finishCall(call: PoolCall): PoolCall {
    call.timer?.cancel();
    call.relief?.cancel();
    this.calls.delete(call.id);
    this.schedule.settled(call);
    this.armIdleAfter(call.session);
    return call;
  }

  /** The session's last query in flight finished: its idle time starts. */
  private armIdleAfter(session: PoolSession): void {
    if (this.sessions.get(session.id) !== session || session.served === undefined || session.dropped) return;
    for (const other of this.calls.values()) if (other.session === session) return;
    this.idle.arm(session);
  }

  /** An idle worker must not keep the process alive; a busy one does (a test awaiting it, say). */
  private updateRef(): void {
    if (this.calls.size > 0 || this.opening.size > 0) this.worker?.ref();
    else this.worker?.unref();
  }
}
