// Runs the reference implementation, `go tool pprof`, with TZ=UTC (it prints local time); under
// `npm test`, each answer on unchanged files and flags is kept for the next calls and runs.

import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, SHARED_DIR } from './fixtures.js';

/**
 * Where pprof's answers are kept (scripts/run-tests.sh sets both): pprof takes seconds to a minute
 * on the medium and large fixtures, and CI runs the suite twice. SHARED_CACHE (the temp dir's, beside
 * the cached gotarget binaries) holds answers on ../shared and testdata/ files alone, found by a
 * fresh clone too; CHECKOUT_CACHE (test-results/) the answers naming a test's own files, by their
 * content (their paths change every run; a live capture's content too, so that cache goes with the
 * checkout's test-results/). Unset (a test file run by hand), every call runs pprof.
 */
const SHARED_CACHE = process.env.GO_PROFILER_PPROF_CACHE;
const CHECKOUT_CACHE = process.env.GO_PROFILER_PPROF_CHECKOUT_CACHE;

/**
 * Flags whose answer depends on more than the profiles and the flags (source files on disk, a
 * server, a file written), or a URL: never kept.
 */
const UNCACHEABLE = /^-(list|weblist|disasm|source_path|trim_path|output|o|http|tls_)|:\/\//;

let toolchain: string | undefined;

/** The Go version and its pprof binary's size and time: a new toolchain answers afresh. */
function toolchainKey(): string {
  if (toolchain === undefined) {
    const [version, toolDir] = execFileSync('go', ['env', 'GOVERSION', 'GOTOOLDIR'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const pprof = statSync(path.join(toolDir ?? '', 'pprof'));
    toolchain = `${version} ${pprof.size} ${pprof.mtimeMs}`;
  }
  return toolchain;
}

/** The file an argument names, alone or as a flag's `=value`, if it is one. */
function namedFile(arg: string, cwd: string): string | undefined {
  const value = !arg.startsWith('-') ? arg : arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
  if (value === undefined || value === '') return undefined;
  const file = path.resolve(cwd, value);
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** The roots of the files whose answers SHARED_CACHE keeps: ../shared (the fixtures) and testdata/. */
const SHARED_ROOTS = [SHARED_DIR, path.join(REPO_ROOT, 'testdata')].map((root) => `${root}${path.sep}`);

/** A shared file's name below its root, which a fresh clone's shares: `0:fixtures/heap-small.pb.gz`. */
function sharedName(file: string): string {
  const root = SHARED_ROOTS.findIndex((prefix) => file.startsWith(prefix));
  return `${root}:${file.slice(SHARED_ROOTS[root]!.length)}`;
}

/**
 * Where the answer of `args` run in `cwd` is kept, if it may be: each file named stands for its
 * content's hash, and its path below ../shared or testdata/ when all lie there (a shared answer).
 */
function keptPath(args: readonly string[], cwd: string): { file: string; shared: boolean } | undefined {
  if (args.some((arg) => UNCACHEABLE.test(arg))) return undefined;
  const files = args.map((arg) => namedFile(arg, cwd));
  const shared = files.every((file) => file === undefined || SHARED_ROOTS.some((root) => file.startsWith(root)));
  const dir = shared ? SHARED_CACHE : CHECKOUT_CACHE;
  if (dir === undefined) return undefined;
  const hash = createHash('sha256').update(toolchainKey());
  args.forEach((arg, i) => {
    const file = files[i];
    if (file === undefined) return void hash.update(`\0${arg}`);
    const flag = arg.startsWith('-') ? arg.split('=')[0] : '';
    hash.update(`\0${flag}\0file:${shared ? sharedName(file) : ''}\0`);
    hash.update(createHash('sha256').update(readFileSync(file)).digest('hex'));
  });
  return { file: path.join(dir, hash.digest('hex')), shared };
}

/** How `go tool pprof ARGS` ended: its exit code (a number: a process killed by a signal throws), its output. */
export interface PprofOutcome {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

function runPprof(args: readonly string[], cwd: string): Promise<PprofOutcome> {
  return new Promise((resolve, reject) => {
    const options = { cwd, env: { ...process.env, TZ: 'UTC' }, encoding: 'buffer' as const, maxBuffer: 256 << 20 };
    execFile('go', ['tool', 'pprof', ...args], options, (error, stdout, stderr) => {
      const code = error === null ? 0 : error.code;
      if (typeof code === 'number') resolve({ code, stdout, stderr });
      else reject(new Error(`go tool pprof ${args.join(' ')}: ${error?.message ?? ''}`, { cause: error }));
    });
  });
}

/**
 * Runs `go tool pprof ARGS` in `cwd`, whatever its exit code; an outcome kept for the same
 * toolchain, flags and file contents (see SHARED_CACHE) is returned without running pprof.
 */
export async function goToolPprofOutcome(args: readonly string[], cwd = process.cwd()): Promise<PprofOutcome> {
  const kept = keptPath(args, cwd);
  if (kept !== undefined && existsSync(kept.file)) {
    const { code, stdout, stderr } = JSON.parse(readFileSync(kept.file, 'utf8')) as Record<string, string>;
    return { code: Number(code), stdout: Buffer.from(stdout!, 'base64'), stderr: Buffer.from(stderr!, 'base64') };
  }
  const outcome = await runPprof(args, cwd);
  // A failure may name a file's path, which the next run's file (or another clone's) does not have.
  const namesAPath = outcome.code !== 0 && (!kept?.shared || outcome.stderr.toString().includes(path.sep));
  if (kept !== undefined && !namesAPath) {
    // Written under a private name and renamed: test files running at once never read half an answer.
    mkdirSync(path.dirname(kept.file), { recursive: true });
    const partial = `${kept.file}.${process.pid}.tmp`;
    const { code, stdout, stderr } = outcome;
    const json = JSON.stringify({ code, stdout: stdout.toString('base64'), stderr: stderr.toString('base64') });
    writeFileSync(partial, json);
    renameSync(partial, kept.file);
  }
  return outcome;
}

/** pprof's stdout bytes for `go tool pprof ARGS` in `cwd`; throws with its stderr on failure. */
export async function goToolPprofBytes(args: readonly string[], cwd = process.cwd()): Promise<Buffer> {
  const { code, stdout, stderr } = await goToolPprofOutcome(args, cwd);
  if (code !== 0) throw new Error(`go tool pprof ${args.join(' ')} exited with ${code}: ${stderr.toString()}`);
  return stdout;
}

/** Returns pprof's stdout for `go tool pprof ARGS`; throws with its stderr on failure. No time limit: the runner's hang guard is the only one. */
export async function goToolPprof(args: readonly string[]): Promise<string> {
  return (await goToolPprofBytes(args)).toString('utf8');
}

/** The total of pprof's "Showing nodes accounting for X, P% of TOTAL total" line. */
export function pprofTotal(topOutput: string): string {
  const match = /% of (\S+) total/.exec(topOutput);
  if (match?.[1] === undefined) throw new Error(`no total in pprof output:\n${topOutput.slice(0, 500)}`);
  return match[1];
}
