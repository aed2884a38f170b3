// The life of one query pool slot's worker thread: started when the slot has work, given every
// session placed there and every query it had taken; ended when the slot has none, or to abandon a
// query past the time limit (a busy thread cannot be interrupted otherwise); replaced at once when
// it ends while holding sessions (its sessions decoded again from their raw bytes, its queries asked
// once more); given up on when it keeps ending before answering anything (a capture or a machine
// that takes every new thread down).

import type { Worker } from 'node:worker_threads';
import { endModuleWorker, startModuleWorker } from './module-worker.js';
import type { SlotCalls } from './query-pool-calls.js';
import { QueryTimeoutError, QueryWorkerError } from './query-pool-errors.js';
import type { FromPoolWorker, ToPoolWorker } from './query-pool-messages.js';
import type { CallSchedule } from './query-pool-schedule.js';
import type { PoolCall } from './query-pool-session.js';
import { openMessage, serveMessage, type SlotSessions } from './query-pool-slot-sessions.js';

/** A worker that ends this many times in a row before answering anything is not started again. */
const MAX_RESTARTS_WITHOUT_ANSWER = 2;

/** What a thread works for: its slot's sessions, queries and schedule. */
export interface ThreadSlot {
  readonly sessions: SlotSessions;
  readonly calls: SlotCalls;
  readonly schedule: CallSchedule<PoolCall>;
  /** A query running longer is abandoned; Infinity: no limit. */
  readonly queryTimeoutMs: number;
  /** A message of the thread now running (those of one already replaced are ignored). */
  message(worker: Worker, message: FromPoolWorker): void;
  /** Settles a call's bookkeeping (its schedule, its session's idle time) before it is answered. */
  finish(call: PoolCall): PoolCall;
}

export class SlotThread {
  private worker: Worker | undefined;
  private restartsWithoutAnswer = 0;
  /** Threads that ended while holding sessions (a time limit, a crash). */
  private endedCount = 0;

  constructor(private readonly slot: ThreadSlot) {}

  /** The worker thread now running, if any. */
  get current(): Worker | undefined {
    return this.worker;
  }

  get ended(): number {
    return this.endedCount;
  }

  /** Makes sure a thread runs (started with the slot's sessions and taken queries). */
  ensure(): void {
    if (this.worker === undefined) this.start();
  }

  /**
   * Ends the thread on purpose (no sessions left, or the pool closing; `now` for a query past its
   * time limit, which cannot be waited for); nothing replaces it.
   */
  end(now = false): Promise<number> | undefined {
    const worker = this.worker;
    this.worker = undefined;
    if (worker === undefined) return undefined;
    return now ? worker.terminate() : endModuleWorker(worker);
  }

  /** It answered: it started, whatever ended its predecessors. */
  answered(): void {
    this.restartsWithoutAnswer = 0;
  }

  post(message: ToPoolWorker, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  /** Gives the thread a query (one attempt more). */
  postCall(call: PoolCall): void {
    this.slot.calls.posted(call);
    const { id, session, method, args, asJson } = call;
    this.post({ kind: 'call', id, session: session.id, method, args, asJson });
  }

  /** A query ran past the limit: it fails, and unless it was only waiting for Graphviz, the thread ends. */
  expire(call: PoolCall): void {
    const { calls, queryTimeoutMs } = this.slot;
    if (calls.get(call.id) !== call) return;
    // The thread ends first: none of the queued queries is posted to it as this one settles.
    const ending = call.awaitingLayouts > 0 ? undefined : this.worker;
    if (ending !== undefined) void this.end(true);
    this.slot.finish(call);
    calls.rememberTimeout(call);
    call.reject(new QueryTimeoutError(call.method, queryTimeoutMs));
    // Waiting for a layout, the thread is free (Graphviz has its own limit); otherwise it is busy
    // with this query and cannot be interrupted but by ending it.
    if (ending === undefined) return;
    this.lost(ending, new Error(`it was ended: a ${call.method} query ran past the time limit`), false);
  }

  /** An idle thread must not keep the process alive; a busy one does (a test awaiting it, say). */
  updateRef(): void {
    if (this.slot.calls.size > 0 || this.slot.sessions.openingCount > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  /**
   * Starts a thread and gives it every session placed here (decoded again from their raw bytes)
   * and every query in flight, in that order: a new slot has none, a replacement has its
   * predecessor's.
   */
  private start(): void {
    const worker = startModuleWorker('query-pool-worker');
    this.worker = worker;
    worker.on('message', (message: FromPoolWorker) => {
      if (worker === this.worker) this.slot.message(worker, message);
    });
    worker.on('error', (error) => this.lost(worker, error, true));
    worker.on('exit', (code) => this.lost(worker, new Error(`it exited with code ${code}`), true));
    const { sessions, calls, schedule } = this.slot;
    const decoding: number[] = [];
    for (const session of sessions.values()) {
      if (session.dropped) continue; // decoded again by its next query
      this.post(openMessage(session));
      decoding.push(session.id);
      if (session.served !== undefined) this.post(serveMessage(session, session.served));
    }
    // The queries its predecessor had taken; those still queued here go when their turn comes.
    const taken = calls.taken();
    for (const call of taken) this.postCall(call);
    schedule.workerReplaced(taken, decoding);
    schedule.pump();
  }

  /** Replaces a thread that ended; `crashed` counts towards giving up on a thread that cannot start. */
  private lost(worker: Worker, cause: Error, crashed: boolean): void {
    if (worker === this.worker) this.worker = undefined;
    else if (crashed) return; // one ended on purpose, already replaced
    this.endedCount++;
    const { sessions, calls } = this.slot;
    const failure = new QueryWorkerError(cause.message, { cause });
    if (crashed && ++this.restartsWithoutAnswer > MAX_RESTARTS_WITHOUT_ANSWER) {
      this.restartsWithoutAnswer = 0;
      // It cannot start: every session placed here fails from now on, saying why.
      sessions.breakAll(failure);
      for (const call of calls.values()) this.slot.finish(call).reject(failure);
      sessions.clear();
      return;
    }
    if (crashed) sessions.blameDecoding(cause, failure);
    // Asked twice already, a query fails rather than taking down a third thread.
    for (const call of calls.values()) {
      if (call.attempts >= 2 || sessions.get(call.session.id) === undefined) this.slot.finish(call).reject(failure);
    }
    calls.threadEnded();
    if (sessions.size > 0) this.start();
    this.updateRef();
  }
}
