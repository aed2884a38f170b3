// Every flag and argument taking a regexp, with nested quantifiers that would make a
// backtracking engine stall, prints what go tool pprof prints (the live oracle, run beside it);
// a pattern Go refuses fails with Go's reason.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { GOTARGET_DIR, REPO_ROOT, fixturePath } from '../../test/support/fixtures.js';
import { goToolPprofOutcome } from '../../test/support/go-pprof.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function outcomeOf(command: string, args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** go tool pprof's outcome (kept for the next runs under npm test: test/support/go-pprof.ts). */
async function pprofOutcome(args: readonly string[]): Promise<Outcome> {
  const { code, stdout, stderr } = await goToolPprofOutcome(args);
  return { code, stdout: stdout.toString(), stderr: stderr.toString() };
}

/** Ours and go tool pprof's outcome, run at the same time. */
async function both(ours: readonly string[], pprof: readonly string[]): Promise<[Outcome, Outcome]> {
  return Promise.all([outcomeOf(process.execPath, [BIN, ...ours]), pprofOutcome(pprof)]);
}

// [our arguments, pprof's arguments]
const CASES: [string[], string[]][] = [
  [
    ['top', '--focus', '(.+)+QQQ', fixturePath('heap-small.pb.gz')],
    ['-top', '-focus', '(.+)+QQQ', fixturePath('heap-small.pb.gz')],
  ],
  [
    ['top', '--ignore', '(\\w+)+\\.mallocgc', fixturePath('heap-small.pb.gz')],
    ['-top', '-ignore', '(\\w+)+\\.mallocgc', fixturePath('heap-small.pb.gz')],
  ],
  [
    ['top', '--hide', '(runtime|internal)+\\..*', fixturePath('heap-small.pb.gz')],
    ['-top', '-hide', '(runtime|internal)+\\..*', fixturePath('heap-small.pb.gz')],
  ],
  [
    ['top', '--show', '(main\\.(\\w+)*)+', fixturePath('heap-medium.pb.gz')],
    ['-top', '-show', '(main\\.(\\w+)*)+', fixturePath('heap-medium.pb.gz')],
  ],
  [
    ['top', '--show-from', '(main\\.\\w*)+alloc', fixturePath('heap-medium.pb.gz')],
    ['-top', '-show_from', '(main\\.\\w*)+alloc', fixturePath('heap-medium.pb.gz')],
  ],
  [
    ['top', '--prune-from', '(runtime\\.)+mallocgc', fixturePath('cpu-small.pb.gz')],
    ['-top', '-prune_from', '(runtime\\.)+mallocgc', fixturePath('cpu-small.pb.gz')],
  ],
  [
    ['top', '--tagfocus', 'tenant=(g+l*o*b*e*x*)+', fixturePath('cpu-medium.pb.gz')],
    ['-top', '-tagfocus', 'tenant=(g+l*o*b*e*x*)+', fixturePath('cpu-medium.pb.gz')],
  ],
  [
    ['top', '--tagignore', '(\\w*)*x', fixturePath('cpu-medium.pb.gz')],
    ['-top', '-tagignore', '(\\w*)*x', fixturePath('cpu-medium.pb.gz')],
  ],
  [
    // Unicode classes, which the old translation refused.
    ['top', '--focus', '\\p{Greek}|^\\p{Latin}+\\.alloc\\p{Lu}', fixturePath('heap-small.pb.gz')],
    ['-top', '-focus', '\\p{Greek}|^\\p{Latin}+\\.alloc\\p{Lu}', fixturePath('heap-small.pb.gz')],
  ],
  [
    ['peek', '(sort)+(K|k)eys', fixturePath('heap-medium.pb.gz')],
    ['-peek', '(sort)+(K|k)eys', fixturePath('heap-medium.pb.gz')],
  ],
  [
    ['list', '(main\\.run)+Path', fixturePath('heap-small.pb.gz'), '--source-path', GOTARGET_DIR],
    ['-list', '(main\\.run)+Path', '-source_path', GOTARGET_DIR, fixturePath('heap-small.pb.gz')],
  ],
];

describe('regexp flags and arguments, as go tool pprof', () => {
  for (const [ours, pprof] of CASES) {
    it(ours.slice(0, 3).join(' '), async () => {
      const [our, their] = await both(ours, pprof);
      assert.equal(their.code, 0, their.stderr);
      assert.equal(our.code, 0, our.stderr);
      assert.equal(our.stdout, their.stdout);
    });
  }

  it('warns, as pprof, that (.+)+QQQ matched no samples', async () => {
    const [our, their] = await both(
      ['top', '--focus', '(.+)+QQQ', fixturePath('heap-small.pb.gz')],
      ['-top', '-focus', '(.+)+QQQ', fixturePath('heap-small.pb.gz')],
    );
    assert.match(their.stderr, /^Focus expression matched no samples$/m);
    assert.match(our.stderr, /^Focus expression matched no samples$/m);
  });

  it("refuses what Go refuses, with Go's reason", async () => {
    for (const [flag, pprofFlag, option, pattern] of [
      ['--focus', '-focus', 'focus', '(?<n>x)'],
      ['--hide', '-hide', 'hide', '\\p{Kawi}'],
      ['--show-from', '-show_from', 'show_from', 'a{1001}'],
    ]) {
      const [our, their] = await both(
        ['top', flag!, pattern!, fixturePath('heap-small.pb.gz')],
        ['-top', pprofFlag!, pattern!, fixturePath('heap-small.pb.gz')],
      );
      const reason = /^parsing \w+ regexp: (.*)\n$/s.exec(their.stderr)?.[1];
      assert.ok(reason?.startsWith('error parsing regexp: '), their.stderr);
      assert.equal(our.code, 1);
      assert.equal(
        our.stderr,
        `go-profiler: parse option ${option}: parse regexp ${JSON.stringify(pattern)}: ${reason}\n`,
      );
    }
  });
});
