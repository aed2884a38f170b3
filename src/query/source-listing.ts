// Source line weights per function, as pprof's -list (and weblist) compute them: the profile at
// line granularity, untrimmed, grouped by function and file. No source text is involved — the
// viewer has no source files — only the lines that received samples, with their flat and cum.

import type { Profile } from '../pprof/index.js';
import { formatPercentage, formatScaledValue } from '../units/index.js';
import { accumulateNodeValues } from './call-graph.js';
import { compileOptionRegexp } from './go-regexp.js';
import { compareGoStrings } from './go-strings.js';
import { buildFrameNodes } from './graph-nodes.js';
import { type QueryOptions, withOptions } from './query-options.js';
import { selectSamples } from './select-samples.js';

export interface SourceLine {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
}

export interface SourceRoutine {
  readonly function: string;
  readonly file: string;
  /** Sums over the routine's lines (pprof's ROUTINE header). */
  readonly flat: number;
  readonly cum: number;
  /** Lines with samples, by line number. */
  readonly lines: readonly SourceLine[];
}

export interface SourceListing {
  readonly total: number;
  readonly sampleUnit: string;
  readonly routines: readonly SourceRoutine[];
}

/** pprof's -list REGEXP data: `pattern` (Go regexp) selects functions by name. */
export function computeSourceListing(profile: Profile, options: QueryOptions, pattern: string): SourceListing {
  const regexp = compileOptionRegexp('list', pattern);
  const lineOptions = withOptions(options, { granularity: 'lines', trim: false });
  const selection = selectSamples(profile, lineOptions);
  const frameNodes = buildFrameNodes(selection, 'lines', lineOptions.noInlines);
  const values = accumulateNodeValues(selection, frameNodes);
  const info = frameNodes.nodes;
  const routines = new Map<string, { function: string; file: string; lines: SourceLine[] }>();
  for (let n = 0; n < info.count; n++) {
    if (values.flat[n] === 0 && values.cum[n] === 0) continue;
    if (!regexp.test(info.name[n]!) || info.file[n] === '') continue;
    const key = `${info.name[n]}\u0000${info.file[n]}`;
    let routine = routines.get(key);
    if (routine === undefined)
      routines.set(key, (routine = { function: info.name[n]!, file: info.file[n]!, lines: [] }));
    routine.lines.push({ line: info.lineNumber[n]!, flat: values.flat[n]!, cum: values.cum[n]! });
  }
  const list = [...routines.values()]
    .map((r) => ({
      ...r,
      flat: r.lines.reduce((sum, l) => sum + l.flat, 0),
      cum: r.lines.reduce((sum, l) => sum + l.cum, 0),
      lines: r.lines.sort((a, b) => a.line - b.line),
    }))
    .sort((a, b) => compareGoStrings(a.function, b.function) || compareGoStrings(a.file, b.file));
  return { total: selection.total, sampleUnit: selection.value.sampleType.unit, routines: list };
}

/** The ROUTINE header lines pprof's -list prints (what it prints when the source file is missing). */
export function formatSourceHeaders(listing: SourceListing, unit: string): string {
  const format = (value: number) => formatScaledValue(value, listing.sampleUnit, unit);
  let text = `Total: ${format(listing.total)}\n`;
  for (const routine of listing.routines) {
    text += `ROUTINE ======================== ${routine.function} in ${routine.file}\n`;
    text += `${format(routine.flat).padStart(10)} ${format(routine.cum).padStart(10)} (flat, cum) ${formatPercentage(routine.cum, listing.total)} of Total\n`;
  }
  return text;
}
