// pprof's node tags (graph.Node LabelTags and NumericTags): per node, the weight of each set of
// string labels its samples carry and of each `bytes` value, flat and cum. The call graph counts
// them when choosing nodes (tags take room as "nodelets") and draws the heaviest.

import { formatScaledValue } from '../units/index.js';
import { PairIndex } from './pair-index.js';
import type { FrameNodes } from './graph-nodes.js';
import type { SampleSelection } from './select-samples.js';

export interface TagInfo {
  /** A label tag's name is its sample's labels, sorted `key:value` joined by the two characters `\n`. */
  readonly numeric: boolean;
  readonly name: string;
  /** The label set a numeric tag belongs to ("" for none); nodelets nest under it. */
  readonly labelSet: string;
  /** A numeric tag's first raw value and unit (pprof keeps the first it sees). */
  readonly value: number;
  readonly unit: string;
}

/** Tag sums per (node, tag), stored as entries with their node and tag ids. */
export interface NodeTags {
  readonly tags: readonly TagInfo[];
  readonly entryCount: number;
  readonly entryNode: Int32Array;
  readonly entryTag: Int32Array;
  readonly flat: Float64Array;
  readonly flatDiv: Float64Array;
  readonly cum: Float64Array;
  readonly cumDiv: Float64Array;
}

/** Each sample's tags (label set first, then one per `bytes` value), interned. */
function sampleTags(selection: SampleSelection): { tags: TagInfo[]; start: Uint32Array; ids: Int32Array } {
  const profile = selection.profile;
  const { labelStart, labelKey, labelString, labelNumber } = profile.samples;
  const strings = profile.strings;
  const baseKey = strings.indexOf('pprof::base');
  const bytesUnit = selection.labelUnits.get('bytes') ?? '';
  const tags: TagInfo[] = [];
  const ids = new Map<string, number>();
  const intern = (tag: TagInfo) => {
    const key = `${tag.numeric ? 'n' : 's'}\u0000${tag.labelSet}\u0000${tag.name}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = tags.length;
      tags.push(tag);
      ids.set(key, id);
    }
    return id;
  };
  const count = selection.kept.length;
  const start = new Uint32Array(count + 1);
  const out: number[] = [];
  for (let s = 0; s < count; s++) {
    start[s] = out.length;
    if (selection.kept[s] === 0) continue;
    const labels: string[] = [];
    for (let l = labelStart[s]!; l < labelStart[s + 1]!; l++) {
      if (labelString[l] === 0 || labelKey[l] === baseKey || selection.hiddenLabelKeys.has(labelKey[l]!)) continue;
      labels.push(`${strings[labelKey[l]!]}:${strings[labelString[l]!]}`);
    }
    const labelSet = labels.sort().join('\\n');
    if (labelSet !== '') out.push(intern({ numeric: false, name: labelSet, labelSet, value: 0, unit: '' }));
    for (let l = labelStart[s]!; l < labelStart[s + 1]!; l++) {
      if (labelString[l] !== 0 || strings[labelKey[l]!] !== 'bytes' || selection.hiddenLabelKeys.has(labelKey[l]!))
        continue;
      const value = labelNumber[l]!;
      out.push(
        intern({
          numeric: true,
          name: formatScaledValue(value, bytesUnit, 'minimum'),
          labelSet,
          value,
          unit: bytesUnit,
        }),
      );
    }
  }
  start[count] = out.length;
  return { tags, start, ids: Int32Array.from(out) };
}

/** Accumulates every node's tags over the selected samples, as pprof's Node.addSample. */
export function accumulateNodeTags(selection: SampleSelection, frameNodes: FrameNodes): NodeTags {
  const { tags, start: tagStart, ids: tagIds } = sampleTags(selection);
  const index = new PairIndex(4096);
  let capacity = 4096;
  let flat = new Float64Array(capacity);
  let flatDiv = new Float64Array(capacity);
  let cum = new Float64Array(capacity);
  let cumDiv = new Float64Array(capacity);
  const entry = (node: number, tag: number) => {
    const id = index.intern(node, tag);
    if (id >= capacity) {
      capacity *= 2;
      const grow = (a: Float64Array) => {
        const b = new Float64Array(capacity);
        b.set(a);
        return b;
      };
      flat = grow(flat);
      flatDiv = grow(flatDiv);
      cum = grow(cum);
      cumDiv = grow(cumDiv);
    }
    return id;
  };
  const nodeCount = frameNodes.nodes.count;
  const seen = new Int32Array(nodeCount).fill(-1);
  const { kept, weight, divisor, stackLow, stackHigh } = selection;
  const stackLocations = selection.profile.samples.stackLocations;
  const { start: frameStart, node: frameNode } = frameNodes.frames;
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0) continue;
    const first = tagStart[s]!;
    const last = tagStart[s + 1]!;
    if (first === last) continue;
    const w = weight[s]!;
    const dw = divisor === undefined ? 0 : divisor[s]!;
    if (w === 0 && dw === 0) continue;
    let leaf = -1;
    for (let at = stackHigh[s]! - 1, low = stackLow[s]!; at >= low; at--) {
      const location = stackLocations[at]!;
      for (let f = frameStart[location]!, end = frameStart[location + 1]!; f < end; f++) {
        const n = frameNode[f]!;
        leaf = n;
        if (seen[n] === s) continue;
        seen[n] = s;
        for (let t = first; t < last; t++) {
          const e = entry(n, tagIds[t]!);
          cum[e] = cum[e]! + w;
          cumDiv[e] = cumDiv[e]! + dw;
        }
      }
    }
    if (leaf < 0) continue;
    for (let t = first; t < last; t++) {
      const e = entry(leaf, tagIds[t]!);
      flat[e] = flat[e]! + w;
      flatDiv[e] = flatDiv[e]! + dw;
    }
  }
  const entryCount = index.size;
  const entryNode = new Int32Array(entryCount);
  const entryTag = new Int32Array(entryCount);
  index.forEach((node, tag, id) => {
    entryNode[id] = node;
    entryTag[id] = tag;
  });
  return {
    tags,
    entryCount,
    entryNode,
    entryTag,
    flat: flat.slice(0, entryCount),
    flatDiv: flatDiv.slice(0, entryCount),
    cum: cum.slice(0, entryCount),
    cumDiv: cumDiv.slice(0, entryCount),
  };
}

/** pprof's TrimLowFrequencyTags: entries whose flat and cum are both below the cutoff are dropped. */
export function keptTagEntries(tags: NodeTags, cutoff: number): Uint8Array {
  const kept = new Uint8Array(tags.entryCount);
  for (let e = 0; e < tags.entryCount; e++) {
    if (Math.abs(tags.flat[e]!) >= cutoff || Math.abs(tags.cum[e]!) >= cutoff) kept[e] = 1;
  }
  return kept;
}

/** pprof's countTags per node: kept tags with a flat weight. */
export function countFlatTags(tags: NodeTags, kept: Uint8Array, nodeCount: number): Int32Array {
  const counts = new Int32Array(nodeCount);
  for (let e = 0; e < tags.entryCount; e++) {
    if (kept[e] === 1 && tags.flat[e] !== 0) counts[tags.entryNode[e]!] = counts[tags.entryNode[e]!]! + 1;
  }
  return counts;
}
