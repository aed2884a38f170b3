// bench:viewer's `--busy N`: the processor measured also holds N other sessions of the medium
// fixtures (heap, allocs, cpu, goroutine in turn), and a background client keeps querying them as
// users clicking around would (flame graph, top, graph, peek, each time with other parameters),
// one request at a time per session, for the whole measurement. Its throughput is reported so the
// load the figures were taken under is visible.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fixturePath } from '../test/support/fixtures.js';
import { postJson, viewerPort } from '../test/support/test-processor.js';

/** The sessions' mix, in turn: the request type and its fixture. */
const MIX = [
  { type: 'Heap', fixture: 'heap-medium.pb.gz', sampleTypes: 4 },
  { type: 'Allocs', fixture: 'allocs-medium.pb.gz', sampleTypes: 4 },
  { type: 'Profile', fixture: 'cpu-medium.pb.gz', sampleTypes: 2 },
  { type: 'Goroutine', fixture: 'goroutine-medium.pb.gz', sampleTypes: 1 },
] as const;

/** Names a user types into focus and search boxes: regexps most Go profiles match, some not at all. */
const PATTERNS = ['runtime', 'main', 'sync', 'strings', 'bytes', 'fmt', 'reflect', 'syscall', 'encoding', 'mallocgc'];

/** One busy session's click: the route under its viewer and the query, changing with `step`. */
function clickOf(step: number, sampleTypes: number): string {
  const pattern = PATTERNS[step % PATTERNS.length]!;
  const si = Math.floor(step / PATTERNS.length) % sampleTypes;
  switch (step % 5) {
    case 0:
      return `/api/flamegraph?si=${si}&f=${pattern}`;
    case 1:
      return `/api/top?si=${si}&q=${pattern}`;
    case 2:
      return `/api/graph?si=${si}&n=${20 + (step % 7) * 10}`;
    case 3:
      return `/api/peek?si=${si}&q=${pattern}`;
    default:
      return `/api/flamegraph?si=${si}&ignore=${pattern}`;
  }
}

/** What the background client has done so far. */
export interface BusyCounts {
  readonly answered: number;
  readonly failed: number;
  readonly at: number;
}

export interface BusyLoad {
  readonly sessions: number;
  counts(): BusyCounts;
  /** The first failure's message, if any (the load is not what it says otherwise). */
  readonly firstFailure: string | undefined;
  stop(): Promise<void>;
}

/**
 * Opens `count` sessions through the processor at `processorUrl` (the loopback target serving
 * whatever `serve` last set) and starts querying them.
 */
export async function startBusyLoad(
  processorUrl: string,
  targetUrl: string,
  serve: (bytes: Uint8Array) => void,
  count: number,
): Promise<BusyLoad> {
  const sessions: { port: number; sampleTypes: number }[] = [];
  for (let i = 0; i < count; i++) {
    const { type, fixture, sampleTypes } = MIX[i % MIX.length]!;
    serve(new Uint8Array(readFileSync(fixturePath(fixture))));
    const { status, json } = await postJson(`${processorUrl}/processor/goProfiler`, { source: targetUrl, type });
    if (status !== 200) throw new Error(`bench busy: POST ${i} (${type}) answered ${status}: ${JSON.stringify(json)}`);
    sessions.push({ port: viewerPort(json), sampleTypes });
  }
  let answered = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  let stopped = false;
  const loop = async (port: number, sampleTypes: number, offset: number) => {
    for (let step = offset; !stopped; step++) {
      const route = clickOf(step, sampleTypes);
      try {
        const response = await fetch(`http://127.0.0.1:${port}${route}`);
        await response.arrayBuffer();
        // A 422 is an answer too: a graph past its layout time limit, naming the node count that fits.
        if (response.ok || response.status === 422) answered++;
        else {
          failed++;
          firstFailure ??= `${route}: HTTP ${response.status}`;
        }
      } catch (error) {
        if (stopped) return;
        failed++;
        firstFailure ??= `${route}: ${(error as Error).message}`;
      }
    }
  };
  // Each session starts at another step, so that the workers see a mix at once.
  const loops = sessions.map(({ port, sampleTypes }, index) => loop(port, sampleTypes, index * 3));
  return {
    sessions: count,
    counts: () => ({ answered, failed, at: performance.now() }),
    get firstFailure() {
      return firstFailure;
    },
    async stop() {
      stopped = true;
      await Promise.allSettled(loops);
    },
  };
}

/** The background queries between two counts, as the bench prints them. */
export function describeBusy(before: BusyCounts, after: BusyCounts, sessions: number): string {
  const seconds = (after.at - before.at) / 1000;
  const answered = after.answered - before.answered;
  const failed = after.failed - before.failed;
  return `background: ${sessions} busy sessions, ${answered} queries answered in ${seconds.toFixed(1)} s (${(answered / seconds).toFixed(1)}/s)${failed > 0 ? `, ${failed} failed` : ''}`;
}
