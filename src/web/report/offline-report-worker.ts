// The worker thread that writes one capture's offline report, off the processor's event loop:
// it reads and decodes the stored profile again (the session's decoded profile lives in a query pool worker),
// builds the report and writes it, then answers with its size or the error, and exits. It runs at
// a lower priority than the viewers' threads: a report is written right after a capture's answer,
// just when its viewer's first page loads (measured under load: it took a core from that page).

import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeProfile } from '../../pprof/index.js';
import { lowerThreadPriority } from '../thread-priority.js';
import { serializeError } from '../worker-errors.js';
import type { ReportJob, ReportReply } from './offline-report-writer.js';
import { writeOfflineReport } from './write-offline-report.js';

async function run(job: ReportJob): Promise<ReportReply> {
  try {
    const inputs = [];
    for (const { path, capturedAt, ...facts } of job.profiles) {
      const profile = decodeProfile(await readFile(path), job.decodeOptions);
      inputs.push({ ...facts, profile, capturedAt: new Date(capturedAt) });
    }
    const written = await writeOfflineReport(inputs, job.file, new Date(job.generatedAt));
    return { ok: true, bytes: written.bytes };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

lowerThreadPriority();
parentPort?.postMessage(await run(workerData as ReportJob));
