// pprof's -list with the code (internal/report/source.go: getSourceFromFile and its sourceReader):
// each routine's lines from 5 before its first sampled line (or from the function's start line)
// to 5 after its last, with flat and cum per line. Reading files is the caller's: it passes a
// reader, which may refuse any path it will not open.

import type { SourceListing, SourceRoutine } from './source-listing.js';
import { type SourceLookup, sourceFileCandidates, sourceNotFoundMessage } from './source-path.js';

/** A file's text, or Go's reason it cannot be opened ("no such file or directory"). */
export type SourceFileText = { readonly text: string } | { readonly error: string };

/** Reads one path pprof would try to open. Called at most once per path per listing. */
export type ReadSourceFile = (path: string) => SourceFileText;

export interface SourceCodeLine {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
  /** The line as in the file, tabs kept, without its line ending. */
  readonly text: string;
}

export interface AnnotatedSourceRoutine extends SourceRoutine {
  /** The shown range of the file; empty when it was not found (see `error`). */
  readonly code: readonly SourceCodeLine[];
  /** pprof's " Error: …" text when the file could not be read, e.g. "could not find file …". */
  readonly error?: string;
}

export interface AnnotatedSourceListing extends SourceListing {
  readonly routines: readonly AnnotatedSourceRoutine[];
}

/** Lines before the first and after the last sampled line (getSourceFromFile's margin). */
const MARGIN_LINES = 5;
/** bufio.Scanner's default token limit: pprof stops reading a file at a longer line. */
const MAX_LINE_BYTES = 64 * 1024 - 1;

const utf8 = /* @__PURE__ */ new TextEncoder();

/** A file's lines as pprof's bufio.Scanner splits them: at "\n", a trailing "\r" dropped. */
export function splitSourceLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const kept: string[] = [];
  for (const line of lines) {
    if (line.length > MAX_LINE_BYTES / 3 && utf8.encode(line).length > MAX_LINE_BYTES) break;
    kept.push(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
  return kept;
}

/**
 * Adds the code to every routine of `listing`, looking each file up as pprof does with `lookup`
 * (its -source_path, or the working directory, and -trim_path). `listing` must have been computed
 * with the same lookup, so that its file names are the ones pprof searches for.
 */
export function annotateSourceListing(
  listing: SourceListing,
  lookup: SourceLookup,
  read: ReadSourceFile,
): AnnotatedSourceListing {
  const files = new Map<string, { lines: readonly string[]; error?: string }>();
  const open = (file: string) => {
    let found = files.get(file);
    if (found === undefined) files.set(file, (found = openSourceFile(file, lookup, read)));
    return found;
  };
  return { ...listing, routines: listing.routines.map((routine) => annotateRoutine(routine, open(routine.file))) };
}

/** pprof's openSourceFile: the first candidate that opens; an absolute name must open itself. */
function openSourceFile(
  file: string,
  lookup: SourceLookup,
  read: ReadSourceFile,
): { lines: readonly string[]; error?: string } {
  const candidates = sourceFileCandidates(file, lookup);
  for (const candidate of candidates) {
    const result = read(candidate);
    if ('text' in result) return { lines: splitSourceLines(result.text) };
    if (candidates.length === 1 && candidate.startsWith('/'))
      return { lines: [], error: `open ${candidate}: ${result.error}` };
  }
  return { lines: [], error: sourceNotFoundMessage(file, lookup) };
}

function annotateRoutine(
  routine: SourceRoutine,
  source: { lines: readonly string[]; error?: string },
): AnnotatedSourceRoutine {
  if (source.error !== undefined) return { ...routine, code: [], error: source.error };
  const weights = new Map<number, { flat: number; cum: number }>();
  for (const { line, flat, cum } of routine.lines) {
    const sum = weights.get(line) ?? { flat: 0, cum: 0 };
    weights.set(line, { flat: sum.flat + flat, cum: sum.cum + cum });
  }
  const numbers = routine.lines.map((l) => l.line);
  // getSourceFromFile's range does not depend on the order it visits the lines in when they share
  // the function's start line (always, for one function in one file).
  const first = Math.max(routine.startLine !== 0 ? routine.startLine : Math.min(...numbers) - MARGIN_LINES, 1);
  const last = Math.min(Math.max(...numbers) + MARGIN_LINES, source.lines.length);
  const code: SourceCodeLine[] = [];
  for (let line = first; line <= last; line++) {
    const weight = weights.get(line);
    code.push({ line, flat: weight?.flat ?? 0, cum: weight?.cum ?? 0, text: source.lines[line - 1]! });
  }
  return { ...routine, code };
}
