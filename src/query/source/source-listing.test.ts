import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatScaledValue } from '../../units/index.js';
import { REPO_ROOT, loadFixture } from '../../../test/support/fixtures.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { computeSourceListing } from './source-listing.js';

describe('computeSourceListing', () => {
  it("gives every line pprof's -list weights (read where pprof had the Go library's source)", () => {
    const golden = readFileSync(
      path.join(REPO_ROOT, 'testdata/golden/cpu-small.list=runtime.mallocgc.list.txt'),
      'utf8',
    );
    const expected = new Map<number, [string, string]>();
    for (const line of golden.split('\n')) {
      const row = /^(.{10}) (.{10}) +(\d+):/.exec(line);
      if (row === null || (row[1]!.trim() === '.' && row[2]!.trim() === '.')) continue;
      expected.set(Number(row[3]), [row[1]!.trim(), row[2]!.trim()]);
    }
    assert.equal(expected.size, 14, 'the golden lists 14 weighted lines');
    const listing = computeSourceListing(loadFixture('cpu-small.pb.gz'), DEFAULT_QUERY_OPTIONS, 'runtime\\.mallocgc$');
    assert.equal(listing.routines.length, 1);
    const routine = listing.routines[0]!;
    assert.equal(routine.file, '/usr/lib/go-1.19/src/runtime/malloc.go');
    const dot = (value: number) => (value === 0 ? '.' : formatScaledValue(value, listing.sampleUnit, 'minimum'));
    const actual = new Map(routine.lines.map((l) => [l.line, [dot(l.flat), dot(l.cum)]]));
    assert.deepEqual(actual, expected);
  });

  it('rejects a bad regexp naming the option', () => {
    assert.throws(
      () => computeSourceListing(loadFixture('heap-small.pb.gz'), DEFAULT_QUERY_OPTIONS, '('),
      /parse option list/,
    );
  });
});
