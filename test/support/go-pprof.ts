// Runs the reference implementation, `go tool pprof`, with TZ=UTC (it prints local time); under
// `npm test`, each answer is kept for the rest of the run and the next runs of the same checkout.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

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

let toolchain: Promise<string> | undefined;

/** The Go version and its pprof binary's size and time: a new toolchain answers afresh. */
function toolchainKey(): Promise<string> {
  toolchain ??= run('go', ['env', 'GOVERSION', 'GOTOOLDIR']).then(({ stdout }) => {
    const [version, toolDir] = stdout.trim().split('\n');
    const pprof = statSync(path.join(toolDir ?? '', 'pprof'));
    return `${version} ${pprof.size} ${pprof.mtimeMs}`;
  });
  return toolchain;
}

/** The file an argument names, alone or as a flag's `=value`, if it is one. */
function namedFile(arg: string): string | undefined {
  const value = !arg.startsWith('-') ? arg : arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
  return value !== undefined && existsSync(value) && statSync(value).isFile() ? value : undefined;
}

/** The cache key of `args`: each file named stands for its content's hash, wherever it lies. */
async function cacheKey(args: readonly string[]): Promise<string | undefined> {
  if (args.some((arg) => UNCACHEABLE.test(arg))) return undefined;
  const hash = createHash('sha256').update(await toolchainKey());
  for (const arg of args) {
    const file = namedFile(arg);
    hash.update('\0').update(file === undefined ? arg : `${arg.slice(0, arg.length - file.length)}\0file:`);
    if (file !== undefined) hash.update(createHash('sha256').update(readFileSync(file)).digest('hex'));
  }
  return hash.digest('hex');
}

/** Returns pprof's stdout for `go tool pprof ARGS`; throws with its stderr on failure. No time limit: the runner's hang guard is the only one. */
export async function goToolPprof(args: readonly string[]): Promise<string> {
  const key = CACHE_DIR === undefined ? undefined : await cacheKey(args);
  const kept = key === undefined ? undefined : path.join(CACHE_DIR!, key);
  if (kept !== undefined && existsSync(kept)) return readFileSync(kept, 'utf8');
  const { stdout } = await run('go', ['tool', 'pprof', ...args], {
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (kept !== undefined) {
    // Written under a private name and renamed: test files running at once never read half an answer.
    mkdirSync(CACHE_DIR!, { recursive: true });
    const partial = `${kept}.${process.pid}.tmp`;
    writeFileSync(partial, stdout);
    renameSync(partial, kept);
  }
  return stdout;
}

/** The total of pprof's "Showing nodes accounting for X, P% of TOTAL total" line. */
export function pprofTotal(topOutput: string): string {
  const match = /% of (\S+) total/.exec(topOutput);
  if (match?.[1] === undefined) throw new Error(`no total in pprof output:\n${topOutput.slice(0, 500)}`);
  return match[1];
}
