// Runs the shipped `go-profiler serve` (compiled dist/cli/main.js, as `npx go-profiler` runs it) in
// a process of its own, with no cluster from the machine running the tests, and waits for its
// "processor listening" log line: the real process, its own event loop, its own signals.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './fixtures.js';

export const SERVE_BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

export interface ServeProcess {
  readonly child: ChildProcess;
  /** `http://HOST:PORT` of the processor's API. */
  readonly url: string;
  readonly port: number;
  /** Every stdout line so far (JSON log lines). */
  readonly lines: string[];
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (unless it already exited), then wait for the exit. */
  stop(): Promise<void>;
}

export interface ServeProcessOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** A shell line run before exec'ing node, e.g. `ulimit -n 128`. */
  readonly shellPrefix?: string;
}

/** Spawns `go-profiler serve ARGS` and resolves once it listens; rejects, with its stderr, if it exits first. */
export async function spawnServe(args: readonly string[], options: ServeProcessOptions = {}): Promise<ServeProcess> {
  assert.ok(existsSync(SERVE_BIN), `${SERVE_BIN} is missing: run npm run build (npm test does)`);
  const env = { ...process.env, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '', ...options.env };
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  const child =
    options.shellPrefix === undefined
      ? spawn(process.execPath, [SERVE_BIN, 'serve', ...args], { env, stdio })
      : spawn('sh', ['-c', `${options.shellPrefix} && exec "$0" "$@"`, process.execPath, SERVE_BIN, 'serve', ...args], {
          env,
          stdio,
        });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const match = /processor listening on (http:\/\/\S+)\/processor\/goProfiler/.exec(line);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    url,
    port: Number(new URL(url).port),
    lines,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
