import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GoroutineGroupModel, GoroutineReportModel } from '../../goroutine-view-model.js';
import { HEAP_SUMMARY } from '../heap-summary.test-data.js';
import { documentTitle } from '../shell-state.js';
import { parseLocation } from '../url-state.js';
import { compileSearch } from '../search-regexp.js';
import { ALL_STATES, goroutineRowsOf, searchMatcher, statesOf } from './goroutines-state.js';

function group(
  state: string,
  count: number,
  leaf: string,
  extra: Partial<GoroutineGroupModel> = {},
): GoroutineGroupModel {
  return {
    key: `${state}\n${leaf}`,
    state,
    blocked: state !== 'running',
    count,
    ids: Array.from({ length: Math.min(count, 3) }, (_, i) => i + 1),
    waitsText: `< 1 min ×${count}`,
    longestWaitMinutes: 0,
    leakScore: count,
    lockedToThread: 0,
    frames: [
      { function: leaf, where: '/src/main.go:10' },
      { function: 'main.(*T).run', where: '/src/main.go:20' },
    ],
    framesElided: false,
    createdBy: { function: 'main.start', where: '/src/main.go:30' },
    zoomPath: ['main.(*T).run', leaf],
    ...extra,
  };
}

const REPORT: GoroutineReportModel = {
  legend: ['Goroutines: 16 in 3 groups'],
  total: 16,
  groups: [
    group('chan receive', 10, 'main.wait'),
    group('select', 5, 'main.loop', { framesElided: true, zoomPath: undefined } as Partial<GoroutineGroupModel>),
    group('running', 1, 'main.main', { createdBy: undefined } as Partial<GoroutineGroupModel>),
  ],
  bases: [],
};

describe('the Goroutines view state', () => {
  it('lists the states by goroutine count', () => {
    assert.deepEqual(statesOf(REPORT), ['chan receive', 'select', 'running']);
  });

  it('keeps the ranking, filters by state and search, and names each row', () => {
    const rows = goroutineRowsOf(REPORT, undefined, ALL_STATES);
    assert.deepEqual(
      rows.map((row) => [row.rank, row.countText, row.topFrame, row.createdByText, row.idsText, row.flame]),
      [
        [
          1,
          '10',
          'main.wait',
          'main.start',
          '1 2 3 … and 7 more',
          { route: 'flamegraph', zoom: 'main.(*T).run;main.wait' },
        ],
        [2, '5', 'main.loop', 'main.start', '1 2 3 … and 2 more', undefined],
        [3, '1', 'main.main', 'the runtime', '1', { route: 'flamegraph', zoom: 'main.(*T).run;main.main' }],
      ],
    );
    assert.deepEqual(
      goroutineRowsOf(REPORT, undefined, 'select').map((row) => row.rank),
      [2],
    );
    assert.deepEqual(
      goroutineRowsOf(REPORT, compileSearch('(?i)LOOP|main\\.main$'), ALL_STATES).map((row) => row.rank),
      [2, 3],
    );
  });

  it("searches as the server reads q: Go's syntax, case-sensitive unless (?i), over state, frames, creator and files", () => {
    const ranks = (pattern: string) =>
      REPORT.groups.flatMap((group, index) => (searchMatcher(compileSearch(pattern))(group) ? [index + 1] : []));
    assert.deepEqual(ranks('LOOP'), []);
    assert.deepEqual(ranks('(?i)LOOP'), [2]);
    assert.deepEqual(ranks('\\(\\*T\\)'), [1, 2, 3]);
    assert.deepEqual(ranks('\\Q(*T)\\E'), [1, 2, 3]);
    assert.deepEqual(ranks('^chan\\pZ'), [1]);
    assert.deepEqual(ranks('^main\\.start$'), [1, 2]);
    assert.deepEqual(ranks('main\\.go:20\\z'), [1, 2, 3]);
    assert.equal(searchMatcher(undefined)(REPORT.groups[2]!), true);
    assert.throws(() => compileSearch('(*T'), {
      name: 'SearchPatternError',
      message: 'search "(*T": error parsing regexp: missing argument to repetition operator: `*`',
    });
  });

  it('says growth against a base in words', () => {
    const compared: GoroutineReportModel = {
      ...REPORT,
      base: 'x.prof',
      groups: [
        group('chan receive', 10, 'main.wait', { baseCount: 2, growth: 8 }),
        group('select', 5, 'main.loop', { baseCount: 0, growth: 5 }),
        group('sleep', 4, 'time.Sleep', { baseCount: 4, growth: 0 }),
        group('running', 0, 'main.main', { baseCount: 1, growth: -1 }),
      ],
    };
    assert.deepEqual(
      goroutineRowsOf(compared, undefined, ALL_STATES).map((row) => row.growthText),
      ['+8 from 2', 'new (+5)', 'same', 'gone (was 1)'],
    );
  });

  it('titles the page Goroutines', () => {
    const { state } = parseLocation('/goroutines', '');
    assert.equal(state.route, 'goroutines');
    assert.equal(documentTitle(HEAP_SUMMARY, state), 'Heap inuse_space · Goroutines · go-profiler');
  });
});
