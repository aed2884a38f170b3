// `npm run bench:processor`: the processor as shipped (compiled CLI) against the real Go target in
// the fixtures' small and medium shapes. Prints the POST latency of a heap capture next to a bare
// GET of the same endpoint in the same run (Go's own serving time, the floor), and the processor's
// RSS with 20 and with 100 live sessions. `--quick` takes fewer rounds; `--sessions 20,100` sets
// the session counts; `--rss-only` skips the latency rounds; `--shapes small` picks the shapes.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../test/support/fixtures.js';
import { startGoTarget, type GoTarget } from '../test/support/go-target.js';
import { postJson } from '../test/support/test-processor.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 9;
const rssOnly = process.argv.includes('--rss-only');

/** The value of `--name VALUE`, else `fallback`. */
function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : (process.argv[at + 1] ?? fallback);
}
const SESSION_COUNTS = argument('--sessions', '20,100').split(',').map(Number);
const SHAPE_NAMES = argument('--shapes', 'small,medium').split(',');

/** The fixtures' target commands (../shared/fixtures/README.md), heap-relevant flags only. */
const SHAPES: Record<string, string[]> = {
  small: ['-seed', '1', '-stacks', '16', '-depth', '8', '-goroutines', '24', '-leak', '1', '-memprofilerate', '4096'],
  medium: [
    '-seed',
    '2',
    '-stacks',
    '40000',
    '-depth',
    '24',
    '-goroutines',
    '4000',
    '-leak',
    '64',
    '-memprofilerate',
    '1',
    '-cpu',
    '2',
    '-cpu-stacks',
    '4000',
    '-labels',
  ],
};

interface Processor {
  readonly url: string;
  readonly child: ChildProcess;
  /** The `timingsMs` of each "viewer opened" log line so far. */
  readonly timings: Record<string, number>[];
  stop(): Promise<void>;
}

/** The compiled CLI, as a user runs it (logging at info, to a pipe we drain). */
async function startProcessor(dataRoot: string): Promise<Processor> {
  const bin = path.join(REPO_ROOT, 'dist/cli/main.js');
  const child = spawn(process.execPath, [bin, 'serve', '--listen', '127.0.0.1:0', '--data-root', dataRoot], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timings: Record<string, number>[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"viewer opened"'))
        timings.push((JSON.parse(line) as { timingsMs: Record<string, number> }).timingsMs);
      const match = /processor listening on (http:\/\/\S+)\/processor\/goProfiler/.exec(line);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then(() => reject(new Error('bench: the processor exited before listening')));
  });
  return {
    url,
    child,
    timings,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeIt(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

async function benchLatency(name: string, target: GoTarget, dataRoot: string): Promise<void> {
  const processor = await startProcessor(dataRoot);
  try {
    const post = async () => {
      const { status, json } = await postJson(`${processor.url}/processor/goProfiler`, {
        source: target.url,
        type: 'Heap',
      });
      if (status !== 200) throw new Error(`bench: POST answered ${status}: ${JSON.stringify(json)}`);
    };
    const directGet = async () => {
      const response = await fetch(`${target.url}/debug/pprof/heap`);
      return response.arrayBuffer();
    };
    const gzipBytes = (await directGet()).byteLength;
    await post(); // warm-up: JIT, first Secret-less path, folders
    const posts: number[] = [];
    const gets: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      gets.push(await timeIt(directGet));
      posts.push(await timeIt(post));
    }
    const [postMs, getMs] = [median(posts), median(gets)];
    console.log(
      `${name.padEnd(6)} heap ${(gzipBytes / 1024).toFixed(0).padStart(6)} KiB gzip | POST ${postMs.toFixed(0).padStart(5)} ms | ` +
        `bare GET ${getMs.toFixed(0).padStart(5)} ms | POST/GET ${(postMs / getMs).toFixed(2)} | our overhead ${(postMs - getMs).toFixed(0)} ms (median of ${ROUNDS})`,
    );
    const steps = Object.keys(processor.timings[0] ?? {});
    const breakdown = steps
      .map((step) => `${step} ${median(processor.timings.slice(1).map((t) => t[step]!))}`)
      .join(', ');
    console.log(`${name.padEnd(6)} inside the processor (median ms): ${breakdown}`);
  } finally {
    await processor.stop();
  }
}

/** RSS with `sessions` live viewers, in a fresh process. */
async function benchSessions(name: string, target: GoTarget, dataRoot: string, sessions: number): Promise<void> {
  const fresh = await startProcessor(dataRoot);
  try {
    const idle = memoryOf(fresh.child.pid!);
    for (let i = 0; i < sessions; i++) {
      const { status } = await postJson(`${fresh.url}/processor/goProfiler`, { source: target.url, type: 'Heap' });
      if (status !== 200) throw new Error(`bench: POST ${i} answered ${status}`);
    }
    const live = memoryOf(fresh.child.pid!);
    console.log(
      `${name.padEnd(6)} RSS idle ${idle.rssMb.toFixed(0)} MB | with ${sessions} live sessions ${live.rssMb.toFixed(0)} MB ` +
        `(${((live.rssMb - idle.rssMb) / sessions).toFixed(1)} MB per session) | peak ${live.peakMb.toFixed(0)} MB`,
    );
  } finally {
    await fresh.stop();
  }
}

async function benchShape(name: string, target: GoTarget): Promise<void> {
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), `go-profiler-bench-${name}-`));
  try {
    if (!rssOnly) await benchLatency(name, target, dataRoot);
    for (const sessions of SESSION_COUNTS) await benchSessions(name, target, dataRoot, sessions);
  } finally {
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

console.log(`processor benchmark (${quick ? 'quick' : 'full'}; ${os.cpus().length} cores, node ${process.version})`);
for (const [name, args] of Object.entries(SHAPES).filter(([shape]) => SHAPE_NAMES.includes(shape))) {
  const target = await startGoTarget(args);
  try {
    await benchShape(name, target);
  } finally {
    await target.stop();
  }
}
