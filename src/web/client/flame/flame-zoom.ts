// Finding a zoom's frame in a flame graph at hand, and the API query of a zoomed graph: the
// flame graph view zooms at once when the graph it has holds the frame, and asks the server for
// the subtree (`zoom`) when that graph was pruned.

import { setVariantParams, type FlameGraphVariant } from '../../flame-graph-variant.js';
import type { FlameLayout } from './flame-layout.js';

/**
 * The API query of a state: its options and, when zoomed, the zoom path (src/web/zoom-path.ts),
 * and its variant (leaf first, all detail).
 */
export function graphQuery(options: string, zoomPath: string, variant: FlameGraphVariant = {}): string {
  if (zoomPath === '' && variant.leafFirst === undefined && variant.allDetail !== true) return options;
  const params = new URLSearchParams(options);
  if (zoomPath !== '') params.set('zoom', zoomPath);
  return setVariantParams(params, variant).toString();
}

/** The node at the end of a call path of names (root's child first), or -1 when the graph does not hold it. */
export function findPath(layout: FlameLayout, path: readonly string[]): number {
  const { graph, end } = layout;
  let node = 0;
  for (const name of path) {
    let found = -1;
    for (let child = node + 1; child < end[node]!; child = end[child]!) {
      if (graph.names[graph.nameIndex[child]!] === name) {
        found = child;
        break;
      }
    }
    if (found < 0) return -1;
    node = found;
  }
  return node;
}
