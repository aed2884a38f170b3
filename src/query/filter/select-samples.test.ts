import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../pprof/index.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { QueryOptionError } from '../errors/query-option-error.js';
import { withOptions, type QueryOptions } from '../options/query-options.js';
import { computeTop } from '../report/top-report.js';
import { divideInt } from '../go/divide-int.js';
import { computeMatchShare } from '../flame/match-share.js';

// Each line: root;...;leaf VALUE. Every frame name is its own function.
const PROFILE = profileFromCollapsed(
  ['main;serve;parse;alloc 40', 'main;serve;encode;alloc 30', 'main;gc 20', 'main;serve;serve;log 10'].join('\n'),
);

/** Flat and cum per function under `changes`, as "name flat/cum", in report order. */
function top(changes: Partial<QueryOptions>): string[] {
  const report = computeTop(PROFILE, withOptions(DEFAULT_QUERY_OPTIONS, { ...changes, nodeFraction: 0 }));
  return report.rows.map((row) => `${row.name} ${row.flat}/${row.cum}`);
}

describe('sample filters (pprof semantics)', () => {
  it('counts a recursive frame once per sample', () => {
    assert.ok(top({}).includes('serve 0/80'));
  });

  it('focus keeps samples with a matching frame; ignore drops them and wins over focus', () => {
    assert.deepEqual(top({ focus: 'parse|gc' }), ['alloc 40/40', 'gc 20/20', 'main 0/60', 'parse 0/40', 'serve 0/40']);
    assert.deepEqual(top({ focus: 'serve', ignore: 'encode|log' }), [
      'alloc 40/40',
      'main 0/40',
      'parse 0/40',
      'serve 0/40',
    ]);
  });

  it('hide removes frames but keeps the samples; show keeps only matching frames', () => {
    assert.deepEqual(top({ hide: 'alloc' }), [
      'parse 40/40',
      'encode 30/30',
      'gc 20/20',
      'log 10/10',
      'main 0/100',
      'serve 0/80',
    ]);
    assert.deepEqual(top({ show: 'main|gc' }), ['main 80/100', 'gc 20/20']);
  });

  it('show_from cuts stacks above the outermost match; prune_from below the innermost', () => {
    assert.deepEqual(top({ showFrom: 'serve' }), [
      'alloc 70/70',
      'log 10/10',
      'encode 0/30',
      'parse 0/40',
      'serve 0/80',
    ]);
    assert.deepEqual(top({ pruneFrom: 'serve' }), ['serve 80/80', 'gc 20/20', 'main 0/100']);
  });

  it('names the option of a bad regexp', () => {
    assert.throws(
      () => top({ hide: '(' }),
      (error: Error) => error instanceof QueryOptionError && error.key === 'hide',
    );
  });

  it('divides as Go int64 division does', () => {
    assert.equal(divideInt(7, 2), 3);
    assert.equal(divideInt(-7, 2), -3);
    assert.equal(divideInt(7, -2), -3);
    assert.equal(divideInt(2 ** 53 - 1, 2 ** 53 - 2), 1);
    assert.equal(divideInt(9007199254740991, 3), 3002399751580330);
  });
});

describe('computeMatchShare', () => {
  it('sums the samples with a matching frame once, within the other filters', () => {
    const share = computeMatchShare(PROFILE, DEFAULT_QUERY_OPTIONS, 'alloc|log');
    assert.deepEqual([share.value, share.total, share.percentText], [80, 100, '80.00%']);
    const narrowed = computeMatchShare(PROFILE, withOptions(DEFAULT_QUERY_OPTIONS, { focus: 'encode' }), 'alloc');
    assert.equal(narrowed.value, 30);
  });
});
