// Call edges whose weights cancel to zero in a -base profile, kept as pprof keeps them: with no
// node cutoff (-peek), pprof lists them as callers and callees ("0     0% |   runtime.heapBits.bits
// (inline)"); in -dot they make a node's entropy NaN, which decides where pprof sorts it, and so
// which nodes fit. pprof orders edges of equal |weight| but opposite sign by Go map order, so its
// own output varies from run to run there: the goldens are compared as the multiset of their
// lines (and -dot's node lines in order). In ../shared/fixtures, with TZ=UTC:
// testdata/golden/cpu-medium.base=cpu-small.peek.unordered.txt is
// `go tool pprof -peek=. -base=cpu-small.pb.gz cpu-medium.pb.gz`,
// testdata/golden/cpu-medium.base=cpu-small.dot.unordered.txt is
// `go tool pprof -dot -base=cpu-small.pb.gz cpu-medium.pb.gz`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixturePath, REPO_ROOT } from '../../test/support/fixtures.js';
import { joinChunks, UTC_TIME_ZONE } from '../query/index.js';
import { loadProfiles } from './load-profiles.js';
import { textReports } from './report-commands.js';
import { queryOptionsFromFlags } from './report-flags.js';

const GOLDEN = path.join(REPO_ROOT, 'testdata/golden/cpu-medium.base=cpu-small.peek.unordered.txt');
const DOT_GOLDEN = path.join(REPO_ROOT, 'testdata/golden/cpu-medium.base=cpu-small.dot.unordered.txt');
const sortedLines = (text: string) => text.split('\n').sort();

describe('edges that cancel to zero in a -base profile', () => {
  it('are listed by -peek as pprof lists them', async () => {
    const profile = await loadProfiles({
      files: [fixturePath('cpu-medium.pb.gz')],
      base: [fixturePath('cpu-small.pb.gz')],
    });
    const reports = textReports(UTC_TIME_ZONE, () => {});
    const ours = joinChunks(reports.peek(profile, queryOptionsFromFlags({}), '.', {}));
    const want = readFileSync(GOLDEN, 'utf8');
    assert.match(ours, /^ {49}0 {5}0% \| {3}runtime\.heapBits\.bits \(inline\)$/m);
    assert.deepEqual(sortedLines(ours), sortedLines(want));
  });

  it('choose the -dot nodes pprof chooses (48 of 412, not 54)', async () => {
    const profile = await loadProfiles({
      files: [fixturePath('cpu-medium.pb.gz')],
      base: [fixturePath('cpu-small.pb.gz')],
    });
    const reports = textReports(UTC_TIME_ZONE, () => {});
    const ours = joinChunks(reports.dot(profile, queryOptionsFromFlags({}), undefined, {}));
    const want = readFileSync(DOT_GOLDEN, 'utf8');
    assert.match(ours, /Showing top 48 nodes out of 412\\l/);
    const nodeLines = (text: string) => text.split('\n').filter((line) => !line.includes(' -> '));
    assert.deepEqual(nodeLines(ours), nodeLines(want));
    assert.deepEqual(sortedLines(ours), sortedLines(want));
  });
});
