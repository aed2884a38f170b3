// bench:processor's sessions part: the processor's RSS with N live sessions of the medium fixtures
// (heap, allocs, cpu, goroutine in turn, served by a loopback server of the bench's own), first all
// active, then, in a fresh process with a short `--session-idle-seconds`, all idle with their decoded
// profiles dropped; then the first answers of a heap session decoded again, next to `go tool pprof
// -top` on the same file in the same run (the ratio is the figure; the milliseconds depend on load).
// Last, all active in a 2 GiB pod's budget (`--pod-limit-mib` for another): every session queried in turn within the idle time, the
// least recently queried profiles dropped to make room, and the first answers of each medium type
// decoded again.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PROFILE_BUDGET_SHARE } from '../src/processor/memory-budget.js';
import { fixturePath } from '../test/support/fixtures.js';
import { goToolPprof } from '../test/support/go-pprof.js';
import { postJson, viewerPort } from '../test/support/test-processor.js';
import { IMAGE_ENV, median, memoryOf, startProcessor, timeIt, type Processor } from './processor-process.js';

/** `--no-image-env`: glibc's malloc as it is by default, not as the image sets it. */
const ENV = process.argv.includes('--no-image-env') ? {} : IMAGE_ENV;

/** The sessions' mix, in turn: the request type, its fixture, the path Go serves it on. */
const MIX = [
  { type: 'Heap', fixture: 'heap-medium.pb.gz', route: 'heap' },
  { type: 'Allocs', fixture: 'allocs-medium.pb.gz', route: 'allocs' },
  { type: 'Profile', fixture: 'cpu-medium.pb.gz', route: 'profile' },
  { type: 'Goroutine', fixture: 'goroutine-medium.pb.gz', route: 'goroutine' },
] as const;

/** Short, so that the bench does not wait long; the processor's default is 60 s. */
const IDLE_SECONDS = 5;

/** The DaemonSet's memory limit (deploy/), 2 GiB; `--pod-limit-mib N` for another. */
const POD_LIMIT_MIB = process.argv.includes('--pod-limit-mib')
  ? Number(process.argv[process.argv.indexOf('--pod-limit-mib') + 1])
  : 2048;
/** Longer than the bench: in the round-robin scenario only the budget drops profiles. */
const ROUND_ROBIN_IDLE_SECONDS = 3600;

