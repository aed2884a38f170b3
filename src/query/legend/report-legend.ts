// The header lines pprof prints above a report (internal/report ProfileLabels and reportLabels):
// File, Build ID, comments, Type, Time, Duration, active filters, "Showing nodes accounting for",
// "Dropped N nodes", "Showing top N nodes out of M".

import type { Mapping, Profile } from '../../pprof/index.js';
import { formatPercentage, formatValueLabel, scaleValue } from '../../units/index.js';
import type { QueryOptions } from '../options/query-options.js';
import { zoneAbbreviation } from './zone-abbreviation.js';

const LIBRARY = /([.]so$|[.]so[._][0-9]+)/;

/**
 * The mapping pprof treats as the main binary (profile.massageMappings): adjacent pieces of one
 * file are merged, then the first mapping that is not a shared library or a [pseudo] mapping.
 */
export function mainMapping(profile: Profile): { filename: string; buildId: string } | undefined {
  const merged: { start: bigint; limit: bigint; offset: bigint; filename: string; buildId: string }[] = [];
  for (const m of profile.mappings as readonly Mapping[]) {
    const last = merged[merged.length - 1];
    if (last !== undefined && adjacent(last, m)) {
      last.limit = m.memoryLimit;
      if (m.filename !== '') last.filename = m.filename;
      if (m.buildId !== '') last.buildId = m.buildId;
      continue;
    }
    merged.push({
      start: m.memoryStart,
      limit: m.memoryLimit,
      offset: m.fileOffset,
      filename: m.filename,
      buildId: m.buildId,
    });
  }
  if (merged.length === 0) return undefined;
  for (let i = 0; i < merged.length; i++) {
    const file = merged[i]!.filename.replaceAll('(deleted)', '').trim();
    if (file === '' || LIBRARY.test(file) || file.startsWith('[')) continue;
    [merged[0], merged[i]] = [merged[i]!, merged[0]!];
    break;
  }
  return merged[0];
}

function adjacent(
  a: { start: bigint; limit: bigint; offset: bigint; filename: string; buildId: string },
  b: Mapping,
): boolean {
  if (a.filename !== '' && b.filename !== '' && a.filename !== b.filename) return false;
  if (a.buildId !== '' && b.buildId !== '' && a.buildId !== b.buildId) return false;
  if (a.limit !== b.memoryStart) return false;
  if (a.offset !== 0n && b.fileOffset !== 0n && a.offset + (a.limit - a.start) !== b.fileOffset) return false;
  return true;
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Go's time.Format("Jan 2, 2006 at 3:04pm (MST)") in `timeZone` (an IANA name; default the
 * process's own zone, as `go tool pprof` uses the local zone).
 */
export function formatProfileTime(timeNanos: bigint, timeZone?: string): string {
  const date = new Date(Number(timeNanos / 1_000_000n));
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZoneName: 'short',
  });
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  const zone = zoneAbbreviation(date, timeZone, parts.timeZoneName ?? 'UTC');
  const dayPeriod = (parts.dayPeriod ?? '').toLowerCase();
  return `${parts.month} ${parts.day}, ${parts.year} at ${parts.hour}:${parts.minute}${dayPeriod} (${zone})`;
}

export interface ProfileLabelContext {
  readonly profile: Profile;
  /** The sample type name reports print (`inuse_space`, `mean_delay`). */
  readonly typeLabel: string;
  readonly sampleUnit: string;
  readonly total: number;
  readonly formatValue: (value: number) => string;
  readonly timeZone?: string;
}

/** pprof's ProfileLabels. */
export function profileLabels(context: ProfileLabelContext): string[] {
  const { profile } = context;
  const labels: string[] = [];
  const main = mainMapping(profile);
  if (main !== undefined) {
    if (main.filename !== '') labels.push(`File: ${baseName(main.filename)}`);
    if (main.buildId !== '') labels.push(`Build ID: ${main.buildId}`);
  }
  for (const comment of profile.comments) if (!comment.startsWith('#')) labels.push(comment);
  if (context.typeLabel !== '') labels.push(`Type: ${context.typeLabel}`);
  if (profile.timeNanos !== 0n) labels.push(`Time: ${formatProfileTime(profile.timeNanos, context.timeZone)}`);
  if (profile.durationNanos !== 0) {
    const duration = formatValueLabel(profile.durationNanos, 'nanoseconds');
    const totalNanos = scaleValue(context.total, context.sampleUnit, 'nanoseconds');
    let ratio = '';
    if (totalNanos.unit === 'ns' && totalNanos.value !== 0) {
      ratio = `(${formatPercentage(Math.trunc(totalNanos.value), profile.durationNanos)})`;
    }
    labels.push(`Duration: ${duration}, Total samples = ${context.formatValue(context.total)} ${ratio}`);
  }
  return labels;
}

/** The "Active filters:" lines pprof adds when filters are set. */
export function activeFilterLabels(options: QueryOptions): string[] {
  const filters: [string, string][] = [
    ['focus', options.focus],
    ['ignore', options.ignore],
    ['hide', options.hide],
    ['show', options.show],
    ['show_from', options.showFrom],
    ['tagfocus', options.tagFocus],
    ['tagignore', options.tagIgnore],
    ['tagshow', options.tagShow],
    ['taghide', options.tagHide],
  ];
  const active = filters.filter(([, value]) => value !== '');
  if (active.length === 0) return [];
  return [
    'Active filters:',
    ...active.map(([key, value]) => {
      const text = `${key}=${value}`;
      const bytes = Buffer.from(text);
      return `   ${bytes.length > 80 ? `${bytes.subarray(0, 80).toString()}…` : text}`;
    }),
  ];
}

export interface GraphSummary {
  /** Sum of the shown nodes' flat values (means with -mean). */
  readonly flatSum: number;
  readonly shownNodes: number;
  readonly originalNodes: number;
  readonly droppedNodes: number;
  readonly droppedEdges: number;
}

/** pprof's reportLabels without full headers (the text reports). */
export function reportLabels(
  context: ProfileLabelContext,
  options: QueryOptions,
  summary: GraphSummary,
  fullHeaders = false,
): string[] {
  const { total, formatValue } = context;
  const labels = [...profileLabels(context), ...activeFilterLabels(options)];
  labels.push(
    `Showing nodes accounting for ${formatValue(summary.flatSum)}, ${formatPercentage(summary.flatSum, total).trim()} of ${formatValue(total)} total`,
  );
  if (total !== 0) {
    if (summary.droppedNodes > 0) {
      labels.push(
        droppedLabel(
          summary.droppedNodes,
          'node',
          'cum',
          formatValue(Math.abs(Math.trunc(total * options.nodeFraction))),
        ),
      );
    }
    if (summary.droppedEdges > 0) {
      labels.push(
        droppedLabel(
          summary.droppedEdges,
          'edge',
          'freq',
          formatValue(Math.abs(Math.trunc(total * options.edgeFraction))),
        ),
      );
    }
    if (summary.shownNodes > 0 && summary.shownNodes < summary.originalNodes) {
      labels.push(`Showing top ${summary.shownNodes} nodes out of ${summary.originalNodes}`);
    }
  }
  if (fullHeaders) labels.push('\nSee https://git.io/JfYMW for how to read the graph');
  return labels;
}

function droppedLabel(count: number, noun: string, what: string, value: string): string {
  return `Dropped ${count} ${count > 1 ? `${noun}s` : noun} (${what} <= ${value})`;
}
