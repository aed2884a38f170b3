// test/support/go-pprof.ts's cache of go tool pprof's answers (the suite's oracle): an answer on
// ../shared files is kept in the shared cache and returned for the same toolchain, flags and
// bytes; one on a test's own file in the checkout's cache, by content, successes only; nothing
// that reads source files or names a URL is kept.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturePath } from './support/fixtures.js';
import type * as GoPprof from './support/go-pprof.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-pprof-cache-test-'));
const shared = path.join(scratch, 'shared');
const checkout = path.join(scratch, 'checkout');
let pprof: typeof GoPprof;

/** The answers kept in `dir` (made at the first answer kept). */
const kept = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

before(async () => {
  // The module reads its directories once, as it loads.
  process.env.GO_PROFILER_PPROF_CACHE = shared;
  process.env.GO_PROFILER_PPROF_CHECKOUT_CACHE = checkout;
  pprof = await import('./support/go-pprof.js');
});

after(() => rmSync(scratch, { recursive: true, force: true }));

describe("go tool pprof's answers kept", () => {
  it('keeps an answer on a fixture in the shared cache and returns it for the same flags and bytes', async () => {
    const args = ['-top', '-nodecount=3', fixturePath('heap-small.pb.gz')];
    const live = await pprof.goToolPprof(args);
    assert.match(live, /^Showing nodes accounting for /m);
    const [entry, ...more] = kept(shared);
    assert.deepEqual([typeof entry, more, kept(checkout)], ['string', [], []]);
    // What is kept is what is returned: the answer file, replaced, answers the same call.
    const planted = { code: 0, stdout: Buffer.from('planted\n').toString('base64'), stderr: '' };
    writeFileSync(path.join(shared, entry!), JSON.stringify(planted));
    assert.equal(await pprof.goToolPprof(args), 'planted\n');
    // Other flags are another answer.
    assert.notEqual(await pprof.goToolPprof(['-top', '-nodecount=4', fixturePath('heap-small.pb.gz')]), 'planted\n');
    assert.equal(kept(shared).length, 2);
  });

  it("keeps a test's own file by content in the checkout cache, and only its successes", async () => {
    const copy = path.join(scratch, 'copy.pb.gz');
    copyFileSync(fixturePath('cpu-small.pb.gz'), copy);
    const answer = await pprof.goToolPprof(['-top', copy]);
    assert.equal(kept(checkout).length, 1);
    const moved = path.join(scratch, 'moved.pb.gz');
    copyFileSync(copy, moved);
    assert.equal(await pprof.goToolPprof(['-top', moved]), answer);
    assert.equal(kept(checkout).length, 1);
    const failed = await pprof.goToolPprofOutcome(['-top', '-focus=(', copy]);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr.toString(), /error parsing regexp/);
    assert.equal(kept(checkout).length, 1);
  });

  it('keeps a failure on a fixture, and nothing for -list or a URL', async () => {
    const before = kept(shared).length;
    const failed = await pprof.goToolPprofOutcome(['-top', '-focus=(', fixturePath('heap-small.pb.gz')]);
    assert.notEqual(failed.code, 0);
    assert.equal(kept(shared).length, before + 1);
    assert.deepEqual(await pprof.goToolPprofOutcome(['-top', '-focus=(', fixturePath('heap-small.pb.gz')]), failed);
    await pprof.goToolPprof(['-list=main.main', fixturePath('heap-small.pb.gz')]);
    // Any argument holding a URL (here a -focus that matches nothing, so no fetch is made).
    assert.match(await pprof.goToolPprof(['-top', '-focus=http://web', fixturePath('heap-small.pb.gz')]), /^Showing /m);
    assert.equal(kept(shared).length, before + 1);
  });
});
