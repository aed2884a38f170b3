// Runs the compiled `go-profiler` bin (dist/cli/main.js) once and gives back its exit code and
// output, for the tests that check what a user of the CLI sees.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './fixtures.js';

export const CLI_BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly cwd?: string;
  /** The whole environment of the run (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Never rejects: a failing command is a result with its code (-1 when it was killed by a signal). */
export function runGoProfiler(args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const settings = {
      env: options.env ?? process.env,
      maxBuffer: 64 << 20,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    };
    execFile(process.execPath, [CLI_BIN, ...args], settings, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
