// `go-profiler list` against the oracle: the compiled CLI and `go tool pprof -list` run on the same
// fixtures with the same -source_path/-trim_path, outputs compared byte for byte. The target's
// sources are shared/gotarget; the Go library's are where the profiles name them (Debian's golang-go).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { GOTARGET_DIR as GOTARGET, REPO_ROOT, fixturePath } from '../../test/support/fixtures.js';
import { goToolPprof } from '../../test/support/go-pprof.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

async function goProfilerList(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'list', ...args], {
      env: { ...process.env, TZ: 'UTC' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Ours and pprof's output for `list PATTERN` with the same flags (ours spelled --source-path). */
async function bothLists(pattern: string, fixture: string, flags: Record<string, string>) {
  const pprofFlags = Object.entries(flags).map(([name, value]) => `-${name}=${value}`);
  const ourFlags = Object.entries(flags).flatMap(([name, value]) => [`--${name.replace('_', '-')}`, value]);
  const [ours, pprof] = await Promise.all([
    goProfilerList([pattern, fixturePath(fixture), ...ourFlags]),
    goToolPprof([`-list=${pattern}`, ...pprofFlags, fixturePath(fixture)]),
  ]);
  assert.equal(ours.code, 0, ours.stderr);
  return { ours: ours.stdout, pprof };
}

describe('go-profiler list', () => {
  it('prints the code around the sampled lines, as go tool pprof -list -source_path', async () => {
    const { ours, pprof } = await bothLists('main.runPath', 'heap-small.pb.gz', { source_path: GOTARGET });
    assert.equal(ours, pprof);
    // The profile names /home/dev/src/demo.io/gotarget/main.go; the search path's base name trims it.
    assert.match(ours, /ROUTINE =+ main\.runPath in main\.go\n/);
    assert.match(ours, / {9}\. +1\.11MB +202:\tframeTable\[p\.steps\[0\]\.fn\]\(p, 1\)\n/);
    assert.match(ours, /\n {9}\. {10}\. +207:\n$/);
  });

  it("shows the target's functions and the Go library's, the latter where the profile names them", async () => {
    const { ours, pprof } = await bothLists('main\\.|runtime\\.mallocgc$', 'cpu-small.pb.gz', {
      source_path: GOTARGET,
    });
    assert.equal(ours, pprof);
    assert.match(ours, /ROUTINE =+ runtime\.mallocgc in \/usr\/lib\/go-[^/]+\/src\/runtime\/malloc\.go\n.*\n.*\d+:\t/);
    assert.doesNotMatch(ours, /Error:/);
  });

  it('cuts --trim-path from the file names before searching', async () => {
    const { ours, pprof } = await bothLists('main\\.encode', 'heap-medium.pb.gz', {
      source_path: GOTARGET,
      trim_path: '/home/dev/src/demo.io/gotarget',
    });
    assert.equal(ours, pprof);
    assert.match(ours, /main\.encodeBlock in funcs_gen\.go\n.*\n.*\d+:/);
  });

  it("says which file it could not find, as pprof's Error lines", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'list-'));
    // Absolute names are opened as they are: the open error.
    const absolute = await bothLists('main.runPath', 'heap-small.pb.gz', { source_path: empty });
    assert.equal(absolute.ours, absolute.pprof);
    assert.match(
      absolute.ours,
      / Error: open \/home\/dev\/src\/demo\.io\/gotarget\/main\.go: no such file or directory\n/,
    );
    // A directory named like the target trims the names to relative ones, searched and not found.
    const named = path.join(empty, 'gotarget');
    mkdirSync(named);
    const relative = await bothLists('main.runPath', 'heap-small.pb.gz', { source_path: named });
    assert.equal(relative.ours, relative.pprof);
    assert.match(relative.ours, new RegExp(` Error: could not find file main\\.go on path ${named}\\n`));
  });

  it('fails with one line when no function matches', async () => {
    const none = await goProfilerList(['noSuchFunction', fixturePath('heap-small.pb.gz')]);
    assert.equal(none.code, 1);
    assert.equal(none.stderr, 'go-profiler: list "noSuchFunction": no matches found for regexp\n');
  });
});
