// Two dumps of one program: each group's growth since the base dump, the groups that grew first,
// which is how a leak shows itself between a dump taken at start-up and one an hour later.

import { rankGoroutineGroups, type GoroutineGroup } from './group-goroutines.js';

export interface GoroutineGroupGrowth extends GoroutineGroup {
  /** The group's count in the base dump (0: new since). */
  readonly baseCount: number;
  /** count − baseCount. */
  readonly growth: number;
}

/**
 * `groups` with their growth over `baseGroups` (matched by stack and state: GoroutineGroup.key),
 * plus, with count 0, the base's groups that are gone. Order: groups that grew, most first; then
 * the rest in leak-score order (rankGoroutineGroups); the groups that shrank or are gone last.
 */
export function compareGoroutineGroups(
  groups: readonly GoroutineGroup[],
  baseGroups: readonly GoroutineGroup[],
): GoroutineGroupGrowth[] {
  const base = new Map(baseGroups.map((group) => [group.key, group.count]));
  const compared: GoroutineGroupGrowth[] = groups.map((group) => {
    const baseCount = base.get(group.key) ?? 0;
    return { ...group, baseCount, growth: group.count - baseCount };
  });
  const present = new Set(groups.map((group) => group.key));
  for (const gone of baseGroups) {
    if (present.has(gone.key)) continue;
    compared.push({ ...gone, count: 0, ids: [], waits: [], leakScore: 0, baseCount: gone.count, growth: -gone.count });
  }
  const grown = compared
    .filter((group) => group.growth > 0)
    .sort((a, b) => b.growth - a.growth || a.key.localeCompare(b.key));
  const same = rankGoroutineGroups(compared.filter((group) => group.growth === 0));
  const shrunk = compared
    .filter((group) => group.growth < 0)
    .sort((a, b) => a.growth - b.growth || a.key.localeCompare(b.key));
  return [...grown, ...same, ...shrunk];
}
