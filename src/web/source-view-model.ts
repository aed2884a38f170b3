// The Source view's model: pprof's -list weights (`computeSourceListing`) for the functions `f`
// selects, as pprof's web UI lists them, with -list's texts. A processor's viewer has no source
// files, so each function is its file:line rows with samples; `go-profiler view --source-path`
// adds -list's code lines from the files found under those directories (see source-files.ts).

import type { Profile } from '../pprof/index.js';
import {
  annotateSourceListing,
  computeSourceListing,
  profileLegend,
  selectSampleValue,
  type AnnotatedSourceRoutine,
  type GoRegexp,
  type SourceRoutine,
  type QueryOptions,
  activeFilterLegend,
  type TimeZone,
} from '../query/index.js';
// Not (yet) on the query layer's public surface.
import { formatPercentage, formatScaledValue } from '../units/index.js';
import { functionLimitOf } from './peek-view-model.js';
import type { SourceFiles } from './source-files.js';
import type { SourceRoutineModel, SourceViewModel } from './view-models.js';
import { compileRegexpParameter } from './viewer-errors.js';

/** pprof's web UI lists the 50 heaviest files (its `maxEntries`); here 50 functions, unless `n` says otherwise. */
export const SOURCE_ROUTINE_LIMIT = 50;

/**
 * Source lines as the viewer shows them: the functions matching `f` (all without one), -list's
 * numbers, and with `sources` the code of those shown (only theirs is read).
 */
export function buildSourceViewModel(
  profile: Profile,
  options: QueryOptions,
  timeZone: TimeZone,
  sources?: SourceFiles,
): SourceViewModel {
  compileRegexpParameter('f', 'list', options.focus);
  const listing = computeSourceListing(profile, options, options.focus, sources?.lookup);
  // -list prints every value in its own best unit (pprof's default `unit=minimum`), "." for zero.
  const format = (value: number) => formatScaledValue(value, listing.sampleUnit, options.unit);
  const dotOrFormat = (value: number) => (value === 0 ? '.' : format(value));
  const limit = functionLimitOf(options, SOURCE_ROUTINE_LIMIT);
  const shown = heaviest(listing.routines, limit);
  const annotated: readonly (SourceRoutine & Partial<AnnotatedSourceRoutine>)[] =
    sources === undefined
      ? shown
      : annotateSourceListing({ ...listing, routines: shown }, sources.lookup, sources.read).routines;
  const routines = annotated.map((routine): SourceRoutineModel => ({
    function: routine.function,
    file: routine.file,
    flat: routine.flat,
    cum: routine.cum,
    flatText: format(routine.flat),
    cumText: format(routine.cum),
    cumPercent: formatPercentage(routine.cum, listing.total).trim(),
    lines: routine.lines.map((line) => ({
      line: line.line,
      flat: line.flat,
      cum: line.cum,
      flatText: dotOrFormat(line.flat),
      cumText: dotOrFormat(line.cum),
    })),
    code: (routine.code ?? []).map((line) => ({
      line: line.line,
      flat: line.flat,
      cum: line.cum,
      flatText: dotOrFormat(line.flat),
      cumText: dotOrFormat(line.cum),
      text: line.text,
    })),
    ...(routine.error === undefined ? {} : { sourceError: routine.error }),
  }));
  const legend = [
    ...profileLegend({
      profile,
      typeLabel: selectSampleValue(profile, options.sampleIndex, options.mean).typeLabel,
      sampleUnit: listing.sampleUnit,
      total: listing.total,
      formatValue: format,
      timeZone,
    }),
    ...activeFilterLegend(options),
    `Total: ${format(listing.total)}`,
  ];
  return {
    legend,
    pattern: options.focus,
    total: listing.total,
    totalText: format(listing.total),
    routines,
    matchedCount: listing.routines.length,
    routineLimit: Number.isFinite(limit) ? limit : 0,
    readsSources: sources !== undefined,
  };
}

/**
 * At most `limit` routines, in the listing's own order (-list's: by name). When it cuts, it keeps
 * those with the most flat, then cum (by size: a diff's shrinkage counts), as pprof's web source
 * view keeps its heaviest files.
 */
function heaviest(routines: readonly SourceRoutine[], limit: number): readonly SourceRoutine[] {
  if (routines.length <= limit) return routines;
  const kept = new Set(
    routines
      .map((routine, index) => ({ routine, index }))
      .sort(
        (a, b) =>
          Math.abs(b.routine.flat) - Math.abs(a.routine.flat) ||
          Math.abs(b.routine.cum) - Math.abs(a.routine.cum) ||
          a.index - b.index,
      )
      .slice(0, limit)
      .map(({ routine }) => routine),
  );
  return routines.filter((routine) => kept.has(routine));
}

/** The model with every function the search regexp matches marked (`matched`). */
export function markSourceMatches(model: SourceViewModel, search: GoRegexp): SourceViewModel {
  return {
    ...model,
    routines: model.routines.map((routine) => ({ ...routine, matched: search.test(routine.function) })),
  };
}
