// Patterns that make a backtracking engine run for ages (nested quantifiers over 50k–100k
// character names) give the right answer as every filter, the search, pivot, peek, list and the
// profile's own drop_frames. A stall would hang this file: that is how it fails.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileBuilder, profileFromCollapsed, type Profile } from '../pprof/index.js';
import { buildPivotFlameGraphs } from './flame-graph.js';
import { computeMatchShare } from './match-share.js';
import { computePeek } from './peek.js';
import { QueryError } from './query-errors.js';
import { DEFAULT_QUERY_OPTIONS, withOptions, type QueryOptions } from './query-options.js';
import { selectSamples } from './select-samples.js';
import { computeSourceListing } from './source-listing.js';
import { computeTop } from './top.js';

// Each long name is a frame between `main` and `leaf`; its sample's value tells them apart.
const NAMES = {
  A: 'a'.repeat(100_000),
  C: `${'a'.repeat(50_000)}c`,
  X: `${'x'.repeat(60_000)}y`,
  XX: 'x'.repeat(100_000),
  M: `main.${'ab'.repeat(40_000)}`,
} as const;
type Short = keyof typeof NAMES;
const VALUES: Record<Short, number> = { A: 1, C: 2, X: 4, XX: 8, M: 16 };
const TOTAL = 31;
const SHORT_OF = new Map(Object.entries(NAMES).map(([short, name]) => [name, short]));
const short = (name: string) => SHORT_OF.get(name) ?? name;

// [pattern, the long names it matches anywhere (unanchored, as -focus), those it matches whole (drop_frames)]
const CASES: [string, Short[], Short[]][] = [
  ['(.+)+QQQ', [], []],
  ['(a*)*b', ['M'], []],
  ['(x+x+)+y', ['X'], ['X']],
  ['(a|a)*c', ['C'], ['C']],
  ['^(a+)+$', ['A'], ['A']],
];

const COLLAPSED = (Object.keys(NAMES) as Short[]).map((s) => `main;${NAMES[s]};leaf ${VALUES[s]}`).join('\n');
const profile = profileFromCollapsed(COLLAPSED);

/** The same stacks, each sample labelled `fn` = its long name. */
function labelledProfile(): Profile {
  const builder = new ProfileBuilder({ sampleTypes: [{ type: 'samples', unit: 'count' }] });
  const location = (name: string) => builder.addLocation([{ function: builder.addFunction(name) }]);
  const [main, leaf] = [location('main'), location('leaf')];
  for (const s of Object.keys(NAMES) as Short[]) {
    builder.addSample([leaf, location(NAMES[s]), main], [VALUES[s]], [{ key: 'fn', value: NAMES[s] }]);
  }
  return builder.build();
}

const sum = (shorts: readonly Short[]) => shorts.reduce((total, s) => total + VALUES[s], 0);
const options = (set: Partial<QueryOptions>) => withOptions(DEFAULT_QUERY_OPTIONS, set);

function keptValue(of: Profile, set: Partial<QueryOptions>): number {
  const selection = selectSamples(of, options(set));
  return selection.weight.reduce((total, weight, i) => total + (selection.kept[i] === 1 ? weight : 0), 0);
}

/** Top's rows as short name → flat. */
function flatByName(set: Partial<QueryOptions>): Map<string, number> {
  return new Map(computeTop(profile, options(set)).rows.map((row) => [short(row.name), row.flat]));
}

const LONG = Object.keys(NAMES) as Short[];

describe('evil regexps on long names answer right, in linear time', () => {
  for (const [pattern, matched, matchedWhole] of CASES) {
    describe(pattern, () => {
      it('f keeps the samples with a matching frame, i drops them', () => {
        assert.equal(keptValue(profile, { focus: pattern }), sum(matched));
        assert.equal(keptValue(profile, { ignore: pattern }), TOTAL - sum(matched));
      });

      it('h removes the matching frames, s keeps only them', () => {
        const hidden = flatByName({ hide: pattern });
        assert.deepEqual(
          LONG.filter((s) => hidden.has(s)),
          LONG.filter((s) => !matched.includes(s)),
        );
        assert.equal(hidden.get('leaf'), TOTAL);
        const shown = flatByName({ show: pattern });
        assert.deepEqual([...shown.keys()].sort(), [...matched].sort());
        for (const s of matched) assert.equal(shown.get(s), VALUES[s]);
      });

      it('sf and prunefrom cut the stacks at the matching frame', () => {
        assert.equal(keptValue(profile, { showFrom: pattern }), sum(matched));
        const pruned = flatByName({ pruneFrom: pattern });
        assert.equal(pruned.get('leaf'), TOTAL - sum(matched));
        for (const s of matched) assert.equal(pruned.get(s), VALUES[s]);
      });

      it('tf and ti match the label values', () => {
        const labelled = labelledProfile();
        assert.equal(keptValue(labelled, { tagFocus: `fn=${pattern}` }), sum(matched));
        assert.equal(keptValue(labelled, { tagIgnore: `fn=${pattern}` }), TOTAL - sum(matched));
      });

      it('q (the search) matches the share that focus keeps', () => {
        assert.equal(computeMatchShare(profile, DEFAULT_QUERY_OPTIONS, pattern).value, sum(matched));
      });

      it('p pivots, peek and list select the matching functions', () => {
        assert.deepEqual(buildPivotFlameGraphs(profile, options({ pivot: pattern })).pivotNames.map(short), matched);
        assert.deepEqual(computeSourceListing(profile, DEFAULT_QUERY_OPTIONS, pattern).unsourced.map(short), matched);
        if (matched.length === 0) {
          assert.throws(() => computePeek(profile, DEFAULT_QUERY_OPTIONS, pattern), QueryError);
        } else {
          assert.deepEqual(
            computePeek(profile, DEFAULT_QUERY_OPTIONS, pattern).entries.map((entry) => short(entry.name)),
            matched,
          );
        }
      });

      it("the profile's own drop_frames drops the frames it matches whole, with what lies beneath", () => {
        const dropping = profileFromCollapsed(COLLAPSED, {
          sampleTypes: [{ type: 'samples', unit: 'count' }],
          dropFrames: pattern,
        });
        const rows = new Map(
          computeTop(dropping, DEFAULT_QUERY_OPTIONS).rows.map((row) => [short(row.name), row.flat]),
        );
        assert.equal(rows.get('main') ?? 0, sum(matchedWhole));
        assert.equal(rows.get('leaf'), TOTAL - sum(matchedWhole));
      });
    });
  }
});