/** Serves each fixture of the mix on its /debug/pprof/ path, as a Go program would. */
async function startFixtureServer(): Promise<{ url: string; close(): Promise<void> }> {
  const bodies = new Map(MIX.map(({ route, fixture }) => [route, readFileSync(fixturePath(fixture))]));
  const server = http.createServer((request, response) => {
    const route = /^\/debug\/pprof\/(\w+)/.exec(request.url ?? '')?.[1] ?? '';
    const body = bodies.get(route as (typeof MIX)[number]['route']);
    if (body === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Opens `count` sessions of the mix; returns each one's viewer port and type. */
async function openSessions(processor: Processor, source: string, count: number) {
  const sessions: { port: number; type: string }[] = [];
  for (let i = 0; i < count; i++) {
    const { type } = MIX[i % MIX.length]!;
    const { status, json } = await postJson(`${processor.url}/processor/goProfiler`, {
      source,
      type,
      ...(type === 'Profile' ? { seconds: 1 } : {}),
    });
    if (status !== 200) throw new Error(`bench: POST ${i} (${type}) answered ${status}: ${JSON.stringify(json)}`);
    sessions.push({ port: viewerPort(json), type });
  }
  return sessions;
}

async function gauge(processor: Processor, name: string): Promise<number> {
  const text = await (await fetch(`${processor.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name} `));
  return Number(line?.slice(name.length + 1));
}

async function get(port: number, route: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}${route}`);
  if (response.status !== 200) throw new Error(`bench: ${route} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));
const mb = (value: number) => `${value.toFixed(0)} MB`;

/** RSS with `count` active sessions; with `idle`, then dropped, and the first answers decoded again. */
export async function benchMixedSessions(
  cli: string,
  count: number,
  idle: boolean,
  scenarios: { readonly roundRobinOnly?: boolean; readonly rssOnly?: boolean } = {},
): Promise<void> {
  const source = await startFixtureServer();
  try {
    if (scenarios.roundRobinOnly !== true) {
      await benchActive(cli, source.url, count, idle);
      if (idle) await benchIdle(cli, source.url, count);
    }
    if (idle) await benchRoundRobin(cli, source.url, count, scenarios.rssOnly === true);
  } finally {
    await source.close();
  }
}

/** Each process has a data root of its own: another's sessions would be restored in it. */
async function withDataRoot(run: (dataRoot: string) => Promise<void>): Promise<void> {
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-bench-sessions-'));
  try {
    await run(dataRoot);
  } finally {
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

const benchActive = (cli: string, source: string, count: number, idle: boolean) =>
  withDataRoot(async (dataRoot) => {
    const active = await startProcessor(cli, dataRoot, idle ? ['--session-idle-seconds', '0'] : [], ENV);
    try {
      const empty = memoryOf(active.child.pid!).rssMb;
      const sessions = await openSessions(active, source, count);
      // Every session answered once more, as a user's tab that stays open (its warm-up is done by then).
      for (const { port } of sessions) await get(port, '/api/top');
      await settle();
      const { rssMb, peakMb } = memoryOf(active.child.pid!);
      const held = (await gauge(active, 'go_profiler_session_bytes')) / 1e6;
      console.log(
        `sessions ${count} mixed medium, all active: RSS ${mb(rssMb)} (empty ${mb(empty)}, ` +
          `${((rssMb - empty) / count).toFixed(1)} MB per session; decoded ${mb(held)}) | peak ${mb(peakMb)}`,
      );
    } finally {
      await active.stop();
    }
  });

const benchIdle = (cli: string, source: string, count: number) =>
  withDataRoot(async (dataRoot) => {
    const processor = await startProcessor(cli, dataRoot, ['--session-idle-seconds', String(IDLE_SECONDS)], ENV);
    try {
      const empty = memoryOf(processor.child.pid!).rssMb;
      const sessions = await openSessions(processor, source, count);
      while ((await gauge(processor, 'go_profiler_session_bytes')) > 0) await settle();
      await settle();
      const dropped = memoryOf(processor.child.pid!);
      console.log(
        `sessions ${count} mixed medium, all idle (dropped): RSS ${mb(dropped.rssMb)} (empty ${mb(empty)}, ` +
          `${((dropped.rssMb - empty) / count).toFixed(1)} MB per session) | peak ${mb(dropped.peakMb)}`,
      );
      const heaps = sessions.filter(({ type }) => type === 'Heap').map(({ port }) => port);
      const rounds = Math.min(3, heaps.length);
      const flame: number[] = [];
      const top: number[] = [];
      const pprof: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // Two different dropped sessions: each first answer pays its decoding.
        flame.push(await timeIt(() => get(heaps[round]!, '/api/flamegraph')));
        top.push(await timeIt(() => get(heaps[heaps.length - 1 - round]!, '/api/top')));
        pprof.push(await timeIt(() => goToolPprof(['-top', fixturePath('heap-medium.pb.gz')])));
      }
      const [flameMs, topMs, pprofMs] = [median(flame), median(top), median(pprof)];
      console.log(
        `first answer of a dropped heap-medium session (median of ${rounds}): flame graph ${flameMs.toFixed(0)} ms, ` +
          `top ${topMs.toFixed(0)} ms | go tool pprof -top ${pprofMs.toFixed(0)} ms | ` +
          `ratios ${(flameMs / pprofMs).toFixed(2)}, ${(topMs / pprofMs).toFixed(2)}; ` +
          `RSS after ${mb(memoryOf(processor.child.pid!).rssMb)}`,
      );
    } finally {
      await processor.stop();
    }
  });

/** `count` sessions of the mix, each queried in turn, in the budget of a 2 GiB pod. */
const benchRoundRobin = (cli: string, source: string, count: number, rssOnly: boolean) =>
  withDataRoot(async (dataRoot) => {
    const env = { ...ENV, GO_PROFILER_MEMORY_LIMIT_BYTES: String(POD_LIMIT_MIB * 1024 ** 2) };
    const args = ['--session-idle-seconds', String(ROUND_ROBIN_IDLE_SECONDS)];
    const processor = await startProcessor(cli, dataRoot, args, env);
    try {
      const empty = memoryOf(processor.child.pid!).rssMb;
      const sessions = await openSessions(processor, source, count);
      const opened = memoryOf(processor.child.pid!).rssMb;
      // Round-robin: each session's query decodes it again when the budget had dropped it.
      for (const { port } of sessions) await get(port, '/api/top');
      await settle();
      const { rssMb, peakMb } = memoryOf(processor.child.pid!);
      const held = (await gauge(processor, 'go_profiler_session_bytes')) / 1e6;
      console.log(
        `sessions ${count} mixed medium, queried round-robin in a ${POD_LIMIT_MIB} MiB pod's budget ` +
          `(${(POD_LIMIT_MIB * PROFILE_BUDGET_SHARE).toFixed(0)} MiB): RSS ${mb(rssMb)} ` +
          `(empty ${mb(empty)}, after opening ${mb(opened)}; decoded held ${mb(held)}) | peak ${mb(peakMb)}`,
      );
      if (!rssOnly) await firstAnswersAfterDrop(processor, sessions);
    } finally {
      await processor.stop();
    }
  });

/**
 * The first answers of sessions whose profiles the budget dropped (the earliest queried of the
 * round), per type: a flame graph on one, a top on another, next to `go tool pprof -top`.
 */
async function firstAnswersAfterDrop(processor: Processor, sessions: readonly { port: number; type: string }[]) {
  for (const { type, fixture } of MIX) {
    const [flameSession, topSession] = sessions.filter((session) => session.type === type);
    if (flameSession === undefined || topSession === undefined) continue;
    const flameMs = await timeIt(() => get(flameSession.port, '/api/flamegraph'));
    const topMs = await timeIt(() => get(topSession.port, '/api/top'));
    const pprofMs = await timeIt(() => goToolPprof(['-top', fixturePath(fixture)]));
    console.log(
      `first answer after a budget drop, ${fixture}: flame graph ${flameMs.toFixed(0)} ms, top ${topMs.toFixed(0)} ms | ` +
        `go tool pprof -top ${pprofMs.toFixed(0)} ms | ratios ${(flameMs / pprofMs).toFixed(2)}, ` +
        `${(topMs / pprofMs).toFixed(2)}; RSS ${mb(memoryOf(processor.child.pid!).rssMb)}`,
    );
  }
}
