// `npm run bench:trust`: what SPEC §5 promises under load, measured on the processor as shipped
// (compiled CLI): the latency of `/healthz` while four viewers of large profiles run heavy queries
// (next to its latency on an idle processor, measured in the same run), and the processor's RSS
// with `--max-sessions` reached (the next POST must be a 503). `--quick` runs shorter.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '../test/support/fixtures.js';
import { spawnServe, type ServeProcess } from '../test/support/serve-process.js';
import { postJson } from '../test/support/test-processor.js';

const quick = process.argv.includes('--quick');
const LOAD_SECONDS = quick ? 10 : 30;
const HEAVY_VIEWERS = 4;
const MAX_SESSIONS = quick ? 40 : 100;
const R = 'diagnoser.runtime.go_profiler.result.';

/** The heavy queries each loaded viewer runs in turn (a Peek of every line, evil regexps, a graph...). */
const HEAVY_QUERIES = [
  '/api/peek?g=lines&n=0',
  '/api/top?f=(.%2B)%2BQQQ',
  '/api/top?h=(a%2A)%2Ab&i=(x%2Bx%2B)%2By',
  '/api/graph?n=80',
  '/api/flamegraph?g=lines',
  '/api/source?n=0',
];

/** A loopback server answering `/debug/pprof/heap` with a fixture's bytes, as a Go program would. */
async function serveFixture(name: string): Promise<{ url: string; close(): Promise<void> }> {
  const bytes = readFileSync(fixturePath(name));
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024;
}

async function capture(processor: ServeProcess, source: string): Promise<{ status: number; viewer?: string }> {
  const { status, json } = await postJson(`${processor.url}/processor/goProfiler`, {
    source,
    type: 'Heap',
    expirationSeconds: 3600,
  });
  const viewer = /^Visit (http:\/\/\S+?), this server/.exec(String(json[`${R}endpoint`] ?? ''))?.[1];
  return viewer === undefined ? { status } : { status, viewer };
}

/** Polls `/healthz` back to back for `seconds`, returning each answer's latency in ms. */
async function healthzLatencies(url: string, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const start = performance.now();
    const response = await fetch(`${url}/healthz`);
    await response.text();
    latencies.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return latencies;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

const describeLatencies = (values: number[]) =>
  `p50 ${percentile(values, 0.5).toFixed(1)} ms, p99 ${percentile(values, 0.99).toFixed(1)} ms, ` +
  `max ${Math.max(...values).toFixed(1)} ms over ${values.length} requests`;

/** Runs the heavy queries against `viewer` one after the other until `stop` says so. */
async function loadViewer(viewer: string, stop: () => boolean): Promise<{ done: number; codes: Set<number> }> {
  let done = 0;
  const codes = new Set<number>();
  for (let at = 0; !stop(); at = (at + 1) % HEAVY_QUERIES.length) {
    const response = await fetch(`${viewer}${HEAVY_QUERIES[at]!}`);
    await response.arrayBuffer();
    codes.add(response.status);
    done++;
  }
  return { done, codes };
}

async function benchHealthzUnderLoad(source: string): Promise<void> {
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-bench-trust-'));
  const processor = await spawnServe(['--listen', '127.0.0.1:0', '--data-root', dataRoot]);
  try {
    const idle = await healthzLatencies(processor.url, 3);
    const viewers: string[] = [];
    for (let i = 0; i < HEAVY_VIEWERS; i++) {
      const { status, viewer } = await capture(processor, source);
      if (status !== 200 || viewer === undefined) throw new Error(`bench: capture ${i} answered ${status}`);
      viewers.push(viewer);
    }
    let stopping = false;
    const loads = viewers.map((viewer) => loadViewer(viewer, () => stopping));
    const loaded = await healthzLatencies(processor.url, LOAD_SECONDS);
    stopping = true;
    const results = await Promise.all(loads);
    const queries = results.reduce((sum, result) => sum + result.done, 0);
    const codes = [...new Set(results.flatMap((result) => [...result.codes]))].sort().join(',');
    console.log(`healthz idle:                     ${describeLatencies(idle)}`);
    console.log(
      `healthz, ${HEAVY_VIEWERS} heap-large viewers busy: ${describeLatencies(loaded)} ` +
        `(${queries} heavy queries answered, codes ${codes}) | p99 ratio loaded/idle ${(percentile(loaded, 0.99) / percentile(idle, 0.99)).toFixed(1)}`,
    );
    console.log(`RSS with ${HEAVY_VIEWERS} heap-large sessions: ${rssMbOf(processor.child.pid!).toFixed(0)} MB`);
  } finally {
    await processor.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

async function benchMaxSessions(source: string): Promise<void> {
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-bench-trust-'));
  const processor = await spawnServe([
    '--listen',
    '127.0.0.1:0',
    '--data-root',
    dataRoot,
    '--max-sessions',
    String(MAX_SESSIONS),
  ]);
  try {
    const idleMb = rssMbOf(processor.child.pid!);
    for (let i = 0; i < MAX_SESSIONS; i++) {
      const { status } = await capture(processor, source);
      if (status !== 200) throw new Error(`bench: capture ${i} answered ${status}`);
    }
    const fullMb = rssMbOf(processor.child.pid!);
    const { status } = await capture(processor, source);
    console.log(
      `--max-sessions ${MAX_SESSIONS} (heap-medium): RSS idle ${idleMb.toFixed(0)} MB, with ${MAX_SESSIONS} sessions ` +
        `${fullMb.toFixed(0)} MB (${((fullMb - idleMb) / MAX_SESSIONS).toFixed(1)} MB per session); one more: HTTP ${status}`,
    );
  } finally {
    await processor.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

console.log(`trust benchmark (${quick ? 'quick' : 'full'}; ${os.cpus().length} cores, node ${process.version})`);
const large = await serveFixture('heap-large.pb.gz');
const medium = await serveFixture('heap-medium.pb.gz');
try {
  await benchHealthzUnderLoad(large.url);
  await benchMaxSessions(medium.url);
} finally {
  await Promise.all([large.close(), medium.close()]);
}
