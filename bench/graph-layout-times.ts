// The Graph view's layout alone, for `npm run bench:viewer -- --views graph`: our Graphviz
// (WebAssembly in its worker thread, a dense graph in two stages) on pprof's default graph (n=80)
// of each file, against `go tool pprof -dot FILE` and then native Graphviz `dot -Tsvg` on its DOT,
// each timed, in the same run; the layout's ratio is against `dot` alone. The native pipeline gets a time limit: on a dense CPU profile it runs for
// minutes. Needs Graphviz's `dot` on PATH for the native side (`apt-get install graphviz`).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCallGraph, DEFAULT_QUERY_OPTIONS, formatDot, joinChunks } from '../src/query/index.js';
import { WorkerGraphLayout } from '../src/web/graph-layout.js';
import { fixturePath, loadFixture } from '../test/support/fixtures.js';

export interface GraphLayoutTiming {
  readonly file: string;
  readonly nodes: number;
  readonly edges: number;
  /** Our layout: the fastest of three on a warm worker. */
  readonly oursMs: number;
  /** `go tool pprof -dot`, then native `dot -Tsvg` on its DOT: each time, or why it has none. */
  readonly native: { readonly pprof: NativeTime; readonly dot: NativeTime };
}

type NativeTime = { readonly ms: number } | { readonly reason: string };

/** Milliseconds `command` (a bash line, `$0` = `arg`) takes, or why it did not finish in time. */
function timeCommand(command: string, arg: string, timeoutSeconds: number): Promise<NativeTime> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', command, arg], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, TZ: 'UTC' },
    });
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutSeconds * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ reason: `did not finish in ${timeoutSeconds} s` });
      else if (code !== 0) resolve({ reason: `failed (code ${code})` });
      else resolve({ ms: performance.now() - started });
    });
  });
}

/** `go tool pprof -dot FILE`, then native `dot -Tsvg` on its output, each timed. */
async function timeNative(
  file: string,
  timeoutSeconds: number,
): Promise<{ readonly pprof: NativeTime; readonly dot: NativeTime }> {
  const skipped = (reason: string) => ({ pprof: { reason }, dot: { reason } });
  if (timeoutSeconds <= 0) return skipped('skipped (--skip-pprof)');
  if (spawnSync('sh', ['-c', 'command -v dot']).status !== 0) {
    return skipped('skipped: no Graphviz dot on PATH (apt-get install graphviz)');
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-graph-'));
  try {
    const dotFile = path.join(folder, 'graph.dot');
    const pprof = await timeCommand(`go tool pprof -dot "$0" >${JSON.stringify(dotFile)}`, file, timeoutSeconds);
    if (!('ms' in pprof)) return { pprof, dot: { reason: 'no DOT from pprof' } };
    return { pprof, dot: await timeCommand('dot -Tsvg "$0" >/dev/null', dotFile, timeoutSeconds) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function benchGraphLayouts(
  files: readonly string[],
  nativeTimeoutSeconds: number,
): Promise<GraphLayoutTiming[]> {
  const layout = new WorkerGraphLayout({ maxWorkers: 1 });
  const timings: GraphLayoutTiming[] = [];
  try {
    // Compiling Graphviz's WebAssembly happens once per worker: not part of any layout.
    await layout.layout('digraph { a -> b }', 60_000);
    for (const name of files) {
      const graph = buildCallGraph(loadFixture(name), DEFAULT_QUERY_OPTIONS);
      const dot = joinChunks(formatDot({ ...graph, legend: [] }));
      let oursMs = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        await layout.layout(dot, 600_000);
        oursMs = Math.min(oursMs, performance.now() - started);
      }
      const native = await timeNative(fixturePath(name), nativeTimeoutSeconds);
      const timing = { file: name, nodes: graph.nodes.length, edges: graph.edges.count, oursMs, native };
      timings.push(timing);
      console.log(describeTiming(timing));
    }
  } finally {
    await layout.close();
  }
  return timings;
}

function describeTiming(timing: GraphLayoutTiming): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const time = (native: NativeTime) => ('ms' in native ? seconds(native.ms) : native.reason);
  const { pprof, dot } = timing.native;
  const ratio = 'ms' in dot ? `; ratio ours / dot ${(timing.oursMs / dot.ms).toPrecision(3)}` : '';
  return (
    `${timing.file} graph layout at n=80 (${timing.nodes} nodes, ${timing.edges} edges)\n` +
    `  ours (WebAssembly Graphviz, in its worker): ${seconds(timing.oursMs)}\n` +
    `  go tool pprof -dot: ${time(pprof)}, then native dot -Tsvg: ${time(dot)}${ratio}`
  );
}
