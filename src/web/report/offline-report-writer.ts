// Writes the processor's captures' offline reports (`<stem>.report.html`) one at a time, each in
// a worker thread of its own, so that a large profile's report neither blocks the event loop nor
// takes both cores from the captures and viewers.

import type { Worker } from 'node:worker_threads';
import type { DecodeOptions } from '../../pprof/index.js';
import { endModuleWorker, startModuleWorker } from '../module-worker.js';
import { deserializeError, type SerializedError } from '../worker-errors.js';
import { OfflineReportError } from './offline-report-html.js';

/**
 * One profile of a report: where it is stored and the report's facts about it (the time as ISO).
 * The worker reads the file itself, so a queued report holds no capture's bytes.
 */
export interface ReportJobProfile {
  readonly path: string;
  readonly name: string;
  readonly type: string;
  readonly source: string;
  readonly capturedAt: string;
  readonly advice: readonly string[];
}

export interface ReportJob {
  /** One per profile (a capture's one; a bundle's each), in the order the page's switch lists them. */
  readonly profiles: readonly ReportJobProfile[];
  readonly decodeOptions: DecodeOptions;
  /** The report's path. */
  readonly file: string;
  readonly generatedAt: string;
}

export type ReportReply =
  { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly error: SerializedError };

export class OfflineReportWriter {
  /** The last report queued: each starts once the one before has finished. */
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly running = new Set<Worker>();

  /** Queues a report; resolves with its size once written, rejects with why it was not. */
  write(job: ReportJob): Promise<number> {
    const written = this.tail.then(() => this.runInWorker(job));
    this.tail = written.catch(() => undefined);
    return written;
  }

  private runInWorker(job: ReportJob): Promise<number> {
    if (this.closed)
      return Promise.reject(new OfflineReportError(`write report ${job.file}`, 'the processor is closing'));
    return new Promise((resolve, reject) => {
      const worker = startModuleWorker('report/offline-report-worker', { workerData: job });
      this.running.add(worker);
      let replied = false;
      worker.once('message', (reply: ReportReply) => {
        replied = true;
        if (reply.ok) resolve(reply.bytes);
        else reject(deserializeError(reply.error));
      });
      worker.once('error', (error) => {
        replied = true;
        reject(new OfflineReportError(`write report ${job.file}`, 'its worker failed', { cause: error }));
      });
      worker.once('exit', (code) => {
        this.running.delete(worker);
        if (!replied) reject(new OfflineReportError(`write report ${job.file}`, `its worker exited with code ${code}`));
      });
    });
  }

  /** Ends the report being written, if any; reports queued after are refused. */
  async close(): Promise<void> {
    this.closed = true;
    // It exits on its own once its report is written; asked to, it would only do so then.
    await Promise.all([...this.running].map((worker) => endModuleWorker(worker)));
  }
}
