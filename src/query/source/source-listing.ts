// Source line weights per function, as pprof's -list (and weblist) compute them: the profile at
// line granularity, untrimmed, grouped by function and file. No source text is involved here —
// only the lines that received samples, with their flat and cum; annotated-source-listing.ts adds the code.

import type { Profile } from '../../pprof/portable.js';
import { accumulateNodeValues } from '../graph/node-values.js';
import { compileOptionRegexp, memoizeTest } from '../regexp/go-regexp.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import { type QueryOptions, withOptions } from '../options/query-options.js';
import { selectSamples } from '../filter/select-samples.js';
import { type SourceLookup, trimSourcePath } from './source-path.js';

export interface SourceLine {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
}

export interface SourceRoutine {
  readonly function: string;
  readonly file: string;
  /** The function's first line as the profile records it; 0 when unknown (Go before 1.20 writes none). */
  readonly startLine: number;
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
  /** Matching functions with samples but no file name: pprof's "No source information for F". */
  readonly unsourced: readonly string[];
}

/** What -list compares file names after (pprof trims them with -source_path and -trim_path first). */
const UNTRIMMED: SourceLookup = { sourcePath: '', trimPath: '' };

/**
 * pprof's -list REGEXP data: `pattern` (Go regexp) selects functions by name. File names are
 * trimmed as pprof trims them for `lookup` (-source_path/-trim_path), which is what its ROUTINE
 * lines print; without one only /proc/self/cwd/ prefixes go, as with neither flag.
 */
export function computeSourceListing(
  profile: Profile,
  options: QueryOptions,
  pattern: string,
  lookup: SourceLookup = UNTRIMMED,
): SourceListing {
  // Nodes are lines here: a function's name comes once per line.
  const matches = memoizeTest(compileOptionRegexp('list', pattern));
  const lineOptions = withOptions(options, { granularity: 'lines', trim: false });
  const selection = selectSamples(profile, lineOptions);
  const frameNodes = buildFrameNodes(selection, 'lines', lineOptions.noInlines);
  const values = accumulateNodeValues(selection, frameNodes);
  const info = frameNodes.nodes;
  const routines = new Map<string, { function: string; file: string; startLine: number; lines: SourceLine[] }>();
  const sourced = new Set<string>();
  const matched = new Set<string>();
  for (let n = 0; n < info.count; n++) {
    if (values.flat[n] === 0 && values.cum[n] === 0) continue;
    if (!matches(info.name[n]!)) continue;
    matched.add(info.name[n]!);
    if (info.file[n] === '') continue;
    sourced.add(info.name[n]!);
    const file = trimSourcePath(info.file[n]!, lookup);
    const key = `${info.name[n]}\u0000${file}`;
    let routine = routines.get(key);
    if (routine === undefined)
      routines.set(key, (routine = { function: info.name[n]!, file, startLine: info.startLine[n]!, lines: [] }));
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
  const unsourced = [...matched].filter((name) => !sourced.has(name)).sort(compareGoStrings);
  return { total: selection.total, sampleUnit: selection.value.sampleType.unit, routines: list, unsourced };
}
