// TEMPORARY stand-in for the engine's queries (src/query, src/units) so the viewer can be built and
// seen before the engine's milestone is merged. Deleted at the merge; nothing else may import it
// but src/web/engine.ts.

import { defaultSampleTypeIndex, type Profile, type ValueType } from '../pprof/index.js';
import type { QueryOptions } from '../query/query-options.js';
import { formatPercentage, formatScaledValue } from './units-standin.js';

export interface FlameGraph {
  readonly sampleType: ValueType;
  readonly total: number;
  readonly reportTotal: number;
  readonly names: readonly string[];
  readonly shortNames: readonly string[];
  readonly nodeCount: number;
  readonly nameIndex: Uint32Array;
  readonly depth: Uint16Array;
  readonly parent: Int32Array;
  readonly cum: Float64Array;
  readonly flat: Float64Array;
  readonly baseCum?: Float64Array;
  readonly droppedNodes: number;
  readonly minValue: number;
  readonly warnings: readonly string[];
}

function sampleIndexOf(profile: Profile, options: QueryOptions): number {
  if (options.sampleIndex === '') return defaultSampleTypeIndex(profile);
  const byName = profile.sampleTypes.findIndex((t) => t.type === options.sampleIndex);
  if (byName >= 0) return byName;
  const n = Number(options.sampleIndex);
  if (Number.isInteger(n) && n >= 0 && n < profile.sampleTypes.length) return n;
  throw new Error(`select sample type ${options.sampleIndex}: no such sample type`);
}

function framesOf(profile: Profile, sample: number): string[] {
  const { samples, locations, functions, strings } = profile;
  const frames: string[] = [];
  for (let s = samples.stackStart[sample + 1]! - 1; s >= samples.stackStart[sample]!; s--) {
    const loc = samples.stackLocations[s]!;
    for (let l = locations.lineStart[loc + 1]! - 1; l >= locations.lineStart[loc]!; l--) {
      frames.push(strings[functions.name[locations.lineFunction[l]!]!]!);
    }
  }
  return frames;
}

export function buildFlameGraph(
  profile: Profile,
  options: QueryOptions,
  limits: { minFraction?: number; maxNodes?: number } = {},
): FlameGraph {
  const si = sampleIndexOf(profile, options);
  const width = profile.sampleTypes.length;
  const focus = options.focus === '' ? undefined : new RegExp(options.focus);
  interface Node {
    name: string;
    cum: number;
    flat: number;
    children: Map<string, Node>;
  }
  const root: Node = { name: 'root', cum: 0, flat: 0, children: new Map() };
  for (let i = 0; i < profile.samples.count; i++) {
    const v = profile.samples.values[i * width + si]!;
    if (v === 0) continue;
    const frames = framesOf(profile, i);
    if (focus !== undefined && !frames.some((f) => focus.test(f))) continue;
    root.cum += v;
    let node = root;
    for (const f of frames) {
      let child = node.children.get(f);
      if (child === undefined) {
        child = { name: f, cum: 0, flat: 0, children: new Map() };
        node.children.set(f, child);
      }
      child.cum += v;
      node = child;
    }
    node.flat += v;
  }
  const minValue = Math.abs(root.cum) * (limits.minFraction ?? 0);
  const maxNodes = limits.maxNodes ?? Infinity;
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const out: { name: number; depth: number; parent: number; cum: number; flat: number }[] = [];
  let dropped = 0;
  const visit = (node: Node, depth: number, parent: number) => {
    let id = nameIds.get(node.name);
    if (id === undefined) {
      id = names.length;
      names.push(node.name);
      nameIds.set(node.name, id);
    }
    const index = out.length;
    out.push({ name: id, depth, parent, cum: node.cum, flat: node.flat });
    for (const child of [...node.children.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (Math.abs(child.cum) < minValue || out.length >= maxNodes) dropped++;
      else visit(child, depth + 1, index);
    }
  };
  visit(root, 0, -1);
  const n = out.length;
  return {
    sampleType: profile.sampleTypes[si]!,
    total: root.cum,
    reportTotal: root.cum,
    names,
    shortNames: names.map((n) => n.replace(/^.*\//, '')),
    minValue,
    warnings: [],
    nodeCount: n,
    nameIndex: Uint32Array.from(out, (o) => o.name),
    depth: Uint16Array.from(out, (o) => o.depth),
    parent: Int32Array.from(out, (o) => o.parent),
    cum: Float64Array.from(out, (o) => o.cum),
    flat: Float64Array.from(out, (o) => o.flat),
    droppedNodes: dropped,
  };
}

export interface TopRow {
  readonly name: string;
  readonly inlineLabel: string;
  readonly flat: number;
  readonly cum: number;
  readonly sum: number;
  readonly flatText: string;
  readonly cumText: string;
  readonly flatPercent: string;
  readonly sumPercent: string;
  readonly cumPercent: string;
}

export interface TopReport {
  readonly labels: readonly string[];
  readonly rows: readonly TopRow[];
  readonly total: number;
  readonly totalText: string;
  readonly outputUnit: string;
  readonly warnings: readonly string[];
}

export function computeTop(
  profile: Profile,
  options: QueryOptions,
  _topOptions: { timeZone?: string } = {},
): TopReport {
  const si = sampleIndexOf(profile, options);
  const width = profile.sampleTypes.length;
  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.count; i++) {
    const v = profile.samples.values[i * width + si]!;
    const frames = framesOf(profile, i);
    total += v;
    const leaf = frames[frames.length - 1];
    if (leaf !== undefined) flat.set(leaf, (flat.get(leaf) ?? 0) + v);
    for (const f of new Set(frames)) cum.set(f, (cum.get(f) ?? 0) + v);
  }
  const key = options.sort === 'cum' ? cum : flat;
  const names = [...cum.keys()].sort((a, b) => (key.get(b) ?? 0) - (key.get(a) ?? 0) || (a < b ? -1 : 1));
  const unit = profile.sampleTypes[si]!.unit;
  let sum = 0;
  const rows = names.slice(0, options.nodeCount > 0 ? options.nodeCount : undefined).map((name) => {
    const f = flat.get(name) ?? 0;
    const c = cum.get(name) ?? 0;
    sum += f;
    return {
      name,
      inlineLabel: '',
      flat: f,
      cum: c,
      sum,
      flatText: formatScaledValue(f, unit, 'minimum'),
      cumText: formatScaledValue(c, unit, 'minimum'),
      flatPercent: formatPercentage(f, total),
      sumPercent: formatPercentage(sum, total),
      cumPercent: formatPercentage(c, total),
    };
  });
  return {
    labels: [
      `Type: ${profile.sampleTypes[si]!.type}`,
      `Showing nodes accounting for ${formatScaledValue(total, unit, 'minimum')}`,
    ],
    rows,
    total,
    totalText: formatScaledValue(total, unit, 'minimum'),
    outputUnit: 'minimum',
    warnings: [],
  };
}

export function compileGoRegexp(source: string): RegExp {
  return new RegExp(source);
}
