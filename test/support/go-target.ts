// Builds the real Go target from ../shared/gotarget (once per source version: the binary is
// cached in the temp dir under a hash of the sources) and starts it on a free loopback port.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { GOTARGET_DIR } from './fixtures.js';

const run = promisify(execFile);

export interface GoTarget {
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith('.go') || entry.name === 'go.mod'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const builds = new Map<string, Promise<string>>();

/**
 * The path of a binary built from the Go program in `sourceDir`, named `name-HASH` in the temp dir
 * under a hash of its sources: built once per source version, whichever test process comes first.
 */
export function buildGoProgram(sourceDir: string, name: string): Promise<string> {
  let building = builds.get(sourceDir);
  if (building === undefined) {
    building = (async () => {
      const hash = createHash('sha256');
      for (const file of sourceFiles(sourceDir)) hash.update(path.relative(sourceDir, file)).update(readFileSync(file));
      const dir = path.join(os.tmpdir(), `go-profiler-${name}`);
      const binary = path.join(dir, `${name}-${hash.digest('hex').slice(0, 16)}`);
      if (existsSync(binary)) return binary;
      mkdirSync(dir, { recursive: true });
      // Build under a private name and rename: test files building at once never see half a binary.
      const partial = `${binary}.${process.pid}.partial`;
      await run('go', ['build', '-o', partial, '.'], {
        cwd: sourceDir,
        env: { ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod' },
      });
      renameSync(partial, binary);
      return binary;
    })();
    builds.set(sourceDir, building);
  }
  return building;
}

/** The path of a gotarget binary built from the current sources. */
export function buildGoTarget(): Promise<string> {
  return buildGoProgram(GOTARGET_DIR, 'gotarget');
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts gotarget with `args` (its flags, see its README) and waits for its `listening` line. */
export async function startGoTarget(args: readonly string[] = []): Promise<GoTarget> {
  const binary = await buildGoTarget();
  const child = spawn(binary, ['-quiet', '-max-lifetime', '10m', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const match = /^listening (https?:\/\/\S+)$/.exec(line);
      if (match?.[1] === undefined) reject(new Error(`start gotarget: unexpected first line ${JSON.stringify(line)}`));
      else resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`start gotarget: exited with ${code}: ${stderr.trim()}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      running.delete(child);
    },
  };
}

/** A CPU profile runs while net/http/pprof.Profile is on one of the target's goroutines. */
export async function isCpuProfileRunning(target: Pick<GoTarget, 'url'>): Promise<boolean> {
  const dump = await (await fetch(`${target.url}/debug/pprof/goroutine?debug=2`)).text();
  return dump.includes('net/http/pprof.Profile(');
}
