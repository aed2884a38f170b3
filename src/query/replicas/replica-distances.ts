// The Replicas view's query: how far each of several profiles of the same kind (one per replica of
// a Deployment) is from the others, as the share of its value in functions that take at least
// twice their share in the others; the odd replica first, with the functions that make it odd.

import type { Profile } from '../../pprof/portable.js';
import { formatPercentage } from '../../units/index.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { withOptions, type QueryOptions } from '../options/query-options.js';
import { computeTop } from '../report/top-report.js';

/** A function is odd in a replica when its share there is at least this many times its share in the others. */
export const ODD_SHARE_RATIO = 2;

/** Odd functions listed per replica (the largest by value); `oddFunctionCount` counts them all. */
export const LISTED_ODD_FUNCTIONS = 5;

/** One replica's untrimmed Top: what the ranking reads (a TopReport or the viewer's TopViewModel). */
export interface ReplicaTop {
  readonly name: string;
  /** Top's total, in the sample type's unit, and as Top prints it. */
  readonly total: number;
  readonly totalText: string;
  /** Every node at the options' granularity, untrimmed: their flat values sum to the total. */
  readonly rows: readonly { readonly name: string; readonly flat: number; readonly flatText: string }[];
}

/** A function that makes a replica odd: its share of the replica's total against its share of the others'. */
export interface OddFunction {
  readonly name: string;
  readonly flat: number;
  readonly flatText: string;
  /** flat / the replica's total, and as pprof prints a percentage. */
  readonly share: number;
  readonly shareText: string;
  /** The function's flat summed over the other replicas / their summed total (0 when absent there). */
  readonly othersShare: number;
  readonly othersShareText: string;
}

export interface ReplicaRow {
  readonly name: string;
  readonly total: number;
  readonly totalText: string;
  /** The share of the replica's total in its odd functions, 0 to 1 (docs/viewer.md, Replicas). */
  readonly distance: number;
  readonly distanceText: string;
  /** How many of its functions are odd; the largest LISTED_ODD_FUNCTIONS are in `oddFunctions`. */
  readonly oddFunctionCount: number;
  readonly oddFunctions: readonly OddFunction[];
}

export interface ReplicaReport {
  /** The lines the viewer shows above the ranking (its legend): how many replicas, what "odd" means. */
  readonly legend: readonly string[];
  /** ODD_SHARE_RATIO, so the view can say what "odd" means. */
  readonly oddShareRatio: number;
  /** The replicas, by distance (largest first), then by name in Go's string order. */
  readonly replicas: readonly ReplicaRow[];
}

/** A replica's functions keyed by name: flat values, summed when a name repeats. */
function flatByName(top: ReplicaTop): Map<string, number> {
  const flats = new Map<string, number>();
  for (const row of top.rows) flats.set(row.name, (flats.get(row.name) ?? 0) + row.flat);
  return flats;
}

function shareOf(value: number, total: number): number {
  return total === 0 ? 0 : value / total;
}

/**
 * flat/total ≥ ODD_SHARE_RATIO × othersFlat/othersTotal, multiplied out so that a share of exactly
 * twice the others' is odd whatever the floating-point rounding of the two divisions.
 */
function isOdd(flat: number, total: number, othersFlat: number, othersTotal: number): boolean {
  if (flat <= 0 || total <= 0) return false;
  if (othersTotal <= 0) return true;
  return flat * othersTotal >= ODD_SHARE_RATIO * othersFlat * total;
}

function percentText(value: number, total: number): string {
  return formatPercentage(value, total).trim();
}

/**
 * Ranks replicas from their untrimmed Tops. With fewer than two replicas there are no others to
 * compare with: every distance is 0.
 */
export function rankReplicas(tops: readonly ReplicaTop[]): ReplicaReport {
  const flats = tops.map(flatByName);
  const allFlat = new Map<string, number>();
  for (const flat of flats) for (const [name, value] of flat) allFlat.set(name, (allFlat.get(name) ?? 0) + value);
  const allTotal = tops.reduce((sum, top) => sum + top.total, 0);
  const rows = tops.map((top, r): ReplicaRow => {
    const othersTotal = allTotal - top.total;
    const odd: OddFunction[] = [];
    if (tops.length > 1) {
      for (const row of top.rows) {
        const othersFlat = allFlat.get(row.name)! - flats[r]!.get(row.name)!;
        if (!isOdd(row.flat, top.total, othersFlat, othersTotal)) continue;
        odd.push({
          name: row.name,
          flat: row.flat,
          flatText: row.flatText,
          share: shareOf(row.flat, top.total),
          shareText: percentText(row.flat, top.total),
          othersShare: shareOf(othersFlat, othersTotal),
          othersShareText: percentText(othersFlat, othersTotal),
        });
      }
    }
    const oddFlat = odd.reduce((sum, f) => sum + f.flat, 0);
    odd.sort((a, b) => b.flat - a.flat || compareGoStrings(a.name, b.name));
    return {
      name: top.name,
      total: top.total,
      totalText: top.totalText,
      distance: shareOf(oddFlat, top.total),
      distanceText: percentText(oddFlat, top.total),
      oddFunctionCount: odd.length,
      oddFunctions: odd.slice(0, LISTED_ODD_FUNCTIONS),
    };
  });
  rows.sort((a, b) => b.distance - a.distance || compareGoStrings(a.name, b.name));
  const legend = [
    `Replicas: ${tops.length}`,
    `Distance: the share of a replica's total in functions at least ${ODD_SHARE_RATIO}× their share in the other replicas`,
  ];
  return { legend, oddShareRatio: ODD_SHARE_RATIO, replicas: rows };
}

/**
 * The options a replica's rows are computed on for the ranking: the caller's (sample index,
 * granularity, filters, mean) untrimmed, so the rows' flat values cover the whole total, and
 * formatted in `shownUnit`, the unit of the Top the caller's options show (TopReport.outputUnit):
 * untrimmed, pprof would pick the unit of the smallest row (`5073280B` for `4954.38kB`).
 */
export function replicaTopOptions(options: QueryOptions, shownUnit: string): QueryOptions {
  return withOptions(options, { trim: false, nodeCount: 0, sort: 'flat', unit: shownUnit });
}

/** A replica's total as its Top on `options` shows it, and its rows untrimmed in that Top's unit. */
export function computeReplicaTop(name: string, profile: Profile, options: QueryOptions): ReplicaTop {
  const shown = computeTop(profile, options);
  const { rows } = computeTop(profile, replicaTopOptions(options, shown.outputUnit));
  return { name, total: shown.total, totalText: shown.totalText, rows };
}

/** Ranks named profiles (each replica's own, not merged) on `options`. */
export function compareReplicas(
  replicas: readonly { readonly name: string; readonly profile: Profile }[],
  options: QueryOptions,
): ReplicaReport {
  return rankReplicas(replicas.map(({ name, profile }) => computeReplicaTop(name, profile, options)));
}
