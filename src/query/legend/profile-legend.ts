// The legend lines pprof prints about the profile above every report (internal/report
// ProfileLabels): File, Build ID, comments, Type, Time, Duration. "Legend" is pprof's name for
// that box; "labels" are only ever the samples' labels.

import type { Profile } from '../../pprof/portable.js';
import { formatPercentage, formatValueLabel, scaleValue } from '../../units/index.js';
import { baseName } from '../go/clean-path.js';
import { formatProfileTime, UTC_TIME_ZONE, type TimeZone } from './profile-time.js';

/**
 * The mapping pprof 1.19 names as the main binary: the profile's first, as it is (even `[vdso]` or
 * one without a file name). Its profile.massageMappings, which would merge and reorder them, only
 * runs on legacy formats, whose parsers here put the main binary first themselves.
 */
export function mainMapping(profile: Profile): { filename: string; buildId: string } | undefined {
  return profile.mappings[0];
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
