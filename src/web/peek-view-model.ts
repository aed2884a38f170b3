// The Peek view's model: pprof's peek report (`computePeek`, equal to `go tool pprof -peek`) for
// the functions `f` selects, as pprof's web UI does, with pprof's texts and cut to a size a page
// can show. With no `f` every function matches; the heaviest are kept and the rest counted.

import type { Profile } from '../pprof/index.js';
import {
  computePeek,
  type GoRegexp,
  type PeekCall,
  type PeekReport,
  type QueryOptions,
  type TimeZone,
} from '../query/index.js';
import { formatPercentage } from '../units/index.js';
import type { OmittedModel, PeekCallModel, PeekEntryModel, PeekViewModel } from './view-models.js';
import { compileRegexpParameter } from './viewer-errors.js';

/**
 * How much of a peek report the page gets. `entries`: pprof's default node count for its graph
 * reports (80), unless `n` sets another (`n=0`: all). `calls`: callers and callees shown per
 * function; some runtime functions have hundreds, and the rest weigh little.
 */
export const PEEK_LIMITS = Object.freeze({ entries: 80, calls: 50 });

/** How many functions a view shows: `n` when the URL sets it (0 for all), else `fallback`. */
export function functionLimitOf(options: QueryOptions, fallback: number): number {
  if (options.nodeCount === -1) return fallback;
  return options.nodeCount === 0 ? Number.POSITIVE_INFINITY : options.nodeCount;
}

/** Peek as the viewer shows it: the functions matching `f` (all without one), pprof's numbers. */
export function buildPeekViewModel(profile: Profile, options: QueryOptions, timeZone: TimeZone): PeekViewModel {
  // pprof's web UI passes `f` both as the focus and as peek's regexp. Checked here first, so a
  // bad one is reported as `f`, not as the peek argument.
  compileRegexpParameter('f', 'peek', options.focus);
  const report = computePeek(profile, options, options.focus, { timeZone, requireMatch: false });
  const entryLimit = functionLimitOf(options, PEEK_LIMITS.entries);
  const percentOf = (value: number, total: number) => formatPercentage(value, total).trim();
  const entries = report.entries.slice(0, entryLimit).map((entry): PeekEntryModel => {
    const calls = (list: readonly PeekCall[]) => capCalls(report, list, entry.cum);
    const callers = calls(entry.callers);
    const callees = calls(entry.callees);
    return {
      name: entry.name,
      flat: entry.flat,
      cum: entry.cum,
      flatText: report.formatValue(entry.flat),
      flatPercent: percentOf(entry.flat, report.total),
      sumPercent: percentOf(entry.sum, report.total),
      cumText: report.formatValue(entry.cum),
      cumPercent: percentOf(entry.cum, report.total),
      callers: callers.shown,
      callees: callees.shown,
      ...(callers.omitted === undefined ? {} : { omittedCallers: callers.omitted }),
      ...(callees.omitted === undefined ? {} : { omittedCallees: callees.omitted }),
    };
  });
  return {
    legend: report.legend,
    pattern: options.focus,
    total: report.total,
    totalText: report.formatValue(report.total),
    warnings: report.warnings,
    entries,
    matchedCount: report.entries.length,
    entryLimit: Number.isFinite(entryLimit) ? entryLimit : 0,
    callLimit: PEEK_LIMITS.calls,
  };
}

/** The heaviest calls (the engine's order) and what the cut left out. */
function capCalls(
  report: PeekReport,
  list: readonly PeekCall[],
  cum: number,
): { shown: PeekCallModel[]; omitted?: OmittedModel } {
  const shown = list.slice(0, PEEK_LIMITS.calls).map((call) => ({
    name: call.name,
    weight: call.weight,
    weightText: report.formatValue(call.weight),
    percent: formatPercentage(call.weight, cum).trim(),
    inline: call.inline,
  }));
  if (list.length <= PEEK_LIMITS.calls) return { shown };
  const weight = list.slice(PEEK_LIMITS.calls).reduce((sum, call) => sum + call.weight, 0);
  return { shown, omitted: { count: list.length - PEEK_LIMITS.calls, weight, weightText: report.formatValue(weight) } };
}

/** The model with every name the search regexp matches marked (`matched`), as Top marks rows. */
export function markPeekMatches(model: PeekViewModel, search: GoRegexp): PeekViewModel {
  const mark = <T extends { readonly name: string }>(item: T): T => ({ ...item, matched: search.test(item.name) });
  return {
    ...model,
    entries: model.entries.map((entry) => ({
      ...mark(entry),
      callers: entry.callers.map(mark),
      callees: entry.callees.map(mark),
    })),
  };
}
