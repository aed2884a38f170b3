// A capture's preflight advice (query/advice/) from its decoded summary, and how the answer and
// the sidecar carry it: `result.advice` is the sentences joined by a space, absent when none.

import { adviseOnProfile } from '../query/index.js';
import type { DecodedProfileSummary } from '../web/query-pool-messages.js';
import type { ProfileType } from '../fetch/index.js';
import type { ProfileCaptureRequest } from './capture-request.js';
import { RESULT_PREFIX } from './request-keys.js';

/** The advice on one capture: what to change in the target or the request, one sentence each. */
export function captureAdvice(request: ProfileCaptureRequest, summary: DecodedProfileSummary): string[] {
  return summaryAdvice(request.type, summary, request.cpuSeconds);
}

/** The advice on one decoded profile of `type` (a bundle's parts each have their own). */
export function summaryAdvice(type: ProfileType, summary: DecodedProfileSummary, cpuSeconds?: number): string[] {
  return adviseOnProfile({
    type,
    sampleTypes: summary.sampleTypes,
    totals: summary.totals,
    sampleCount: summary.sampleCount,
    period: summary.period,
    durationNanos: summary.durationNanos,
    ...(cpuSeconds === undefined ? {} : { requestedSeconds: cpuSeconds }),
  });
}

/**
 * The answer's `advice` key: every sentence ends with a period, so a space keeps them apart and
 * the Diagnosis status reads as prose (SPEC §1: values are strings). None when there is no advice.
 */
export function adviceResult(advice: readonly string[]): Record<string, string> {
  return advice.length === 0 ? {} : { [`${RESULT_PREFIX}advice`]: advice.join(' ') };
}
