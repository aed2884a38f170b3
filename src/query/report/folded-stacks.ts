// Folded stacks (Brendan Gregg's `a;b;c value` lines, read by flamegraph.pl, speedscope, Grafana
// and most flame graph tools): every filtered sample's frames at the chosen granularity, root
// first, with the shown sample type's value, equal stacks summed.

import type { Profile } from '../../pprof/portable.js';
import { selectSamples } from '../filter/select-samples.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import { stackSequences } from '../graph/frame-sequences.js';
import type { QueryOptions } from '../options/query-options.js';
import { inChunks } from './text-chunks.js';

/**
 * The format has no escapes: a `;` inside a name would split the frame and a line break would
 * end the line, so both become `_` (no Go symbol contains either).
 */
function foldedName(name: string): string {
  return /[;\r\n]/.test(name) ? name.replace(/[;\r\n]/g, '_') : name;
}

/**
 * The folded lines (each ending in "\n"), in chunks, in the order their stacks first occur among
 * the samples. Values are the selected sample type's, unscaled and signed (a diff has negative
 * lines); stacks whose values sum to zero are left out.
 */
export function formatFoldedStacks(profile: Profile, options: QueryOptions): Generator<string> {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  const sequences = stackSequences(selection, frameNodes);
  // Equal stacks are found by their node ids, so each name is joined only once per distinct stack.
  const totals = new Map<string, number>();
  for (let q = 0; q < sequences.count; q++) {
    const key = sequences.nodes.subarray(sequences.start[q]!, sequences.start[q + 1]!).join(',');
    totals.set(key, (totals.get(key) ?? 0) + selection.weight[sequences.sample[q]!]!);
  }
  return inChunks(foldedLines(totals, frameNodes.nodes.printableName.map(foldedName)));
}

function* foldedLines(totals: ReadonlyMap<string, number>, names: readonly string[]): Generator<string> {
  for (const [key, value] of totals) {
    if (value === 0 || key === '') continue;
    yield `${key
      .split(',')
      .map((id) => names[Number(id)])
      .join(';')} ${value}\n`;
  }
}
