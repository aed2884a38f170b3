// Runs a go-profiler command that ends by serving a viewer (`view`, `capture --open`) as its own
// process, and waits for pprof's "Serving web UI on" line: the real bin, its own signals.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './fixtures.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

export interface ViewerProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Its stdout lines up to the "Serving web UI on" one. */
  readonly lines: readonly string[];
  /** Its stderr so far. */
  stderr(): string;
}

/** Spawns `go-profiler ARGS` and resolves at its "Serving web UI on http://127.0.0.1:PORT" line. */
export async function spawnViewer(
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<ViewerProcess> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout! })) {
    lines.push(line);
    const match = /^Serving web UI on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
    if (match !== null) return { child, url: match[1]!, port: Number(match[2]), lines, stderr: () => stderr };
  }
  throw new Error(`go-profiler ${args.join(' ')} exited without serving: ${stderr}`);
}

/** SIGTERM, then the exit. */
export async function stopViewer(viewer: ViewerProcess): Promise<void> {
  const exited = new Promise((resolve) => viewer.child.once('exit', resolve));
  viewer.child.kill('SIGTERM');
  await exited;
}

/** The total of the viewer's Top view (`/api/top`), as pprof prints it. */
export async function viewerTopTotal(viewer: Pick<ViewerProcess, 'url'>): Promise<string> {
  const response = await fetch(`${viewer.url}/api/top`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { totalText: string }).totalText;
}
