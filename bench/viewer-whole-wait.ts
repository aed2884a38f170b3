// The viewer benchmark's whole wait: what a user waits from typing `go-profiler view FILE` (or
// from sending the processor's POST) to the drawn flame graph, the page opened at once; and the
// first paint of a page opened late (once the viewer's process has gone idle), then reopened.
// Every process is the compiled CLI (dist/), as a user runs it.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { BrowserSession } from '../test/support/browser.js';
import { REPO_ROOT } from '../test/support/fixtures.js';
import { postJson, viewerPort } from '../test/support/test-processor.js';
import { startBusyLoad, type BusyLoad } from './viewer-busy.js';
import { killTree, timePaint, waitForLine, type PaintTiming } from './viewer-page.js';

const CLI = path.join(REPO_ROOT, 'dist/cli/main.js');
const FLAME_DRAWN = 'section.flame-view[data-drawn="true"]';
const LIMIT_MS = 120_000;

/** A whole wait: from the command's start (or the POST) to the drawn graph, and its parts. */
export interface WholeWait {
  /** Until "Serving web UI" was printed (or the POST answered). */
  readonly readyMs: number;
  /** The page opened at once: its first paint and its HTML, from navigation. */
  readonly atOnce: PaintTiming;
  /** From the command's start (or the POST's) to the drawn flame graph. */
  readonly wholeMs: number;
}

/** The page opened once the viewer's process is idle, then once more. */
export interface LateOpen {
  readonly late: PaintTiming;
  readonly reopened: PaintTiming;
}

function startView(file: string, settings: string): ChildProcess {
  return spawn(process.execPath, [CLI, 'view', '--no-browser', '--settings', settings, file], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'UTC' },
  });
}

/** `go-profiler view FILE`, its page opened as soon as it prints its URL. */
export async function measureViewWholeWait(browser: BrowserSession, file: string): Promise<WholeWait> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-view-'));
  const started = performance.now();
  const child = startView(file, path.join(scratch, 'settings.json'));
  try {
    const line = await waitForLine(child, /Serving web UI on (http:\/\/\S+)/, started + LIMIT_MS);
    const readyMs = performance.now() - started;
    const atOnce = await timePaint(browser, line[1]!, FLAME_DRAWN, LIMIT_MS);
    return { readyMs, atOnce, wholeMs: atOnce.navigatedAt - started + atOnce.paintMs };
  } finally {
    killTree(child);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** CPU time (user + system, all threads) a process has used, in clock ticks. */
function cpuTicksOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15 of stat(5)
}

/** Resolves once the process has used no CPU for `quietMs` (its start-up work done). */
async function waitUntilIdle(pid: number, quietMs = 500): Promise<void> {
  let last = cpuTicksOf(pid);
  let quietSince = performance.now();
  while (performance.now() - quietSince < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = cpuTicksOf(pid);
    if (now !== last) quietSince = performance.now();
    last = now;
  }
}

/** `go-profiler view FILE`, its page opened once the process has gone idle, then again. */
export async function measureViewLate(browser: BrowserSession, file: string): Promise<LateOpen> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-view-'));
  const child = startView(file, path.join(scratch, 'settings.json'));
  try {
    const line = await waitForLine(child, /Serving web UI on (http:\/\/\S+)/, performance.now() + LIMIT_MS);
    await waitUntilIdle(child.pid!);
    const late = await timePaint(browser, line[1]!, FLAME_DRAWN, LIMIT_MS);
    const reopened = await timePaint(browser, line[1]!, FLAME_DRAWN, LIMIT_MS);
    return { late, reopened };
  } finally {
    killTree(child);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The profile type a fixture was captured as (its name's first word), in the processor's spelling. */
function captureTypeOf(name: string): string {
  const kind = name.split('-')[0]!;
  const types: Record<string, string> = { cpu: 'Profile', threadcreate: 'ThreadCreate' };
  return types[kind] ?? `${kind[0]!.toUpperCase()}${kind.slice(1)}`;
}

/** A processor (`go-profiler serve`) and a loopback server playing the Go program, serving one file at a time. */
export interface PostBench {
  measure(browser: BrowserSession, file: string): Promise<WholeWait>;
  /** The processor's other sessions and their background queries (`--busy N`), when N > 0. */
  readonly busy: BusyLoad | undefined;
  close(): Promise<void>;
}

/** Starts the processor; with `busy` > 0 it holds that many other sessions, queried all along (viewer-busy.ts). */
export async function startPostBench(busy = 0): Promise<PostBench> {
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'bench-viewer-data-'));
  const processor = spawn(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', '--data-root', dataRoot], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: processor.stdout! }).on('line', (line) => {
      const match = /processor listening on (http:\/\/\S+)\/processor\/goProfiler/.exec(line);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    processor.once('exit', () => reject(new Error('bench: the processor exited before listening')));
  });
  let served: Uint8Array = new Uint8Array();
  // Plays the Go program: whatever it is asked for, the file being measured.
  const target: Server = createServer((_, response) => response.end(served));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const { port } = target.address() as { port: number };
  const busyLoad =
    busy > 0 ? await startBusyLoad(url, `http://127.0.0.1:${port}`, (bytes) => (served = bytes), busy) : undefined;
  return {
    busy: busyLoad,
    async measure(browser, file) {
      served = new Uint8Array(readFileSync(file));
      const name = path.basename(file);
      const started = performance.now();
      const { status, json } = await postJson(`${url}/processor/goProfiler`, {
        source: `http://127.0.0.1:${port}`, // the processor asks for /debug/pprof/<type>
        type: captureTypeOf(name),
      });
      if (status !== 200) throw new Error(`POST answered ${status}: ${JSON.stringify(json)}`);
      const readyMs = performance.now() - started;
      const atOnce = await timePaint(browser, `http://127.0.0.1:${viewerPort(json)}/`, FLAME_DRAWN, LIMIT_MS);
      return { readyMs, atOnce, wholeMs: atOnce.navigatedAt - started + atOnce.paintMs };
    },
    async close() {
      await busyLoad?.stop();
      await new Promise((resolve) => target.close(resolve));
      killTree(processor);
      rmSync(dataRoot, { recursive: true, force: true });
    },
  };
}
