// Tiny flame graphs written as the engine lays them out, for the client's tests: pre-order rows
// of `[depth, name, cum, flat]` (and, for a diff, each row's base value); a row named
// "N smaller frames" is an aggregate.

import type { WireFlameGraph } from '../../flame-graph-wire.js';

export type FlameRow = readonly [depth: number, name: string, cum: number, flat: number];

/** A row named "N smaller frames" is an aggregate of N pruned subtrees. */
function aggregatesIn(name: string): number {
  const match = /^(\d+) smaller frames$/.exec(name);
  return match === null ? 0 : Number(match[1]);
}

export function flameGraphOfRows(rows: readonly FlameRow[], baseCum?: readonly number[]): WireFlameGraph {
  const names: string[] = [];
  const parent = new Int32Array(rows.length);
  const path: number[] = [];
  rows.forEach(([depth, name], i) => {
    path.length = depth;
    parent[i] = depth === 0 ? -1 : path[depth - 1]!;
    path.push(i);
    if (!names.includes(name)) names.push(name);
  });
  const total = rows[0]?.[2] ?? 0;
  return {
    sampleType: { type: 'samples', unit: 'count' },
    total,
    reportTotal: Math.abs(total),
    names,
    nodeCount: rows.length,
    nameIndex: Uint32Array.from(rows, ([, name]) => names.indexOf(name)),
    aggregated: Uint32Array.from(rows, ([, name]) => aggregatesIn(name)),
    depth: Uint16Array.from(rows, ([depth]) => depth),
    parent,
    cum: Float64Array.from(rows, ([, , cum]) => cum),
    flat: Float64Array.from(rows, ([, , , flat]) => flat),
    ...(baseCum === undefined ? {} : { baseCum: Float64Array.from(baseCum) }),
    droppedNodes: 0,
    info: { legend: ['Type: samples'], minFraction: 0, maxNodes: rows.length, outputUnit: 'auto', warnings: [] },
  };
}
