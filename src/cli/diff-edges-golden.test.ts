// Call edges whose weights cancel to zero in a -base profile, kept as pprof keeps them: with no
// node cutoff (-peek), pprof lists them as callers and callees ("0     0% |   runtime.heapBits.bits
// (inline)"). pprof orders edges of equal |weight| but opposite sign by Go map order, so its own
// output varies from run to run there: the golden is compared as the multiset of its lines.
// testdata/golden/cpu-medium.base=cpu-small.peek.unordered.txt is
// `TZ=UTC go tool pprof -peek=. -base=cpu-small.pb.gz cpu-medium.pb.gz` in ../shared/fixtures.

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
});
