// The compiled `go-profiler` behaves as a pprof user expects: --version, pasted `go tool pprof`
// command lines printing what pprof printed (testdata/golden), every usage error on one line, and
// a quiet exit when the reader of a pipe goes away (`go-profiler tree … | head -1`).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { FIXTURES_DIR, REPO_ROOT, fixturePath } from './support/fixtures.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function outcomeOf(command: string, args: readonly string[], cwd = REPO_ROOT): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: { ...process.env, TZ: 'UTC' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const goProfiler = (args: readonly string[], cwd?: string) => outcomeOf(process.execPath, [BIN, ...args], cwd);

const golden = (name: string) => readFileSync(path.join(REPO_ROOT, 'testdata/golden', name), 'utf8');

/** testdata/golden/commands.txt: each golden file with the pprof command line that printed it. */
function pprofLineOf(goldenName: string): string[] {
  const lines = readFileSync(path.join(REPO_ROOT, 'testdata/golden/commands.txt'), 'utf8').split('\n');
  const line = lines.find((candidate) => candidate.startsWith(`${goldenName}: `));
  assert.ok(line !== undefined, `${goldenName} is in commands.txt`);
  return line.split(' go tool pprof ')[1]!.split(' ');
}

describe('go-profiler --version', () => {
  it("prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      assert.deepEqual(await goProfiler([flag]), { code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});

describe('pasted go tool pprof command lines', () => {
  // One of each report, and each spelling: -flag=value, -flag value (none in the goldens: below),
  // booleans, choice flags (-lines, -cum), -diff_base / -base, several files.
  const GOLDENS = [
    'heap-small.inuse_space.top.txt',
    'heap-medium.cum.nodecount=15.top.txt',
    'heap-medium.diff_base=heap-sparse.top.txt',
    'heap-medium.base=heap-small.top.txt',
    'cpu-small+cpu-medium.top.txt',
    'heap-sparse.unit=kb.top.txt',
    'cpu-small.granularity=lines.traces.txt',
    'cpu-medium.tagfocus=tenant=globex.tags.txt',
    'heap-medium.peek=sortKeys.peek.txt',
    'cpu-medium.nodecount=20.cum.tree.txt',
    'cpu-medium.focus=spinFor.dot.txt',
  ];
  for (const name of GOLDENS) {
    const line = pprofLineOf(name);
    it(`go-profiler ${line.join(' ')} prints what go tool pprof printed`, async () => {
      const result = await goProfiler(line, FIXTURES_DIR);
      assert.equal(result.stderr, '');
      assert.equal(result.code, 0);
      assert.equal(result.stdout, golden(name));
    });
  }

  it('takes -flag value, the legacy sample flags and -symbolize=none as pprof does', async () => {
    const spaced = await goProfiler(
      ['-top', '-sample_index', 'alloc_space', '-symbolize=none', 'heap-small.pb.gz'],
      FIXTURES_DIR,
    );
    assert.equal(spaced.stdout, golden('heap-small.alloc_space.top.txt'));
    const legacy = await goProfiler(['-top', '-alloc_space', 'heap-small.pb.gz'], FIXTURES_DIR);
    assert.equal(legacy.stdout, golden('heap-small.alloc_space.top.txt'));
  });

  it('names a pprof flag go-profiler does not support', async () => {
    const result = await goProfiler(['-top', '-timeout=30', fixturePath('heap-small.pb.gz')]);
    assert.deepEqual(result, {
      code: 1,
      stdout: '',
      stderr:
        "go-profiler: parse option -timeout=30: pprof's -timeout is not supported: go-profiler's fetch has its own time limit (--seconds plus 15 s for a CPU profile, else 60 s)\n",
    });
  });
});

describe('go-profiler usage errors', () => {
  const heap = fixturePath('heap-small.pb.gz');
  const CASES: [string, string[], string][] = [
    [
      'no command',
      [],
      'parse command: missing (one of serve, capture, view, top, peek, tree, traces, tags, dot, list, proto, goroutines, raw, callgrind, svg, report; see go-profiler --help)',
    ],
    [
      'an unknown command',
      ['flame', heap],
      'parse command "flame": not a go-profiler command (one of serve, capture, view, top, peek, tree, traces, tags, dot, list, proto, goroutines, raw, callgrind, svg, report)',
    ],
    [
      'an unknown option',
      ['top', '--nodecont', '3', heap],
      'parse option --nodecont: go-profiler top has no such option (did you mean --nodecount?)',
    ],
    ['a missing argument', ['top'], 'parse argument <files>: missing (usage: go-profiler top [options] <files...>)'],
    [
      'a missing regexp',
      ['peek'],
      'parse argument <regexp>: missing (usage: go-profiler peek [options] <regexp> <files...>)',
    ],
    ['an option without its value', ['top', heap, '--focus'], 'parse option --focus: missing its value <regexp>'],
    ['too many arguments', ['serve', 'extra'], 'parse argument "extra": go-profiler serve takes no arguments'],
  ];
  for (const [what, args, message] of CASES) {
    it(`prints one line for ${what}, status 1`, async () => {
      assert.deepEqual(await goProfiler(args), { code: 1, stdout: '', stderr: `go-profiler: ${message}\n` });
    });
  }

  it('still prints --help on stdout, status 0', async () => {
    const help = await goProfiler(['top', '--help']);
    assert.equal(help.code, 0);
    assert.equal(help.stderr, '');
    assert.match(help.stdout, /^Usage: go-profiler top \[options\] <files\.\.\.>\n/);
    assert.match(help.stdout, /\n {2}--nodecount <n> +show at most this many nodes\n/);
    const main = await goProfiler(['--help']);
    assert.match(main.stdout, /^Usage: go-profiler \[options\] \[command\]\n/);
    assert.match(main.stdout, /go-profiler -http=:8080 heap\.pb\.gz\n$/);
  });
});

describe('go-profiler writing into a closed pipe', () => {
  // Outputs far larger than a pipe's buffer (64 KiB) and what `head` reads before it exits, so
  // the reader is always gone before the report is written.
  for (const report of ['tree', 'traces']) {
    it(`${report} … | head -1 prints the first line, nothing on stderr, status 0`, async () => {
      const pipeline = `"$0" "$1" ${report} "$2" | head -1; exit "\${PIPESTATUS[0]}"`;
      const result = await outcomeOf('bash', ['-c', pipeline, process.execPath, BIN, fixturePath('cpu-medium.pb.gz')]);
      assert.deepEqual(result, { code: 0, stdout: 'File: gotarget\n', stderr: '' });
    });
  }
});
