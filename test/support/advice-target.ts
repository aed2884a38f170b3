// Builds and starts test/support/advice-target (a Go program serving net/http/pprof with the knobs
// the preflight advice needs: WriteTimeout seen or hidden, a request timeout, MemProfileRate 0).

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { REPO_ROOT } from './fixtures.js';
import type { GoTarget } from './go-target.js';

const SOURCE_DIR = path.join(REPO_ROOT, 'test/support/advice-target');

let building: Promise<string> | undefined;

/** The advicetarget binary, built once per test process into a directory of its own. */
function buildAdviceTarget(): Promise<string> {
  building ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-advicetarget-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const binary = path.join(dir, 'advicetarget');
    await promisify(execFile)('go', ['build', '-o', binary, '.'], {
      cwd: SOURCE_DIR,
      env: { ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod' },
    });
    return binary;
  })();
  return building;
}

/** Starts advicetarget with `args` (its flags, see its main.go) once it prints its `listening` line. */
export async function startAdviceTarget(args: readonly string[]): Promise<GoTarget> {
  const child = spawn(await buildAdviceTarget(), args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const match = /^listening (http:\/\/\S+)$/.exec(line);
      if (match?.[1] === undefined) reject(new Error(`start advicetarget: unexpected line ${JSON.stringify(line)}`));
      else resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`start advicetarget: exited with ${code}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
