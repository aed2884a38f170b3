// Builds an offline report and writes it to a file, whole or not at all: written beside under a
// temporary name, then renamed over the target.

import { rename, rm, writeFile } from 'node:fs/promises';
import {
  buildOfflineReport,
  DEFAULT_REPORT_LIMITS,
  type ReportLimits,
  type ReportProfileInput,
} from './build-offline-report.js';
import { OfflineReportError, renderOfflineReportHtml } from './offline-report-html.js';

export interface WrittenReport {
  readonly file: string;
  readonly bytes: number;
}

export async function writeOfflineReport(
  inputs: readonly ReportProfileInput[],
  file: string,
  generatedAt: Date,
  limits: ReportLimits = DEFAULT_REPORT_LIMITS,
): Promise<WrittenReport> {
  const html = Buffer.from(renderOfflineReportHtml(buildOfflineReport(inputs, generatedAt, limits)), 'utf8');
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, html, { mode: 0o644 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new OfflineReportError(`write report ${file}`, reason, { cause: error });
  }
  return { file, bytes: html.length };
}
