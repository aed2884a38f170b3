// Runs the reference implementation, `go tool pprof`, with TZ=UTC (it prints local time).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Returns pprof's stdout for `go tool pprof ARGS`; throws with its stderr on failure. No time limit: the runner's hang guard is the only one. */
export async function goToolPprof(args: readonly string[]): Promise<string> {
  const { stdout } = await run('go', ['tool', 'pprof', ...args], {
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** The total of pprof's "Showing nodes accounting for X, P% of TOTAL total" line. */
export function pprofTotal(topOutput: string): string {
  const match = /% of (\S+) total/.exec(topOutput);
  if (match?.[1] === undefined) throw new Error(`no total in pprof output:\n${topOutput.slice(0, 500)}`);
  return match[1];
}
