// Patterns that make a backtracking engine run for ages (nested quantifiers over 50k–100k
// character names) give the right answer as every filter, the search, pivot, peek, list and the
// profile's own drop_frames. A stall would hang this file: that is how it fails.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EVIL_PATTERNS,
  LONG,
  LONG_NAMES_COLLAPSED,
  LONG_TOTAL,
  LONG_VALUES,
  labelledLongNamesProfile,
  shortName as short,
  valueOf as sum,
} from '../../../test/support/evil-regexps.js';
import { profileFromCollapsed, type Profile } from '../../pprof/index.js';
import { buildPivotFlameGraphs } from '../flame/pivot-flame-graphs.js';
import { computeMatchShare } from '../flame/match-share.js';
import { computePeek } from '../report/peek-report.js';
import { QueryError } from '../errors/query-error.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions, type QueryOptions } from '../options/query-options.js';
import { selectSamples } from '../filter/select-samples.js';
import { computeSourceListing } from '../source/source-listing.js';
import { computeTop } from '../report/top-report.js';

const profile = profileFromCollapsed(LONG_NAMES_COLLAPSED);
const options = (set: Partial<QueryOptions>) => withOptions(DEFAULT_QUERY_OPTIONS, set);

function keptValue(of: Profile, set: Partial<QueryOptions>): number {
  const selection = selectSamples(of, options(set));
  return selection.weight.reduce((total, weight, i) => total + (selection.kept[i] === 1 ? weight : 0), 0);
}

/** Top's rows as short name → flat. */
function flatByName(set: Partial<QueryOptions>): Map<string, number> {
  return new Map(computeTop(profile, options(set)).rows.map((row) => [short(row.name), row.flat]));
}

describe('evil regexps on long names answer right, in linear time', () => {
  for (const [pattern, matched, matchedWhole] of EVIL_PATTERNS) {
    describe(pattern, () => {
      it('f keeps the samples with a matching frame, i drops them', () => {
        assert.equal(keptValue(profile, { focus: pattern }), sum(matched));
        assert.equal(keptValue(profile, { ignore: pattern }), LONG_TOTAL - sum(matched));
      });

      it('h removes the matching frames, s keeps only them', () => {
        const hidden = flatByName({ hide: pattern });
        assert.deepEqual(
          LONG.filter((s) => hidden.has(s)),
          LONG.filter((s) => !matched.includes(s)),
        );
        assert.equal(hidden.get('leaf'), LONG_TOTAL);
        const shown = flatByName({ show: pattern });
        assert.deepEqual([...shown.keys()].sort(), [...matched].sort());
        for (const s of matched) assert.equal(shown.get(s), LONG_VALUES[s]);
      });

      it('sf and prunefrom cut the stacks at the matching frame', () => {
        assert.equal(keptValue(profile, { showFrom: pattern }), sum(matched));
        const pruned = flatByName({ pruneFrom: pattern });
        assert.equal(pruned.get('leaf'), LONG_TOTAL - sum(matched));
        for (const s of matched) assert.equal(pruned.get(s), LONG_VALUES[s]);
      });

      it('tf and ti match the label values', () => {
        const labelled = labelledLongNamesProfile();
        assert.equal(keptValue(labelled, { tagFocus: `fn=${pattern}` }), sum(matched));
        assert.equal(keptValue(labelled, { tagIgnore: `fn=${pattern}` }), LONG_TOTAL - sum(matched));
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
        const dropping = profileFromCollapsed(LONG_NAMES_COLLAPSED, {
          sampleTypes: [{ type: 'samples', unit: 'count' }],
          dropFrames: pattern,
        });
        const rows = new Map(
          computeTop(dropping, DEFAULT_QUERY_OPTIONS).rows.map((row) => [short(row.name), row.flat]),
        );
        assert.equal(rows.get('main') ?? 0, sum(matchedWhole));
        assert.equal(rows.get('leaf'), LONG_TOTAL - sum(matchedWhole));
      });
    });
  }
});
