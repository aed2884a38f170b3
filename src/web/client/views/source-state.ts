// The Source view's texts as pure functions of its model: the note on where code comes from, the
// totals and what the limits left out, the search's outcome, and a file's short name.

import type { SourceRoutineModel, SourceViewModel } from '../../view-models.js';

const NO_SOURCE_NOTE =
  'Source files are not available on this server (it has the profile, not the program), so each ' +
  'function lists only the lines that received samples, with their flat and cum as ' +
  'go tool pprof -list weighs them. Run that command where the sources are to see the code.';

const SOURCE_PATH_NOTE =
  'The code is read from files under --source-path, as go tool pprof -list -source_path shows it; ' +
  'lines that received samples are highlighted. A function whose file is not there lists its weighted lines only.';

export function sourceNote(readsSources: boolean): string {
  return readsSources ? SOURCE_PATH_NOTE : NO_SOURCE_NOTE;
}

/** The notes above the functions: the total, and what the limits left out. */
export function sourceNotes(model: SourceViewModel): string[] {
  const notes = [`Total: ${model.totalText}.`];
  if (model.matchedCount > model.routines.length) {
    const what = model.pattern === '' ? 'functions with samples (no f)' : `functions matching f=${model.pattern}`;
    notes.push(
      `Showing ${model.routines.length} of ${model.matchedCount} ${what}: those with the most flat. n=0 shows all, or pick one in Peek, Top or the flame graph.`,
    );
  }
  return notes;
}

export function sourceSearchStatus(search: string, model: SourceViewModel): string {
  if (search === '') return '';
  const matched = model.routines.filter((routine) => routine.matched === true).length;
  return `${matched} of ${model.routines.length} functions match`;
}

/**
 * The rows one function's block takes, for paging: its heading, summary and column heads, then
 * its code lines, or its weighted lines and their total.
 */
export function sourceRoutineRows(routine: SourceRoutineModel): number {
  return 3 + (routine.code.length > 0 ? routine.code.length : routine.lines.length + 1);
}

/** The last part of a path (`main.go`): the heading gives the whole path once. */
export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
