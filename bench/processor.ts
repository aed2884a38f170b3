// `npm run bench:processor`: the processor as shipped (compiled CLI) against the real Go target in
// the fixtures' small and medium shapes. Prints the POST latency of a heap capture next to a bare
// GET of the same endpoint in the same run (Go's own serving time, the floor), and the processor's
// RSS with 20 and with 100 live sessions of the medium fixtures, heap, allocs, cpu and goroutine
// mixed (served by a loopback server of the bench's own): all active (each queried), then all idle
// (their decoded profiles dropped, `--session-idle-seconds`), then the first answer of a heap
// session decoded again, next to `go tool pprof -top` on the same file. `--quick` takes fewer
// rounds; `--sessions 20,100` sets the session counts; `--rss-only` skips the latency rounds;
// `--shapes small` picks the shapes; `--cli PATH` runs another build's CLI (main's, for the
// figures before), `--no-idle` for a build without `--session-idle-seconds`; `--no-image-env` without
// the image's malloc setting (deploy/Dockerfile). Then the sessions queried round-robin in a 2 GiB
// pod's budget, with the first answers after a budget drop per type (`--round-robin-only`: only that).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, startProcessor, timeIt } from './processor-process.js';
import { benchMixedSessions } from './processor-sessions.js';
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
const CLI = path.resolve(argument('--cli', path.join(REPO_ROOT, 'dist/cli/main.js')));
const IDLE = !process.argv.includes('--no-idle');

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

async function benchLatency(name: string, target: GoTarget, dataRoot: string): Promise<void> {
  const processor = await startProcessor(CLI, dataRoot);
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

async function benchShape(name: string, target: GoTarget): Promise<void> {
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), `go-profiler-bench-${name}-`));
  try {
    await benchLatency(name, target, dataRoot);
  } finally {
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

console.log(
  `processor benchmark (${quick ? 'quick' : 'full'}; ${os.cpus().length} cores, node ${process.version}; ` +
    `load ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}; ${path.relative(process.cwd(), CLI)})`,
);
for (const sessions of SESSION_COUNTS)
  await benchMixedSessions(CLI, sessions, IDLE, {
    roundRobinOnly: process.argv.includes('--round-robin-only'),
    rssOnly,
  });
for (const [name, args] of Object.entries(SHAPES).filter(([shape]) => SHAPE_NAMES.includes(shape) && !rssOnly)) {
  const target = await startGoTarget(args);
  try {
    await benchShape(name, target);
  } finally {
    await target.stop();
  }
}
