// The synthetic `(truncated N frames)` frames that stand, at the root end of a stack cut to the
// depth cap, for the frames it dropped: one function and one location per distinct N, with ids no
// producer's table uses, so the model stays a valid profile (encodeProfile writes them back).

import type { FunctionRows, LocationRows } from './decode-tables.js';

/** The name of the frame that replaces `droppedFrames` root-most frames (SPEC §5, `--max-stack-depth`). */
export function truncationFrameName(droppedFrames: number): string {
  return `(truncated ${droppedFrames} frames)`;
}

/**
 * Appends a string, a function and a location for each count in `droppedCounts` to the decoder's
 * tables; returns each count's location index.
 */
export function addTruncationFrames(
  droppedCounts: ReadonlySet<number>,
  strings: string[],
  functions: FunctionRows,
  locations: LocationRows,
): Map<number, number> {
  const indexOf = new Map<number, number>();
  if (droppedCounts.size === 0) return indexOf;
  const counts = [...droppedCounts].sort((a, b) => a - b);
  const functionIds = unusedIds(functions.id.values, counts.length);
  const locationIds = unusedIds(locations.id.values, counts.length);
  counts.forEach((dropped, k) => {
    const name = strings.length;
    strings.push(truncationFrameName(dropped));
    functions.id.push(functionIds[k]!);
    functions.name.push(name);
    functions.systemName.push(name);
    functions.filename.push(0);
    functions.startLine.push(0);
    indexOf.set(dropped, locations.id.length);
    locations.lineStart.push(locations.lineFunctionId.length);
    locations.lineFunctionId.push(Number(functionIds[k]!));
    locations.lineNumber.push(0);
    locations.lineColumn.push(0);
    locations.id.push(locationIds[k]!);
    locations.mappingId.push(0);
    locations.address.push(0n);
    locations.isFolded.push(0);
  });
  return indexOf;
}

/**
 * `count` ids not in `used`: those after the largest when they stay below 2^53 (the decoder's
 * limit for ids), else the smallest free ones from 1.
 */
function unusedIds(used: readonly bigint[], count: number): bigint[] {
  let max = 0n;
  for (const id of used) if (id > max) max = id;
  const ids: bigint[] = [];
  if (max + BigInt(count) <= BigInt(Number.MAX_SAFE_INTEGER)) {
    for (let k = 1; k <= count; k++) ids.push(max + BigInt(k));
    return ids;
  }
  const taken = new Set(used);
  for (let id = 1n; ids.length < count; id++) if (!taken.has(id)) ids.push(id);
  return ids;
}
