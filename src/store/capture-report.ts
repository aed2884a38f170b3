// Where a capture's offline report lies (`<stem>.report.html` beside `<stem>.prof`), and the
// sidecar's `report` field, set once the report is on disk.

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolveCaptureFile } from './capture-path.js';
import { describeRecordError, parseCaptureRecord } from './capture-record.js';
import { CaptureStoreError } from './capture-store-error.js';
import { TEMPORARY_SUFFIX } from './capture-store.js';
import { fsReason } from './fs-reason.js';

export const REPORT_SUFFIX = '.report.html';

/**
 * The report of a stored capture (`…/ns.name.Heap.prof` → `…/ns.name.Heap.report.html`; a bundle's
 * sidecar `…/ns.name.Bundle.json` → `…/ns.name.Bundle.report.html`), relative to the data root.
 */
export function captureReportFile(file: string): string {
  return `${file.replace(/\.(prof|json)$/, '')}${REPORT_SUFFIX}`;
}

/**
 * Sets the sidecar's `report` of `file` (relative to the data root) to `report`, through a
 * temporary file; resolves with how many bytes the sidecar grew (the data root's count follows it).
 */
export async function recordCaptureReport(dataRoot: string, file: string, report: string): Promise<number> {
  const sidecarFile = file.replace(/\.prof$/, '.json');
  const sidecar = resolveCaptureFile(dataRoot, sidecarFile);
  let text: string;
  try {
    text = await readFile(sidecar, 'utf8');
    // Parsed to check it; written back as read, so fields this version does not know are kept.
    parseCaptureRecord(text);
  } catch (error) {
    const reason = (error as { code?: unknown }).code === undefined ? describeRecordError(error) : fsReason(error);
    throw new CaptureStoreError('record capture report', sidecarFile, reason, { cause: error });
  }
  const record = { ...(JSON.parse(text) as Record<string, unknown>), report };
  const temporary = `${sidecar}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`;
  const written = `${JSON.stringify(record, null, 2)}\n`;
  try {
    await writeFile(temporary, written, { flag: 'wx' });
    await rename(temporary, sidecar);
    return Buffer.byteLength(written) - Buffer.byteLength(text);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CaptureStoreError('record capture report', sidecarFile, fsReason(error), { cause: error });
  }
}
