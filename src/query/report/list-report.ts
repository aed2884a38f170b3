// pprof's -list text (internal/report/source.go printSource): the total, then per routine a
// ROUTINE line, its flat and cum, and each shown source line with its own; functions in name order.

import { formatPercentage, formatScaledValue } from '../../units/index.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import type { AnnotatedSourceListing, AnnotatedSourceRoutine } from '../source/annotated-source-listing.js';
import { inChunks } from './text-chunks.js';

/** What `go tool pprof -list` prints, byte for byte, in `unit` (pprof's -unit; "minimum" by default), in chunks. */
export function formatSourceListing(listing: AnnotatedSourceListing, unit: string): Generator<string> {
  return inChunks(listingPieces(listing, (value) => formatScaledValue(value, listing.sampleUnit, unit)));
}

function* listingPieces(listing: AnnotatedSourceListing, format: (value: number) => string): Generator<string> {
  // Functions in name order; a function without a file name says so in its place. The sort is
  // stable: each function's files stay in the listing's order.
  const blocks: { name: string; routine?: AnnotatedSourceRoutine }[] = [
    ...listing.unsourced.map((name) => ({ name })),
    ...listing.routines.map((routine) => ({ name: routine.function, routine })),
  ].sort((a, b) => compareGoStrings(a.name, b.name));
  yield `Total: ${format(listing.total)}\n`;
  for (const { name, routine } of blocks) {
    yield routine === undefined ? `No source information for ${name}\n` : routineText(routine, listing.total, format);
  }
}

function routineText(routine: AnnotatedSourceRoutine, total: number, format: (value: number) => string): string {
  const dotOrFormat = (value: number) => (value === 0 ? '.' : format(value));
  let text = `ROUTINE ======================== ${routine.function} in ${routine.file}\n`;
  text += `${format(routine.flat).padStart(10)} ${format(routine.cum).padStart(10)} (flat, cum) ${formatPercentage(routine.cum, total)} of Total\n`;
  if (routine.error !== undefined) text += ` Error: ${routine.error}\n`;
  for (const line of routine.code) {
    text += `${dotOrFormat(line.flat).padStart(10)} ${dotOrFormat(line.cum).padStart(10)} ${String(line.line).padStart(6)}:${line.text}\n`;
  }
  return text;
}
