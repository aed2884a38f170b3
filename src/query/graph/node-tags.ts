// pprof's node tags (graph.Node LabelTags and NumericTags): per node, the weight of each set of
// string labels its samples carry and of each `bytes` value, flat and cum. The call graph counts
// them when choosing nodes (tags take room as "nodelets") and draws the heaviest.

import { formatScaledValue } from '../../units/index.js';
import { createPairTable, type PairTable } from './pair-index.js';
import type { FrameNodes } from './frame-nodes.js';
import type { SampleSelection } from '../filter/select-samples.js';

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

/** Each selected sample's tags (label set first, then one per `bytes` value), interned. */
export interface SampleTags {
  readonly tags: readonly TagInfo[];
  /** Offsets into `ids` per sample, count + 1 entries. */
  readonly start: Uint32Array;
  readonly ids: Int32Array;
}

export function collectSampleTags(selection: SampleSelection): SampleTags {
  const profile = selection.profile;
  const { labelStart, labelKey, labelString, labelNumber } = profile.samples;
  const strings = profile.strings;
  const baseKey = strings.indexOf('pprof::base');
  const bytesUnit = selection.labelUnits.get('bytes') ?? '';
  const tags: TagInfo[] = [];
  const ids = new Map<string, number>();
  // Samples repeat the same few labels: format each bytes value once.
  const formatted = new Map<number, string>();
  const format = (value: number) => {
    let text = formatted.get(value);
    if (text === undefined) formatted.set(value, (text = formatScaledValue(value, bytesUnit, 'minimum')));
    return text;
  };
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
  // Tag ids of numeric values by label set, so each sample costs lookups, not string building.
  const numericIds = new Map<string, Map<number, number>>();
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
    const labelSet = labels.length === 0 ? '' : labels.sort().join('\\n');
    if (labelSet !== '') out.push(intern({ numeric: false, name: labelSet, labelSet, value: 0, unit: '' }));
    for (let l = labelStart[s]!; l < labelStart[s + 1]!; l++) {
      if (labelString[l] !== 0 || strings[labelKey[l]!] !== 'bytes' || selection.hiddenLabelKeys.has(labelKey[l]!))
        continue;
      const value = labelNumber[l]!;
      let byValue = numericIds.get(labelSet);
      if (byValue === undefined) numericIds.set(labelSet, (byValue = new Map()));
      let id = byValue.get(value);
      if (id === undefined) {
        id = intern({ numeric: true, name: format(value), labelSet, value, unit: bytesUnit });
        byValue.set(value, id);
      }
      out.push(id);
    }
  }
  start[count] = out.length;
  return { tags, start, ids: Int32Array.from(out) };
}

/** Flat and cum sums per (node, tag) entry, the arrays growing as entries are added. */
class TagSums {
  private readonly index: PairTable;
  private capacity = 4096;
  flat = new Float64Array(this.capacity);
  flatDiv = new Float64Array(this.capacity);
  cum = new Float64Array(this.capacity);
  cumDiv = new Float64Array(this.capacity);

  constructor(nodeCount: number, tagCount: number) {
    this.index = createPairTable(nodeCount, tagCount);
  }

  /** The entry of (node, tag), created when new; the arrays may be replaced when they grow. */
  entry(node: number, tag: number): number {
    const id = this.index.intern(node, tag);
    if (id >= this.capacity) {
      this.capacity *= 2;
      const grow = (a: Float64Array) => {
        const b = new Float64Array(this.capacity);
        b.set(a);
        return b;
      };
      this.flat = grow(this.flat);
      this.flatDiv = grow(this.flatDiv);
      this.cum = grow(this.cum);
      this.cumDiv = grow(this.cumDiv);
    }
    return id;
  }

  finish(tags: readonly TagInfo[]): NodeTags {
    const entryCount = this.index.size;
    const entryNode = new Int32Array(entryCount);
    const entryTag = new Int32Array(entryCount);
    this.index.forEach((node, tag, id) => {
      entryNode[id] = node;
      entryTag[id] = tag;
    });
    return {
      tags,
      entryCount,
      entryNode,
      entryTag,
      flat: this.flat.slice(0, entryCount),
      flatDiv: this.flatDiv.slice(0, entryCount),
      cum: this.cum.slice(0, entryCount),
      cumDiv: this.cumDiv.slice(0, entryCount),
    };
  }
}

