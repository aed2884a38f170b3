// `npm run bench:goroutines`: the goroutine analyser on the real Go target's debug=2 dump of
// 50,000 parked goroutines (64 paths): parsing and grouping, in-process, against what Go itself
// takes to write that dump (the fetch of `?debug=2`) and `go tool pprof -top` on the same
// program's goroutine profile.proto, measured in the same run, rounds interleaved. `--quick` takes
// fewer rounds.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { groupGoroutines, parseGoroutineDump } from '../src/query/index.js';
import { goToolPprof } from '../test/support/go-pprof.js';
import { startGoTarget } from '../test/support/go-target.js';

const ROUNDS = process.argv.includes('--quick') ? 3 : 9;
const GOROUTINES = 50_000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeIt(action: () => unknown): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

const target = await startGoTarget([
  '-goroutines',
  String(GOROUTINES),
  '-stacks',
  '64',
  '-depth',
  '8',
  '-cpu',
  '0',
  '-leak',
  '0',
]);
const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-bench-goroutines-'));
try {
  const fetchDump = async () => (await fetch(`${target.url}/debug/pprof/goroutine?debug=2`)).text();
  const text = await fetchDump();
  const proto = path.join(dir, 'goroutine.pb.gz');
  writeFileSync(proto, new Uint8Array(await (await fetch(`${target.url}/debug/pprof/goroutine`)).arrayBuffer()));
  let groups = groupGoroutines(parseGoroutineDump(text, 'bench'));
  const actions: Record<string, () => unknown> = {
    'analyser: parse + group': () => (groups = groupGoroutines(parseGoroutineDump(text, 'bench'))),
    'analyser: parse only': () => parseGoroutineDump(text, 'bench'),
    'Go: write the debug=2 dump (fetch)': fetchDump,
    'go tool pprof -top goroutine.pb.gz': () => goToolPprof(['-top', proto]),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(actions).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, action] of Object.entries(actions)) times[name]!.push(await timeIt(action));
  }
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  console.log(
    `dump: ${total} goroutines in ${groups.length} groups, ${(text.length / 1e6).toFixed(1)} MB of text; first group ${groups[0]!.count} [${groups[0]!.state}]`,
  );
  const baseline = median(times['go tool pprof -top goroutine.pb.gz']!);
  console.log(`median of ${ROUNDS} (ms), ratio to go tool pprof -top:`);
  for (const [name, list] of Object.entries(times)) {
    const ms = median(list);
    console.log(`  ${name.padEnd(38)} ${ms.toFixed(1).padStart(8)}  ×${(ms / baseline).toFixed(2)}`);
  }
} finally {
  await target.stop();
  rmSync(dir, { recursive: true, force: true });
}
