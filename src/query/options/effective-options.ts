// Options as pprof applies them for one kind of report (internal/driver applyCommandOverrides):
// text reports show every node, graphs 80; -peek never trims.

import type { QueryOptions } from './query-options.js';

/** The report kinds whose defaults differ. */
export type ReportKind = 'top' | 'graph' | 'peek' | 'tree' | 'traces' | 'tags';

/** `options` with the node count and trimming of `kind` filled in. */
export function effectiveOptions(options: QueryOptions, kind: ReportKind): QueryOptions {
  let { nodeCount, nodeFraction, edgeFraction } = options;
  let trim = options.trim;
  if (kind === 'peek') trim = false;
  if (nodeCount === -1) nodeCount = kind === 'top' || kind === 'traces' || kind === 'tags' ? 0 : 80;
  if (!trim) {
    nodeCount = 0;
    nodeFraction = 0;
    edgeFraction = 0;
  }
  return { ...options, nodeCount, nodeFraction, edgeFraction, trim };
}
