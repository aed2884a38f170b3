// The session side of a query worker (query-worker.ts): every query is posted by id and answered
// there, off this thread, so one session's heavy query never stalls the others or the processor's
// API. The profile is handed over at start (its typed arrays' buffers transferred: this thread no
// longer holds them). When the worker dies, the queries it was answering fail with a 500 and a new
// worker decodes the raw capture (kept for /download anyway), so the session keeps answering.

import type { Worker } from 'node:worker_threads';
import type { Profile } from '../pprof/index.js';
import type { QueryOptions } from '../query/query-options.js';
import type { GraphLayoutSettings } from './call-graph-view.js';
import { startModuleWorker } from './module-worker.js';
import type { FoldedStacks, QueryService } from './query-service.js';
import {
  deserializeError,
  serializeError,
  type FromQueryWorker,
  type QueryCalls,
  type QueryMethod,
  type QueryWorkerData,
  type ToQueryWorker,
} from './query-worker-messages.js';
import type { SourceFiles } from './source-files.js';

/** The session's query worker stopped while answering; the session starts a new one. */
export class QueryWorkerError extends Error {
  override readonly name = 'QueryWorkerError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`run query: the session's query worker stopped (${reason}); ask again`, options);
  }
}

/** A worker that dies this many times in a row before answering anything is not started again. */
const MAX_RESTARTS_WITHOUT_ANSWER = 2;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface WorkerQueryServiceOptions {
  readonly profile: Profile;
  /** Transfer the profile's buffers (this thread loses them) rather than copy them. */
  readonly handOverProfile: boolean;
  readonly rawBytes: Uint8Array;
  readonly capture: QueryWorkerData['capture'];
  readonly graphLayout: GraphLayoutSettings;
  readonly sources?: SourceFiles;
}

/** The distinct buffers of a profile's typed arrays (several arrays may share one). */
function profileBuffers(profile: Profile): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const table of [profile.samples, profile.locations, profile.functions]) {
    for (const column of Object.values(table)) {
      if (ArrayBuffer.isView(column) && column.buffer instanceof ArrayBuffer) buffers.add(column.buffer);
    }
  }
  return [...buffers];
}

export class WorkerQueryService implements QueryService {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** Workers started since the last answer: one that dies before answering is not started over and over. */
  private restartsWithoutAnswer = 0;
  private brokenBy: Error | undefined;

  constructor(private readonly options: WorkerQueryServiceOptions) {
    const { profile, handOverProfile } = options;
    this.worker = this.startWorker({ profile }, handOverProfile ? profileBuffers(profile) : []);
  }

  /** The worker now answering (for diagnostics and tests). */
  get currentWorker(): Worker {
    return this.worker;
  }

  readonly summary: QueryService['summary'] = () => this.call('summary');
  readonly bases: QueryService['bases'] = () => this.call('bases');
  readonly top: QueryService['top'] = (options, pattern) => this.call('top', options, pattern);
  readonly flameGraph: QueryService['flameGraph'] = (options, zoom) => this.call('flameGraph', options, zoom);
  readonly graph: QueryService['graph'] = (options, pattern) => this.call('graph', options, pattern);
  readonly search: QueryService['search'] = (options, pattern, zoom) => this.call('search', options, pattern, zoom);
  readonly peek: QueryService['peek'] = (options, pattern) => this.call('peek', options, pattern);
  readonly source: QueryService['source'] = (options, pattern) => this.call('source', options, pattern);
  readonly pivot: QueryService['pivot'] = (options, part) => this.call('pivot', options, part);
  readonly labels: QueryService['labels'] = (options) => this.call('labels', options);
  readonly presets: QueryService['presets'] = () => this.call('presets');
  readonly filteredProfile: QueryService['filteredProfile'] = (options) => this.call('filteredProfile', options);

  async foldedStacks(options: QueryOptions): Promise<FoldedStacks> {
    const { sampleType, chunks } = (await this.call('foldedStacks', options)) as FoldedStacks;
    return { sampleType, chunks: [...chunks].map((chunk) => Buffer.from(chunk as Uint8Array)) };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failPending(new QueryWorkerError('the session closed'));
    await this.worker.terminate();
  }

  // The answers' types are the QueryService's; the worker sends what InProcessQueryService returns.
  private call<M extends QueryMethod>(method: M, ...args: QueryCalls[M]): Promise<never> {
    if (this.closed) {
      const reason = this.brokenBy === undefined ? 'the session closed' : `${this.brokenBy.message}, for good`;
      return Promise.reject(new QueryWorkerError(reason, { cause: this.brokenBy }));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ id, method, args } satisfies ToQueryWorker);
    });
  }

  private startWorker(start: Pick<QueryWorkerData, 'profile' | 'rawBytes'>, transfer: ArrayBuffer[]): Worker {
    const { capture, graphLayout, sources } = this.options;
    const workerData: QueryWorkerData = {
      ...start,
      capture,
      graphTimeLimitMs: graphLayout.timeLimitMs,
      ...(sources === undefined ? {} : { sources: sources.lookup }),
    };
    const worker = startModuleWorker('query-worker', { workerData, transferList: transfer });
    worker.unref(); // an idle session's worker must not keep the process alive; a busy one does
    worker.on('message', (message: FromQueryWorker) => {
      if (worker === this.worker) this.onMessage(message);
    });
    worker.on('error', (error) => this.onWorkerEnd(worker, error));
    worker.on('exit', (code) => this.onWorkerEnd(worker, new Error(`it exited with code ${code}`)));
    return worker;
  }

  private onMessage(message: FromQueryWorker): void {
    if ('layoutId' in message) {
      const { layoutId } = message;
      this.options.graphLayout.layout.layout(message.dot, message.timeLimitMs).then(
        (svg) => this.worker.postMessage({ layoutId, svg } satisfies ToQueryWorker),
        (error: unknown) => this.worker.postMessage({ layoutId, error: serializeError(error) } satisfies ToQueryWorker),
      );
      return;
    }
    this.restartsWithoutAnswer = 0;
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('error' in message) pending.reject(deserializeError(message.error));
    else pending.resolve(message.value);
  }

  private onWorkerEnd(worker: Worker, cause: Error): void {
    if (worker !== this.worker || this.closed) return;
    this.failPending(new QueryWorkerError(cause.message, { cause }));
    if (++this.restartsWithoutAnswer > MAX_RESTARTS_WITHOUT_ANSWER) {
      // Broken for good (it cannot even start): every query now fails with why.
      this.closed = true;
      this.brokenBy = cause;
      return;
    }
    // The profile went with the worker: a new one decodes the raw capture (a copy of it).
    this.worker = this.startWorker({ rawBytes: this.options.rawBytes }, []);
  }

  private failPending(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
