// `npm run bench:bundle`: a Bundle capture's wall time against the sum of its parts captured one by
// one (seven processor POSTs: the CPU profile and the allocs, block, mutex deltas over the same
// window, then the heap, goroutine and threadcreate snapshots), in process, against the real Go
// target, rounds interleaved. `--seconds N` sets the window (default 2); `--quick` one round.

import { startGoTarget } from '../test/support/go-target.js';
import { startTestProcessor } from '../test/support/test-processor.js';

const ROUNDS = process.argv.includes('--quick') ? 1 : 3;
const at = process.argv.indexOf('--seconds');
const SECONDS = at < 0 ? 2 : Number(process.argv[at + 1]);
const PARTS: readonly [string, boolean][] = [
  ['Profile', true],
  ['Allocs', true],
  ['Heap', false],
  ['Goroutine', false],
  ['Block', true],
  ['Mutex', true],
  ['Threadcreate', false],
];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const target = await startGoTarget(['-stacks', '64', '-contention', '2', '-goroutines', '200', '-threads', '2']);
const processor = await startTestProcessor({ trust: { maxSessions: 1000 } });

async function post(type: string, seconds?: number): Promise<number> {
  const start = performance.now();
  const { status, json } = await processor.post({
    source: target.url,
    type,
    expirationSeconds: 60,
    ...(seconds === undefined ? {} : { seconds }),
  });
  if (status !== 200) throw new Error(`bench bundle: ${type} answered ${status}: ${JSON.stringify(json)}`);
  return performance.now() - start;
}

try {
  const bundle: number[] = [];
  const parts: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bundle.push(await post('Bundle', SECONDS));
    let sum = 0;
    for (const [type, windowed] of PARTS) sum += await post(type, windowed ? SECONDS : undefined);
    parts.push(sum);
  }
  const [b, p] = [median(bundle), median(parts)];
  console.log(`Bundle over ${SECONDS} s vs its 7 parts one by one (median of ${ROUNDS}, ms):`);
  console.log(`  sum of the parts, one by one  ${p.toFixed(0).padStart(8)}`);
  console.log(`  bundle, one request           ${b.toFixed(0).padStart(8)}  ×${(b / p).toFixed(2)} of the parts`);
} finally {
  await processor.close();
  await target.stop();
}
