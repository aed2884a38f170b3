// Builds and starts test/support/advice-target (a Go program serving net/http/pprof with the knobs
// the preflight advice needs: WriteTimeout seen or hidden, a request timeout, MemProfileRate 0).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './fixtures.js';
import { buildGoProgram, type GoTarget } from './go-target.js';

const SOURCE_DIR = path.join(REPO_ROOT, 'test/support/advice-target');

/** The advicetarget binary, built once per source version (cached in the temp dir, as gotarget). */
function buildAdviceTarget(): Promise<string> {
  return buildGoProgram(SOURCE_DIR, 'advicetarget');
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
