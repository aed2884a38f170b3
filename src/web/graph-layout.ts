// Lays out call graphs (DOT → SVG) with Graphviz in one worker thread shared by every viewer
// session of the process: started on the first layout, kept for the next ones, and terminated and
// started again when a layout runs past its time limit (Graphviz's time grows steeply with the
// number of edges, and a WebAssembly call cannot be interrupted any other way).

import type { Worker } from 'node:worker_threads';
import type { LayoutReply, LayoutRequest } from './graph-layout-messages.js';
import { startModuleWorker } from './module-worker.js';

/** How long one layout may take before it is abandoned (pprof's default 80 nodes on a dense CPU profile can take minutes). */
export const GRAPH_LAYOUT_TIME_LIMIT_MS = 10_000;

/** Graphviz ran past the time limit; the worker was restarted. */
export class GraphLayoutTimeLimitError extends Error {
  override readonly name = 'GraphLayoutTimeLimitError';
  constructor(readonly timeLimitMs: number) {
    super(`lay out graph: Graphviz took longer than ${timeLimitMs / 1000} s`);
  }
}

/** Graphviz rejected the DOT, or the worker could not start or died. */
export class GraphLayoutError extends Error {
  override readonly name = 'GraphLayoutError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`lay out graph: ${reason}`, options);
  }
}

export interface GraphLayout {
  /** The SVG Graphviz's `dot` draws for `dot`; rejects with GraphLayoutTimeLimitError after `timeLimitMs`. */
  layout(dot: string, timeLimitMs: number): Promise<string>;
}

interface Job {
  readonly id: number;
  readonly dot: string;
  readonly timeLimitMs: number;
  resolve(svg: string): void;
  reject(error: Error): void;
}

/** One worker, one layout at a time, the others queued in order. */
export class WorkerGraphLayout implements GraphLayout {
  private worker: Worker | undefined;
  private ready = false;
  private readonly queue: Job[] = [];
  private running: { readonly job: Job; readonly timer: NodeJS.Timeout } | undefined;
  private nextId = 1;

  layout(dot: string, timeLimitMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, dot, timeLimitMs, resolve, reject });
      this.pump();
    });
  }

  /** Ends the worker (queued layouts fail); the next layout starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.dropWorker(new GraphLayoutError('the layout worker was closed'));
    for (const job of this.queue.splice(0)) job.reject(new GraphLayoutError('the layout worker was closed'));
    await worker?.terminate();
  }

  private pump(): void {
    if (this.running === undefined && this.queue.length > 0) {
      if (this.worker === undefined) this.startWorker();
      else if (this.ready) {
        const job = this.queue.shift()!;
        // The limit starts when Graphviz gets the graph, not while it waits its turn.
        const timer = setTimeout(() => this.expire(job), job.timeLimitMs);
        this.running = { job, timer };
        this.worker.postMessage({ id: job.id, dot: job.dot } satisfies LayoutRequest);
      }
    }
    // An idle worker must not keep the process alive; a busy one must (a test awaiting it, say).
    if (this.running !== undefined || this.queue.length > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  private startWorker(): void {
    const worker = startModuleWorker('graph-layout-worker');
    this.worker = worker;
    this.ready = false;
    worker.on('message', (reply: LayoutReply) => {
      if (worker !== this.worker) return;
      if ('ready' in reply) {
        this.ready = true;
      } else if (this.running?.job.id === reply.id) {
        const { job, timer } = this.running;
        clearTimeout(timer);
        this.running = undefined;
        if ('svg' in reply) job.resolve(reply.svg);
        else job.reject(new GraphLayoutError(`Graphviz failed: ${reply.error}`));
      }
      this.pump();
    });
    worker.on('error', (error) => this.onWorkerEnd(worker, error));
    worker.on('exit', (code) => this.onWorkerEnd(worker, new Error(`the worker exited with code ${code}`)));
  }

  private onWorkerEnd(worker: Worker, cause: Error): void {
    if (worker !== this.worker) return; // one we terminated on purpose
    const failure = new GraphLayoutError(`the layout worker stopped: ${cause.message}`, { cause });
    if (!this.ready) {
      // It never started (no Graphviz, no worker file): every waiting layout fails the same way,
      // rather than starting it again and again.
      for (const job of this.queue.splice(0)) job.reject(failure);
    }
    this.dropWorker(failure);
    this.pump();
  }

  private expire(job: Job): void {
    if (this.running?.job !== job) return;
    const worker = this.worker;
    this.dropWorker(new GraphLayoutTimeLimitError(job.timeLimitMs));
    void worker?.terminate();
    this.pump();
  }

  /** Forgets the worker, failing the layout it was running with `error`. */
  private dropWorker(error: Error): void {
    this.worker = undefined;
    this.ready = false;
    if (this.running !== undefined) {
      clearTimeout(this.running.timer);
      this.running.job.reject(error);
      this.running = undefined;
    }
  }
}

/** The process's one layout worker, shared by every viewer session. */
export const sharedGraphLayout: GraphLayout = new WorkerGraphLayout();
