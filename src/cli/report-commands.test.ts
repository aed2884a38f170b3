// Runs the compiled `go-profiler top` as a user does and checks its output, merging, and the
// one-line error contract.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, fixturePath } from '../../test/support/fixtures.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

async function goProfiler(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, TZ: 'UTC' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const golden = (name: string) => readFileSync(path.join(REPO_ROOT, 'testdata/golden', name), 'utf8');

describe('go-profiler report commands', () => {
  it('prints what go tool pprof -top prints', async () => {
    const result = await goProfiler(['top', fixturePath('heap-small.pb.gz')]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, golden('heap-small.inuse_space.top.txt'));
  });

  it('takes pprof flags, merges several files and diffs against a base', async () => {
    const merged = await goProfiler(['top', fixturePath('cpu-small.pb.gz'), fixturePath('cpu-medium.pb.gz')]);
    assert.equal(merged.stdout, golden('cpu-small+cpu-medium.top.txt'));
    const flagged = await goProfiler(['top', '--cum', '--nodecount', '15', fixturePath('heap-medium.pb.gz')]);
    assert.equal(flagged.stdout, golden('heap-medium.cum.nodecount=15.top.txt'));
    const diff = await goProfiler([
      'top',
      '--diff-base',
      fixturePath('heap-sparse.pb.gz'),
      fixturePath('heap-medium.pb.gz'),
    ]);
    assert.equal(diff.stdout, golden('heap-medium.diff_base=heap-sparse.top.txt'));
    const byIndex = await goProfiler(['top', '--sample-index', '1', fixturePath('heap-medium.pb.gz')]);
    assert.equal(byIndex.stdout, golden('heap-medium.sample_index=1.top.txt'));
  });

  it('prints what go tool pprof -peek, -traces and -tags print', async () => {
    const peek = await goProfiler(['peek', 'sortKeys', fixturePath('heap-medium.pb.gz')]);
    assert.equal(peek.stdout, golden('heap-medium.peek=sortKeys.peek.txt'));
    const traces = await goProfiler(['traces', '--granularity', 'lines', fixturePath('cpu-small.pb.gz')]);
    assert.equal(traces.stdout, golden('cpu-small.granularity=lines.traces.txt'));
    const tags = await goProfiler(['tags', '--tagfocus', 'tenant=globex', fixturePath('cpu-medium.pb.gz')]);
    assert.equal(tags.stdout, golden('cpu-medium.tagfocus=tenant=globex.tags.txt'));
    const none = await goProfiler(['peek', 'noSuchFunction', fixturePath('heap-small.pb.gz')]);
    assert.equal(none.code, 1);
    assert.equal(none.stderr, 'go-profiler: peek "noSuchFunction": no matches found for regexp\n');
  });

  it('warns on stderr, as pprof, when a filter matches nothing', async () => {
    const result = await goProfiler(['top', '--focus', 'noSuchFunction', fixturePath('heap-small.pb.gz')]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^Focus expression matched no samples$/m);
    assert.match(result.stdout, /Showing nodes accounting for 0, 0% of 1.13MB total/);
  });

  const errors: [string, string[], RegExp][] = [
    [
      'a missing file',
      ['top', '/no/such/file.pb.gz'],
      /^go-profiler: read profile \/no\/such\/file\.pb\.gz: no such file\n$/,
    ],
    [
      'an unknown sample type',
      ['top', '--sample-index', 'bogus', fixturePath('heap-small.pb.gz')],
      /^go-profiler: select sample index "bogus": must be one of: alloc_objects, alloc_space, inuse_objects, inuse_space\n$/,
    ],
    [
      'a bad regexp',
      ['top', '--focus', '(', fixturePath('heap-small.pb.gz')],
      /^go-profiler: parse option focus: parse regexp "\(": .*\n$/,
    ],
    [
      'a bad granularity',
      ['top', '--granularity', 'bogus', fixturePath('heap-small.pb.gz')],
      /^go-profiler: parse option --granularity: "bogus" is not one of functions, filefunctions, files, lines, addresses\n$/,
    ],
    [
      'profiles of different types',
      ['top', fixturePath('heap-small.pb.gz'), fixturePath('cpu-small.pb.gz')],
      /^go-profiler: merge profiles: .*incompatible.*\n$/,
    ],
  ];
  for (const [what, args, message] of errors) {
    it(`fails with one line naming ${what}`, async () => {
      const result = await goProfiler(args);
      assert.equal(result.code, 1);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    });
  }

  it('names a file that is not a profile', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-top-'));
    const page = path.join(dir, 'page.html');
    writeFileSync(page, '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>');
    const result = await goProfiler(['top', page]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^go-profiler: read profile .*page\.html: decode profile: not a profile\.proto: the data is an HTML page/,
    );
  });
});
