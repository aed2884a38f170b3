// The analyser's text report (the CLI's `goroutines` command): one block per group, ranked, with
// its count, state, waits, creator and top frames; with a base dump, each group's growth.

import type { GoroutineGroupGrowth } from './goroutine-growth.js';
import type { GoroutineGroup, WaitCount } from './group-goroutines.js';

export interface GoroutineReportOptions {
  /** Frames printed per group, leaf first; default 10 (0: all). */
  readonly frames?: number;
  /** Groups printed; default all. */
  readonly groups?: number;
  /** Goroutine ids printed per group; default 8. */
  readonly ids?: number;
  /** The dump was cut by Go (GoroutineDump.truncated): the report says so first. */
  readonly truncated?: boolean;
}

/** What the report and the viewer say of a dump Go cut short. */
export const TRUNCATED_DUMP_NOTE =
  'the dump ends mid-goroutine (net/http/pprof stops writing it at 64 MB): the goroutines after are not counted';

/** The report, as a generator of text chunks (one per group), like every format* of query/. */
export function* formatGoroutineReport(
  groups: readonly (GoroutineGroup | GoroutineGroupGrowth)[],
  options: GoroutineReportOptions = {},
): Generator<string> {
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  const compared = groups.length > 0 && 'growth' in groups[0]!;
  const baseTotal = compared ? groups.reduce((sum, group) => sum + (group as GoroutineGroupGrowth).baseCount, 0) : 0;
  const live = groups.filter((group) => group.count > 0).length;
  if (options.truncated === true) yield `Note: ${TRUNCATED_DUMP_NOTE}\n`;
  yield compared
    ? `${total} goroutines in ${live} groups (base: ${baseTotal}, ${signed(total - baseTotal)}); groups that grew first\n`
    : `${total} goroutines in ${live} groups; blocked groups first, by count × longest wait\n`;
  const shown = options.groups === undefined ? groups : groups.slice(0, options.groups);
  for (let index = 0; index < shown.length; index++) yield formatGroup(shown[index]!, index + 1, options);
  if (shown.length < groups.length) yield `\n… ${groups.length - shown.length} more groups (--groups 0 shows all)\n`;
}

function formatGroup(
  group: GoroutineGroup | GoroutineGroupGrowth,
  rank: number,
  options: GoroutineReportOptions,
): string {
  const lines: string[] = [''];
  const growth = 'growth' in group ? ` (${signed(group.growth)} from ${group.baseCount})` : '';
  const locked = group.lockedToThread > 0 ? `, ${group.lockedToThread} locked to thread` : '';
  lines.push(`#${rank} ${group.count} goroutines${growth} [${group.state}]${locked}`);
  if (group.count > 0) {
    lines.push(`   waiting: ${formatWaits(group.waits)}`);
    const idLimit = options.ids ?? 8;
    const ids = group.ids.slice(0, idLimit).join(' ');
    lines.push(`   ids: ${ids}${group.ids.length > idLimit ? ` … (${group.ids.length - idLimit} more)` : ''}`);
  }
  const frameLimit = options.frames === undefined ? 10 : options.frames === 0 ? Infinity : options.frames;
  for (const frame of group.frames.slice(0, frameLimit))
    lines.push(`   ${frame.function}  ${frame.file}:${frame.line}`);
  const hidden = group.frames.length - Math.min(group.frames.length, frameLimit);
  if (hidden > 0) lines.push(`   … ${hidden} more frames`);
  if (group.framesElided) lines.push('   ...additional frames elided... (by Go)');
  if (group.createdBy !== undefined) {
    lines.push(`   created by ${group.createdBy.function}  ${group.createdBy.file}:${group.createdBy.line}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `< 1 min ×3, 12 min ×5`: Go prints no wait under a minute. */
export function formatWaits(waits: readonly WaitCount[]): string {
  return waits.map((wait) => `${wait.minutes === 0 ? '< 1 min' : `${wait.minutes} min`} ×${wait.count}`).join(', ');
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}
