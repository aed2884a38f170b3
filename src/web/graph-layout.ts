// Lays out call graphs (DOT → SVG) with Graphviz in a few worker threads shared by every viewer
// session of the process, fairly: each session runs at most one layout at a time and sessions take
// turns, so one session's heavy layouts never hold back another's small graph by more than one
// layout. A layout past its time limit ends its worker (a WebAssembly call cannot be interrupted
// any other way); a new one starts for the next layout.

import { GoProfilerError } from '../errors/index.js';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { FairQueue } from './fair-queue.js';
import type { LayoutReply, LayoutRequest } from './graph-layout-messages.js';
import { startModuleWorker } from './module-worker.js';
import { realTimers, type TimerHandle, type Timers } from './timers.js';

/** How long one layout may take before it is abandoned (pprof's default 80 nodes on a dense CPU profile can take minutes). */
export const GRAPH_LAYOUT_TIME_LIMIT_MS = 10_000;

/** The most Graphviz workers at once: each holds a WebAssembly instance of tens of MB. */
export const MAX_GRAPH_LAYOUT_WORKERS = 2;

/** Graphviz ran past the time limit; its worker was ended. */
export class GraphLayoutTimeLimitError extends GoProfilerError {
  override readonly name = 'GraphLayoutTimeLimitError';
  constructor(readonly timeLimitMs: number) {
    super('lay out graph', `Graphviz took longer than ${timeLimitMs / 1000} s`);
  }
}

/** Graphviz rejected the DOT, or the worker could not start or died. */
export class GraphLayoutError extends GoProfilerError {
  override readonly name = 'GraphLayoutError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super('lay out graph', reason, options);
  }
}

export interface GraphLayout {
  /**
   * The SVG Graphviz's `dot` draws for `dot`; rejects with GraphLayoutTimeLimitError after
   * `timeLimitMs`. `owner` (a session) is what takes turns: layouts of one owner run one at a time.
   */
  layout(dot: string, timeLimitMs: number, owner?: object): Promise<string>;
}

export interface WorkerGraphLayoutOptions {
  /** Graphviz workers at most; default the machine's cores, at most MAX_GRAPH_LAYOUT_WORKERS. */
  readonly maxWorkers?: number;
  /** Times each layout's limit; default Node's timers (tests pass a manual clock). */
  readonly timers?: Timers;
}

interface Job {
  readonly id: number;
  readonly dot: string;
  readonly timeLimitMs: number;
  readonly owner: object;
  resolve(svg: string): void;
  reject(error: Error): void;
}

interface LayoutThread {
  readonly worker: Worker;
  /** Graphviz compiled: only then is a layout timed (compiling is no layout's fault). */
  ready: boolean;
  running: { readonly job: Job; readonly timer: TimerHandle } | undefined;
}

/** The owner of layouts that name none. */
const NO_OWNER = {};

export class WorkerGraphLayout implements GraphLayout {
  private readonly queue = new FairQueue<object, Job>();
  private readonly threads = new Set<LayoutThread>();
  private readonly maxWorkers: number;
  private readonly timers: Timers;
  private nextId = 1;

  constructor(options: WorkerGraphLayoutOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? Math.min(availableParallelism(), MAX_GRAPH_LAYOUT_WORKERS));
    this.timers = options.timers ?? realTimers;
  }

  layout(dot: string, timeLimitMs: number, owner: object = NO_OWNER): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push(owner, { id: this.nextId++, dot, timeLimitMs, owner, resolve, reject });
      this.pump();
    });
  }

  /** Ends every worker (running and queued layouts fail); the next layout starts a new one. */
  async close(): Promise<void> {
    const closed = new GraphLayoutError('the layout worker was closed');
    const threads = [...this.threads];
    for (const thread of threads) this.dropThread(thread, closed);
    for (const job of this.queue.drain()) job.reject(closed);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  /** Starts what can start: queued layouts on idle workers, new workers up to the cap. */
  private pump(): void {
    while (this.queue.startable > 0) {
      const idle = [...this.threads].find((thread) => thread.ready && thread.running === undefined);
      if (idle !== undefined) {
        this.dispatch(idle, this.queue.take()!.job);
        continue;
      }
      const starting = [...this.threads].filter((thread) => !thread.ready).length;
      if (this.threads.size >= this.maxWorkers || starting >= this.queue.startable) break;
      this.startThread();
    }
    // An idle worker must not keep the process alive; a busy one must (a test awaiting it, say).
    for (const thread of this.threads) {
      if (thread.running !== undefined || !thread.ready) thread.worker.ref();
      else thread.worker.unref();
    }
  }

  private dispatch(thread: LayoutThread, job: Job): void {
    // The limit starts when Graphviz gets the graph, not while it waits its turn.
    const timer = this.timers.setTimer(() => this.expire(thread, job), job.timeLimitMs);
    thread.running = { job, timer };
    thread.worker.postMessage({ id: job.id, dot: job.dot } satisfies LayoutRequest);
  }

  private startThread(): void {
    const thread: LayoutThread = { worker: startModuleWorker('graph-layout-worker'), ready: false, running: undefined };
    this.threads.add(thread);
    thread.worker.on('message', (reply: LayoutReply) => {
      if (!this.threads.has(thread)) return;
      if ('ready' in reply) {
        thread.ready = true;
      } else if (thread.running?.job.id === reply.id) {
        const { job } = this.settle(thread);
        if ('svg' in reply) job.resolve(reply.svg);
        else job.reject(new GraphLayoutError(`Graphviz failed: ${reply.error}`));
      }
      this.pump();
    });
    thread.worker.on('error', (error) => this.onThreadEnd(thread, error));
    thread.worker.on('exit', (code) => this.onThreadEnd(thread, new Error(`the worker exited with code ${code}`)));
  }

  /** The thread's running layout is over: its timer stops and its owner's next layout may start. */
  private settle(thread: LayoutThread): { readonly job: Job } {
    const running = thread.running!;
    running.timer.cancel();
    thread.running = undefined;
    this.queue.finish(running.job.owner);
    return running;
  }

  private onThreadEnd(thread: LayoutThread, cause: Error): void {
    if (!this.threads.has(thread)) return; // one ended on purpose
    const failure = new GraphLayoutError(`the layout worker stopped: ${cause.message}`, { cause });
    if (!thread.ready) {
      // It never started (no Graphviz, no worker file): every waiting layout fails the same way,
      // rather than starting workers again and again.
      for (const job of this.queue.drain()) job.reject(failure);
    }
    this.dropThread(thread, failure);
    this.pump();
  }

  private expire(thread: LayoutThread, job: Job): void {
    if (thread.running?.job !== job) return;
    this.dropThread(thread, new GraphLayoutTimeLimitError(job.timeLimitMs));
    void thread.worker.terminate();
    this.pump();
  }

  /** Forgets the thread, failing the layout it was running with `error`. */
  private dropThread(thread: LayoutThread, error: Error): void {
    this.threads.delete(thread);
    if (thread.running !== undefined) this.settle(thread).job.reject(error);
  }
}

/** The process's layout workers, shared by every viewer session. */
export const sharedGraphLayout: GraphLayout = new WorkerGraphLayout();
