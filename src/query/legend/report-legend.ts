// The legend of a report over a graph (internal/report reportLabels): the profile's lines, the
// active filters, "Showing nodes accounting for", "Dropped N nodes", "Showing top N nodes out of M".

import { formatPercentage } from '../../units/index.js';
import type { QueryOptions } from '../options/query-options.js';
import { profileLegend, type LegendContext } from './profile-legend.js';

/** pprof cuts a filter's legend line after this many bytes. */
const FILTER_LINE_BYTES = 80;

/** The "Active filters:" lines pprof adds when filters are set. */
export function activeFilterLegend(options: QueryOptions): string[] {
  const filters: [string, string][] = [
    ['focus', options.focus],
    ['ignore', options.ignore],
    ['hide', options.hide],
    ['show', options.show],
    ['show_from', options.showFrom],
    ['tagfocus', options.tagFocus],
    ['tagignore', options.tagIgnore],
    ['tagshow', options.tagShow],
    ['taghide', options.tagHide],
  ];
  const active = filters.filter(([, value]) => value !== '');
  if (active.length === 0) return [];
  const utf8 = new TextEncoder();
  return [
    'Active filters:',
    ...active.map(([key, value]) => {
      const text = `${key}=${value}`;
      const bytes = utf8.encode(text);
      if (bytes.length <= FILTER_LINE_BYTES) return `   ${text}`;
      return `   ${new TextDecoder().decode(bytes.subarray(0, FILTER_LINE_BYTES))}…`;
    }),
  ];
}

/** What a report's graph shows and leaves out. */
export interface GraphSummary {
  /** Sum of the shown nodes' flat values (means with -mean). */
  readonly flatSum: number;
  readonly shownNodes: number;
  readonly originalNodes: number;
  readonly droppedNodes: number;
  readonly droppedEdges: number;
}

/** pprof's reportLabels; `fullHeaders` for the graph (dot) report. */
export function reportLegend(
  context: LegendContext,
  options: QueryOptions,
  summary: GraphSummary,
  fullHeaders = false,
): string[] {
  const { total, formatValue } = context;
  const legend = [...profileLegend(context), ...activeFilterLegend(options)];
  legend.push(
    `Showing nodes accounting for ${formatValue(summary.flatSum)}, ${formatPercentage(summary.flatSum, total).trim()} of ${formatValue(total)} total`,
  );
  if (total !== 0) {
    if (summary.droppedNodes > 0) {
      const cutoff = formatValue(Math.abs(Math.trunc(total * options.nodeFraction)));
      legend.push(droppedLine(summary.droppedNodes, 'node', 'cum', cutoff));
    }
    if (summary.droppedEdges > 0) {
      const cutoff = formatValue(Math.abs(Math.trunc(total * options.edgeFraction)));
      legend.push(droppedLine(summary.droppedEdges, 'edge', 'freq', cutoff));
    }
    if (summary.shownNodes > 0 && summary.shownNodes < summary.originalNodes) {
      legend.push(`Showing top ${summary.shownNodes} nodes out of ${summary.originalNodes}`);
    }
  }
  if (fullHeaders) legend.push('\nSee https://git.io/JfYMW for how to read the graph');
  return legend;
}

function droppedLine(count: number, noun: string, what: string, value: string): string {
  return `Dropped ${count} ${count > 1 ? `${noun}s` : noun} (${what} <= ${value})`;
}
