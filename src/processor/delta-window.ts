// A delta capture's window as the sidecar records it, the answer reports it and the viewer says
// it ("during 30 s"): its seconds and how it was taken (Go's delta endpoint, or two snapshots).

import type { CaptureRecord } from '../store/index.js';
import type { CaptureWindow } from '../web/view-models.js';
import type { DeltaMethod } from './delta-profile.js';
import { RESULT_PREFIX } from './request-keys.js';

/** The sidecar's `deltaSeconds` and `deltaMethod`; nothing for a snapshot. */
export function deltaFacts(
  seconds: number | undefined,
  method: DeltaMethod | undefined,
): { deltaSeconds?: number; deltaMethod?: DeltaMethod } {
  if (seconds === undefined || method === undefined) return {};
  return { deltaSeconds: seconds, deltaMethod: method };
}

/** The answer's `delta_seconds` and `delta_method` (string values, SPEC §1); nothing for a snapshot. */
export function deltaResult(record: CaptureRecord): Record<string, string> {
  if (record.deltaSeconds === undefined || record.deltaMethod === undefined) return {};
  return {
    [`${RESULT_PREFIX}delta_seconds`]: String(record.deltaSeconds),
    [`${RESULT_PREFIX}delta_method`]: record.deltaMethod,
  };
}

/** What the viewer says of a stored capture's window; none for a snapshot (or an older sidecar). */
export function captureWindowOf(record: CaptureRecord): CaptureWindow | undefined {
  if (record.deltaSeconds === undefined || record.deltaMethod === undefined) return undefined;
  return { seconds: record.deltaSeconds, method: record.deltaMethod };
}
