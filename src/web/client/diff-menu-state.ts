// The Diff menu and banner as pure functions: the bases offered (No diff, then every other
// capture, newest first), where each leads, and what the banner says about the diff shown.

import type { DiffBaseModel } from '../view-models.js';
import type { QueryOptions } from './query-options.js';
import type { StateChange } from './url-state.js';

/** `2026-11-25 06:00:00 UTC` from an ISO time. */
export function formatUtcTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function describeBase(base: DiffBaseModel): string {
  const where = base.pod ?? base.diagnosis;
  return `${formatUtcTime(base.capturedAt)} · ${where} · ${base.sampleCount} samples`;
}

export interface BaseItem {
  readonly text: string;
  /** The value of `base` ("" stops diffing). */
  readonly base: string;
  readonly checked: boolean;
  /** The link's target (the base alone) and what a click does (stopping also stops normalizing). */
  readonly href: StateChange;
  readonly click: StateChange;
}

/** The menu's items; none when there is no other capture to compare with. */
export function baseItems(bases: readonly DiffBaseModel[], options: QueryOptions): BaseItem[] {
  if (bases.length === 0) return [];
  const item = (text: string, base: string): BaseItem => ({
    text,
    base,
    checked: base === options.base,
    href: { options: { base } },
    click: { options: { base, ...(base === '' ? { normalize: false } : {}) } },
  });
  return [item('No diff', ''), ...bases.map((base) => item(describeBase(base), base.file))];
}

export const STOP_DIFFING: StateChange = { options: { base: '', normalize: false } };

export interface DiffBanner {
  /** When this capture was taken, and the base's time (or its file when it is not listed). */
  readonly captured: string;
  readonly base: string;
  readonly normalized: boolean;
}

/** What the banner says, or undefined when not diffing. */
export function diffBanner(
  capturedAt: string,
  bases: readonly DiffBaseModel[],
  options: QueryOptions,
): DiffBanner | undefined {
  if (options.base === '') return undefined;
  const chosen = bases.find((base) => base.file === options.base);
  return {
    captured: formatUtcTime(capturedAt),
    base: chosen === undefined ? options.base : formatUtcTime(chosen.capturedAt),
    normalized: options.normalize,
  };
}
