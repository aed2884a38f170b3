// The Peek view's texts as pure functions of its model: what the limits left out, a capped list's
// "… N more callers", and the search's outcome.

import type { OmittedModel, PeekEntryModel, PeekViewModel } from '../../view-models.js';

/** The notes above the table; none when every function `f` selects is shown. */
export function peekNotes(model: PeekViewModel): string[] {
  if (model.matchedCount <= model.entries.length) return [];
  const what = model.pattern === '' ? 'functions (no f: every function)' : `functions matching f=${model.pattern}`;
  return [
    `Showing the first ${model.entries.length} of ${model.matchedCount} ${what}, in pprof's order; n=0 shows all, or peek at one by clicking its name.`,
  ];
}

/** The row after a capped list of callers or callees. */
export function omittedText(omitted: OmittedModel, kind: 'callers' | 'callees'): string {
  const what = omitted.count === 1 ? kind.slice(0, -1) : kind;
  return `… ${omitted.count} more ${what}, ${omitted.weightText} in all (only the heaviest are shown)`;
}

export function peekSearchStatus(search: string, matched: number): string {
  if (search === '') return '';
  return `${matched} ${matched === 1 ? 'name matches' : 'names match'}`;
}

/** The table rows of one entry: its callers, its own row, its callees and the "… more" rows. */
export function peekEntryRows(entry: PeekEntryModel): number {
  const omitted = (entry.omittedCallers === undefined ? 0 : 1) + (entry.omittedCallees === undefined ? 0 : 1);
  return entry.callers.length + 1 + entry.callees.length + omitted;
}

/** The rows the search matches over every entry, not only the page shown. */
export function peekMatchedRows(model: PeekViewModel): number {
  let matched = 0;
  for (const entry of model.entries) {
    if (entry.matched === true) matched += 1;
    for (const call of [...entry.callers, ...entry.callees]) if (call.matched === true) matched += 1;
  }
  return matched;
}
