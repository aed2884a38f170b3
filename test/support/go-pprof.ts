// Runs the reference implementation, `go tool pprof`, with TZ=UTC (it prints local time).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Returns pprof's stdout for `go tool pprof ARGS`; throws with its stderr on failure. */
export async function goToolPprof(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<string> {
  const { stdout } = await run('go', ['tool', 'pprof', ...args], {
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 600_000,
  });
  return stdout;
}
