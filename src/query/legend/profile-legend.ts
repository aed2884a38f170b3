// The legend lines pprof prints about the profile above every report (internal/report
// ProfileLabels): File, Build ID, comments, Type, Time, Duration. "Legend" is pprof's name for
// that box; "labels" are only ever the samples' labels.

import type { Mapping, Profile } from '../../pprof/portable.js';
import { formatPercentage, formatValueLabel, scaleValue } from '../../units/index.js';
import { baseName } from '../go/clean-path.js';
import { formatProfileTime, UTC_TIME_ZONE, type TimeZone } from './profile-time.js';

const LIBRARY = /([.]so$|[.]so[._][0-9]+)/;

interface MergedMapping {
  start: bigint;
  limit: bigint;
  offset: bigint;
  filename: string;
  buildId: string;
}

/**
 * The mapping pprof treats as the main binary (profile.massageMappings): adjacent pieces of one
 * file are merged, then the first mapping that is not a shared library or a [pseudo] mapping.
 */
export function mainMapping(profile: Profile): { filename: string; buildId: string } | undefined {
  const merged: MergedMapping[] = [];
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

function adjacent(a: MergedMapping, b: Mapping): boolean {
  if (a.filename !== '' && b.filename !== '' && a.filename !== b.filename) return false;
  if (a.buildId !== '' && b.buildId !== '' && a.buildId !== b.buildId) return false;
  if (a.limit !== b.memoryStart) return false;
  if (a.offset !== 0n && b.fileOffset !== 0n && a.offset + (a.limit - a.start) !== b.fileOffset) return false;
  return true;
}

/** What the legend says about a profile shown with some sample type. */
export interface LegendContext {
  readonly profile: Profile;
  /** The sample type name reports print (`inuse_space`, `mean_delay`). */
  readonly typeLabel: string;
  readonly sampleUnit: string;
  readonly total: number;
  readonly formatValue: (value: number) => string;
  /** The zone of the Time: line; default UTC (the CLI passes the local zone, as go tool pprof). */
  readonly timeZone?: TimeZone;
}

/** pprof's ProfileLabels. */
export function profileLegend(context: LegendContext): string[] {
  const { profile } = context;
  const legend: string[] = [];
  const main = mainMapping(profile);
  if (main !== undefined) {
    if (main.filename !== '') legend.push(`File: ${baseName(main.filename)}`);
    if (main.buildId !== '') legend.push(`Build ID: ${main.buildId}`);
  }
  for (const comment of profile.comments) if (!comment.startsWith('#')) legend.push(comment);
  if (context.typeLabel !== '') legend.push(`Type: ${context.typeLabel}`);
  if (profile.timeNanos !== 0n) {
    legend.push(`Time: ${formatProfileTime(profile.timeNanos, context.timeZone ?? UTC_TIME_ZONE)}`);
  }
  if (profile.durationNanos !== 0) {
    const duration = formatValueLabel(profile.durationNanos, 'nanoseconds');
    const totalNanos = scaleValue(context.total, context.sampleUnit, 'nanoseconds');
    let ratio = '';
    if (totalNanos.unit === 'ns' && totalNanos.value !== 0) {
      ratio = `(${formatPercentage(Math.trunc(totalNanos.value), profile.durationNanos)})`;
    }
    legend.push(`Duration: ${duration}, Total samples = ${context.formatValue(context.total)} ${ratio}`);
  }
  return legend;
}
