// Queues a stored capture's offline report (issue 10 item 5) once its answer is ready: one profile
// for a capture, every kept profile (with a switch) for a bundle. The answer does not wait for it.

import type { DecodeOptions } from '../pprof/index.js';
import type { Clock } from '../session/index.js';
import { captureReportFile, recordCaptureReport, resolveCaptureFile, type CaptureRecord } from '../store/index.js';
import type { OfflineReportWriter, ReportJobProfile } from '../web/report/offline-report-writer.js';

export interface CaptureReportDependencies {
  readonly dataRoot: string;
  readonly clock: Clock;
  /** None: no report is written (tests and benchmarks that do not look at it). */
  readonly reports?: OfflineReportWriter;
}

/** A written report: its path relative to the data root, and the bytes it added (its own and its sidecar's growth). */
export interface WrittenCaptureReport {
  readonly file: string;
  readonly bytes: number;
}

/** A queued report: its path relative to the data root, and a promise settled once written and recorded. */
export interface StartedCaptureReport {
  readonly file: string;
  readonly written: Promise<WrittenCaptureReport>;
}

/** One profile of the report: where it is stored, and what the report says of it (its sidecar's facts). */
export type CaptureReportProfile = Omit<ReportJobProfile, 'path'> & { readonly file: string };

/** Queues the report of `record`'s capture; a failure loses no capture (its promise says why). */
export function startCaptureReport(
  deps: CaptureReportDependencies,
  record: CaptureRecord,
  profiles: readonly CaptureReportProfile[],
  decodeOptions: DecodeOptions,
): StartedCaptureReport | undefined {
  if (deps.reports === undefined || profiles.length === 0) return undefined;
  const file = captureReportFile(record.file);
  const written = deps.reports
    .write({
      profiles: profiles.map(({ file: stored, ...facts }) => ({
        ...facts,
        path: resolveCaptureFile(deps.dataRoot, stored),
      })),
      decodeOptions,
      file: resolveCaptureFile(deps.dataRoot, file),
      generatedAt: new Date(deps.clock.now()).toISOString(),
    })
    .then(async (reportBytes) => {
      const sidecarGrowth = await recordCaptureReport(deps.dataRoot, record.file, file);
      return { file, bytes: reportBytes + sidecarGrowth };
    });
  // Observed here too, so a caller that ignores it leaves no unhandled rejection.
  written.catch(() => undefined);
  return { file, written };
}
