// Runs the reference implementation, `go tool pprof`, on a file (TZ=UTC, as every comparison).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** `go tool pprof ARGS FILE`'s stdout; rejects when pprof cannot read the file. */
export async function goToolPprof(args: readonly string[], file: string): Promise<string> {
  const { stdout } = await promisify(execFile)('go', ['tool', 'pprof', ...args, file], {
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** The total of pprof's "Showing nodes accounting for X, P% of TOTAL total" line. */
export function pprofTotal(topOutput: string): string {
  const match = /% of (\S+) total/.exec(topOutput);
  if (match?.[1] === undefined) throw new Error(`no total in pprof output:\n${topOutput.slice(0, 500)}`);
  return match[1];
}
