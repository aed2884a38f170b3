// The Replicas view's state: the rows it draws from `/api/replicas` (the query's ranking as it is),
// each with the link to that replica's own viewer on the same options, and what the view says
// about its odd functions. No DOM here.

import type { ReplicaReportModel } from '../../view-models.js';
import { optionsQuery, sessionRootOf, type ViewState } from '../url-state.js';

export interface ReplicaRowView {
  readonly name: string;
  /** The replica's own flame graph, on the view's options (`/replica/NAME/?si=…`). */
  readonly href: string;
  readonly totalText: string;
  readonly distanceText: string;
  /** One line per listed odd function: `main.leak 70MB: 70.00% here, 0% in the others`. */
  readonly oddFunctions: readonly string[];
  /** `and 2 more` when more functions are odd than listed; "" otherwise. */
  readonly moreText: string;
}

/** The path of a replica's own viewer under the session's base path. */
export function replicaHref(basePath: string, name: string, state: ViewState): string {
  const query = optionsQuery(state.options);
  return `${sessionRootOf(basePath)}replica/${encodeURIComponent(name)}/${query === '' ? '' : `?${query}`}`;
}

/** The session's Replicas view, from any of its pages (a replica's pages link back to the session's). */
export function replicasViewHref(basePath: string, state: ViewState): string {
  const query = optionsQuery(state.options);
  return `${sessionRootOf(basePath)}replicas${query === '' ? '' : `?${query}`}`;
}

/** The rows in the query's order: the odd replica first. */
export function replicaRowsOf(report: ReplicaReportModel, state: ViewState, basePath: string): ReplicaRowView[] {
  return report.replicas.map((row) => {
    const more = row.oddFunctionCount - row.oddFunctions.length;
    return {
      name: row.name,
      href: replicaHref(basePath, row.name, state),
      totalText: row.totalText,
      distanceText: row.distanceText,
      oddFunctions: row.oddFunctions.map(
        (f) => `${f.name} ${f.flatText}: ${f.shareText} here, ${f.othersShareText} in the others`,
      ),
      moreText: more > 0 ? `and ${more} more` : '',
    };
  });
}
