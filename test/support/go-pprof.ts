// Runs the reference implementation, `go tool pprof`, with TZ=UTC (it prints local time); under
// `npm test`, each answer is kept for the rest of the run and the next runs of the same checkout.

import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where pprof's answers are kept (scripts/run-tests.sh sets it under test-results/, so a fresh clone
 * starts empty): pprof takes seconds to a minute on the medium and large fixtures, and CI runs the
 * suite twice. Unset (a test file run by hand), every call runs pprof.
 */
const CACHE_DIR = process.env.GO_PROFILER_PPROF_CACHE;

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

/** The cache key of `args` run in `cwd`: each file named stands for its content's hash, wherever it lies. */
function cacheKey(args: readonly string[], cwd: string): string | undefined {
  if (args.some((arg) => UNCACHEABLE.test(arg))) return undefined;
  const hash = createHash('sha256').update(toolchainKey()).update(`\0${cwd}`);
  for (const arg of args) {
    const file = namedFile(arg, cwd);
    hash.update('\0').update(file === undefined ? arg : `${arg.startsWith('-') ? arg.split('=')[0] : ''}\0file:`);
    if (file !== undefined) hash.update(createHash('sha256').update(readFileSync(file)).digest('hex'));
  }
  return hash.digest('hex');
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
 * Runs `go tool pprof ARGS` in `cwd`, whatever its exit code; with GO_PROFILER_PPROF_CACHE, an
 * outcome kept for the same toolchain, flags and file contents is returned without running pprof.
 */
export async function goToolPprofOutcome(args: readonly string[], cwd = process.cwd()): Promise<PprofOutcome> {
  const key = CACHE_DIR === undefined ? undefined : cacheKey(args, cwd);
  const kept = key === undefined ? undefined : path.join(CACHE_DIR!, key);
  if (kept !== undefined && existsSync(kept)) {
    const { code, stdout, stderr } = JSON.parse(readFileSync(kept, 'utf8')) as Record<string, string>;
    return { code: Number(code), stdout: Buffer.from(stdout!, 'base64'), stderr: Buffer.from(stderr!, 'base64') };
  }
  const outcome = await runPprof(args, cwd);
  if (kept !== undefined) {
    // Written under a private name and renamed: test files running at once never read half an answer.
    mkdirSync(CACHE_DIR!, { recursive: true });
    const partial = `${kept}.${process.pid}.tmp`;
    const { code, stdout, stderr } = outcome;
    writeFileSync(
      partial,
      JSON.stringify({ code, stdout: stdout.toString('base64'), stderr: stderr.toString('base64') }),
    );
    renameSync(partial, kept);
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
