// Reads goroutine dumps in worker threads (goroutine-dump-worker.ts), a few at a time: the parse of
// a large dump never holds up the pages and queries of the processor's other sessions, and the
// dump's text is never held in the main thread's heap. One worker per dump, ended once it answers
// (a session reads its dump once; a worker kept for that would hold its heap for nothing).

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { GoProfilerError } from '../errors/index.js';
import type { DumpReadReply, DumpReadRequest, ReadDump } from './goroutine-dump-messages.js';
import { startModuleWorker } from './module-worker.js';
import { deserializeError } from './worker-errors.js';

export type { ReadDump } from './goroutine-dump-messages.js';

/** Reads, parses and groups the dump at `dumpPath`; `name` is what its errors call it. */
export type GoroutineDumpReader = (dumpPath: string, name: string) => Promise<ReadDump>;

/** Dumps parsed at once at most: each worker holds a dump's text (up to 64 MB, twice as UTF-16). */
export const MAX_DUMP_WORKERS = 2;

/** The worker ended without an answer (it could not start, or ran out of memory). */
export class GoroutineDumpWorkerError extends GoProfilerError {
  override readonly name = 'GoroutineDumpWorkerError';
  constructor(name: string, reason: string, options?: { cause?: unknown }) {
    super(`read goroutine dump ${name}`, reason, options);
  }
}

export interface WorkerDumpReaderOptions {
  /** Workers at once; default the machine's cores, at most MAX_DUMP_WORKERS. */
  readonly maxWorkers?: number;
  /** Told when a dump's text is read and its parse starts (tests prove other work goes on meanwhile). */
  readonly onParsing?: (dumpPath: string) => void;
}

/** A reader that parses each dump in a worker thread of its own, `maxWorkers` at once. */
export function workerGoroutineDumpReader(options: WorkerDumpReaderOptions = {}): GoroutineDumpReader {
  const maxWorkers = Math.max(1, options.maxWorkers ?? Math.min(availableParallelism(), MAX_DUMP_WORKERS));
  const waiting: (() => void)[] = [];
  let running = 0;
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async (dumpPath, name) => {
    if (running >= maxWorkers) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return (await readInWorker({ dumpPath, name }, options.onParsing)).dump;
    } finally {
      release();
    }
  };
}

/** A dump read as `go-profiler view DUMP` shows it: its groups, and the goroutine profile built from it. */
export interface DumpAsProfile {
  readonly dump: ReadDump;
  /** The goroutine profile (query's goroutineDumpProfile), gzipped profile.proto. */
  readonly profile: Uint8Array;
}

/**
 * Reads, parses and groups the dump at `dumpPath` in a worker thread, and builds the goroutine
 * profile from the same parse there: the CLI's thread never holds the dump's text.
 */
export async function readGoroutineDumpAsProfile(
  dumpPath: string,
  name: string,
  options: Pick<WorkerDumpReaderOptions, 'onParsing'> = {},
): Promise<DumpAsProfile> {
  const { dump, profile } = await readInWorker({ dumpPath, name, profile: true }, options.onParsing);
  if (profile === undefined) throw new GoroutineDumpWorkerError(name, 'the worker answered without the profile');
  return { dump, profile };
}

function readInWorker(
  request: DumpReadRequest,
  onParsing?: (dumpPath: string) => void,
): Promise<{ dump: ReadDump; profile?: Uint8Array }> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startModuleWorker('goroutine-dump-worker', { workerData: request });
    } catch (error) {
      reject(new GoroutineDumpWorkerError(request.name, 'the worker could not start', { cause: error }));
      return;
    }
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (reply: DumpReadReply) => {
      if ('parsing' in reply) onParsing?.(request.dumpPath);
      else if ('dump' in reply) settle(() => resolve(reply));
      else settle(() => reject(deserializeError(reply.error)));
    });
    worker.on('error', (error) =>
      settle(() =>
        reject(new GoroutineDumpWorkerError(request.name, `the worker stopped: ${error.message}`, { cause: error })),
      ),
    );
    worker.on('exit', (code) =>
      settle(() => reject(new GoroutineDumpWorkerError(request.name, `the worker exited with code ${code}`))),
    );
  });
}

/** The process's dump reader, shared by every viewer session. */
export const sharedGoroutineDumpReader: GoroutineDumpReader = workerGoroutineDumpReader();