/**
 * Accumulates every node's tags over the selected samples, as pprof's Node.addSample. Cum sums
 * cost a lookup per frame, so they are only summed for the nodes in `cumNodes` (all when
 * undefined); flat sums are always complete.
 */
export function accumulateNodeTags(
  selection: SampleSelection,
  frameNodes: FrameNodes,
  sampleTags: SampleTags,
  cumNodes?: Uint8Array,
): NodeTags {
  const { tags, start: tagStart, ids: tagIds } = sampleTags;
  // Without cum sums only each sample's leaf matters.
  const walk = cumNodes === undefined || cumNodes.some((n) => n === 1);
  const sums = new TagSums(frameNodes.nodes.count, tags.length);
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
    if (!walk) {
      for (let at = stackLow[s]!, high = stackHigh[s]!; at < high && leaf < 0; at++) {
        const location = stackLocations[at]!;
        if (frameStart[location + 1]! > frameStart[location]!) leaf = frameNode[frameStart[location + 1]! - 1]!;
      }
    }
    for (let at = stackHigh[s]! - 1, low = walk ? stackLow[s]! : stackHigh[s]!; at >= low; at--) {
      const location = stackLocations[at]!;
      for (let f = frameStart[location]!, end = frameStart[location + 1]!; f < end; f++) {
        const n = frameNode[f]!;
        leaf = n;
        if (seen[n] === s || (cumNodes !== undefined && cumNodes[n] === 0)) continue;
        seen[n] = s;
        for (let t = first; t < last; t++) {
          const e = sums.entry(n, tagIds[t]!);
          sums.cum[e] = sums.cum[e]! + w;
          sums.cumDiv[e] = sums.cumDiv[e]! + dw;
        }
      }
    }
    if (leaf < 0) continue;
    for (let t = first; t < last; t++) {
      const e = sums.entry(leaf, tagIds[t]!);
      sums.flat[e] = sums.flat[e]! + w;
      sums.flatDiv[e] = sums.flatDiv[e]! + dw;
    }
  }
  return sums.finish(tags);
}

/** pprof's TrimLowFrequencyTags: entries whose flat and cum are both below the cutoff are dropped. */
export function keptTagEntries(tags: NodeTags, cutoff: number): Uint8Array {
  const kept = new Uint8Array(tags.entryCount);
  for (let e = 0; e < tags.entryCount; e++) {
    if (Math.abs(tags.flat[e]!) >= cutoff || Math.abs(tags.cum[e]!) >= cutoff) kept[e] = 1;
  }
  return kept;
}

/**
 * The nodes whose tag count (capped at `cap`) depends on cum sums: fewer than `cap` tags survive
 * on their flat weight alone, and some tag with a small flat weight could survive on its cum.
 */
export function nodesNeedingTagCum(tags: NodeTags, cutoff: number, cap: number, nodeCount: number): Uint8Array {
  const strong = new Int32Array(nodeCount);
  const weak = new Uint8Array(nodeCount);
  for (let e = 0; e < tags.entryCount; e++) {
    const flat = Math.abs(tags.flat[e]!);
    const node = tags.entryNode[e]!;
    if (flat >= cutoff && flat !== 0) strong[node] = strong[node]! + 1;
    else if (flat !== 0) weak[node] = 1;
  }
  const need = new Uint8Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) if (weak[n] === 1 && strong[n]! < cap) need[n] = 1;
  return need;
}

/** pprof's countTags per node: kept tags with a flat weight. */
export function countFlatTags(tags: NodeTags, kept: Uint8Array, nodeCount: number): Int32Array {
  const counts = new Int32Array(nodeCount);
  for (let e = 0; e < tags.entryCount; e++) {
    if (kept[e] === 1 && tags.flat[e] !== 0) counts[tags.entryNode[e]!] = counts[tags.entryNode[e]!]! + 1;
  }
  return counts;
}
