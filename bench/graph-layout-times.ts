// The Graph view's layout alone, for `npm run bench:viewer -- --views graph`: our Graphviz
// (WebAssembly in its worker thread, a dense graph in two stages) on pprof's default graph (n=80)
// of each file, against `go tool pprof -dot FILE | dot -Tsvg` (native Graphviz) in the same run,
// printed as a ratio. The native pipeline gets a time limit: on a dense CPU profile it runs for
// minutes. Needs Graphviz's `dot` on PATH for the native side (`apt-get install graphviz`).

import { spawn, spawnSync } from 'node:child_process';
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
  /** pprof plus native dot, or why it has no time. */
  readonly native: { readonly ms: number } | { readonly reason: string };
}

/** Milliseconds `go tool pprof -dot FILE | dot -Tsvg` takes, or why it did not finish. */
function timeNative(file: string, timeoutSeconds: number): Promise<{ ms: number } | { reason: string }> {
  if (timeoutSeconds <= 0) return Promise.resolve({ reason: 'skipped (--skip-pprof)' });
  if (spawnSync('sh', ['-c', 'command -v dot']).status !== 0) {
    return Promise.resolve({ reason: 'skipped: no Graphviz dot on PATH (apt-get install graphviz)' });
  }
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', 'set -o pipefail; go tool pprof -dot "$0" | dot -Tsvg >/dev/null', file], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, TZ: 'UTC' },
    });
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutSeconds * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (signal === 'SIGKILL') resolve({ reason: `did not finish in ${timeoutSeconds} s` });
      else if (code !== 0) resolve({ reason: `failed (code ${code})` });
      else resolve({ ms });
    });
  });
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
  const native =
    'ms' in timing.native
      ? `${seconds(timing.native.ms)}, ratio ${(timing.oursMs / timing.native.ms).toFixed(3)}`
      : timing.native.reason;
  return (
    `${timing.file} graph layout at n=80 (${timing.nodes} nodes, ${timing.edges} edges)\n` +
    `  ours: ${seconds(timing.oursMs)}\n  go tool pprof -dot | dot -Tsvg: ${native}`
  );
}
