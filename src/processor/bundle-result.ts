// What a bundle records of each profile (the sidecar's `bundle` entries) and what the answer says
// of them (`…result.profiles`, a JSON string: SPEC §1's values are strings).

import type { BundleEntry, CaptureRecord } from '../store/index.js';
import type { FetchedPart, MissingPart } from './bundle-parts.js';
import { BUNDLE_PARTS } from './bundle-parts.js';
import { RESULT_PREFIX } from './request-keys.js';
import { adviceResult, summaryAdvice } from './capture-advice.js';

/** Each profile in BUNDLE_PARTS' order: its file, window and totals, or its reason. */
export function bundleEntriesOf(
  kept: readonly FetchedPart[],
  missing: readonly MissingPart[],
  fileOf: (suffix: string) => string,
  seconds: number,
): BundleEntry[] {
  return BUNDLE_PARTS.map((part): BundleEntry => {
    const fetched = kept.find((candidate) => candidate.part === part);
    const base = { profile: part.profile, type: part.type };
    if (fetched === undefined) {
      const reason = missing.find((candidate) => candidate.part === part)?.reason ?? 'not captured';
      return { ...base, error: reason };
    }
    const { summary } = fetched.opened;
    const advice = summaryAdvice(part.type, summary, part.window === 'cpu' ? seconds : undefined);
    return {
      ...base,
      file: fileOf(`${part.profile}.prof`),
      ...(part.window === 'delta' && fetched.deltaMethod !== undefined
        ? { deltaSeconds: seconds, deltaMethod: fetched.deltaMethod }
        : {}),
      sampleCount: summary.sampleCount,
      totals: summary.sampleTypes.map(({ type, unit }, column) => ({ type, unit, value: summary.totals[column]! })),
      ...(advice.length === 0 ? {} : { advice }),
    };
  });
}

/** One profile as the answer lists it: its file and totals (`"1234 bytes"`), or why it is missing. */
export interface BundleProfileListing {
  readonly profile: string;
  readonly type: string;
  readonly file?: string;
  readonly samples?: number;
  readonly totals?: Readonly<Record<string, string>>;
  readonly deltaSeconds?: number;
  readonly deltaMethod?: string;
  readonly advice?: readonly string[];
  readonly error?: string;
}

/** The listing the answer and the CLI give. */
export function bundleListing(record: CaptureRecord): BundleProfileListing[] {
  return (record.bundle ?? []).map((entry) => {
    if (entry.file === undefined) return { profile: entry.profile, type: entry.type, error: entry.error ?? '' };
    const totals: Record<string, string> = {};
    for (const total of entry.totals ?? []) totals[total.type] = `${total.value} ${total.unit}`.trim();
    return {
      profile: entry.profile,
      type: entry.type,
      file: entry.file,
      samples: entry.sampleCount ?? 0,
      totals,
      ...(entry.deltaSeconds === undefined ? {} : { deltaSeconds: entry.deltaSeconds }),
      ...(entry.deltaMethod === undefined ? {} : { deltaMethod: entry.deltaMethod }),
      ...(entry.advice === undefined ? {} : { advice: entry.advice }),
    };
  });
}

/** `…result.profiles`: the listing as a JSON string; `…result.goroutine_dump` when the dump was kept. */
export function bundleResult(record: CaptureRecord): Record<string, string> {
  return {
    [`${RESULT_PREFIX}profiles`]: JSON.stringify(bundleListing(record)),
    // Every kept profile's advice, each sentence naming its profile (`block: call …`).
    ...adviceResult(
      (record.bundle ?? []).flatMap((entry) => (entry.advice ?? []).map((text) => `${entry.profile}: ${text}`)),
    ),
    ...(record.goroutineDump === undefined ? {} : { [`${RESULT_PREFIX}goroutine_dump`]: record.goroutineDump }),
  };
}

/** What a part's viewer shows from its sidecar entry: the delta's window ("during N s") and its advice. */
export function entryViewFacts(entry: BundleEntry): {
  window?: { seconds: number; method: NonNullable<BundleEntry['deltaMethod']> };
  advice?: readonly string[];
} {
  return {
    ...(entry.deltaSeconds === undefined || entry.deltaMethod === undefined
      ? {}
      : { window: { seconds: entry.deltaSeconds, method: entry.deltaMethod } }),
    ...(entry.advice === undefined ? {} : { advice: entry.advice }),
  };
}

/**
 * What the bundle's goroutine profile's viewer knows of the bundle's dump: its path (the
 * Goroutines view), or why there is none (the view says so). Nothing for the other profiles.
 */
export function entryDumpFacts(
  record: CaptureRecord,
  entry: BundleEntry,
): { goroutineDump?: string; goroutineDumpError?: string } {
  if (entry.type !== 'Goroutine') return {};
  if (record.goroutineDump !== undefined) return { goroutineDump: record.goroutineDump };
  return record.goroutineDumpError === undefined ? {} : { goroutineDumpError: record.goroutineDumpError };
}
