// `npm run bench:top [-- --quick]`: the compiled `go-profiler top` against `go tool pprof -top` on
// the same files, run alternately in one process tree, and against `gzip -dc` (the floor: reading
// the file at all). Prints median wall-time and peak-RSS ratios; the goals are those of issue 3.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureProcess, median, type ProcessMeasurement } from './measure-process.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = process.env.GO_PROFILER_SHARED_DIR
  ? path.join(process.env.GO_PROFILER_SHARED_DIR, 'fixtures')
  : path.resolve(REPO, '../shared/fixtures');
const BIN = path.join(REPO, 'dist/cli/main.js');
const quick = process.argv.includes('--quick');

interface Plan {
  readonly file: string;
  readonly pairs: number;
  /** Goals (issue 3) as ratios to pprof; undefined where none is set. */
  readonly timeGoal?: number;
  readonly memoryGoal?: number;
  readonly gzipGoal?: number;
}

const PLANS: readonly Plan[] = quick
  ? [
      { file: 'heap-medium.pb.gz', pairs: 1, timeGoal: 0.1 },
      { file: 'allocs-medium.pb.gz', pairs: 1, timeGoal: 0.1 },
      { file: 'heap-large.pb.gz', pairs: 1, timeGoal: 0.05, memoryGoal: 0.15, gzipGoal: 4 },
    ]
  : [
      { file: 'heap-medium.pb.gz', pairs: 3, timeGoal: 0.1 },
      { file: 'allocs-medium.pb.gz', pairs: 3, timeGoal: 0.1 },
      { file: 'cpu-medium.pb.gz', pairs: 3 },
      { file: 'goroutine-large.pb.gz', pairs: 2 },
      { file: 'heap-large.pb.gz', pairs: 2, timeGoal: 0.05, memoryGoal: 0.15, gzipGoal: 4 },
      { file: 'allocs-large.pb.gz', pairs: 1, timeGoal: 0.05, memoryGoal: 0.15, gzipGoal: 4 },
    ];

/** pprof's own binary (what `go tool pprof` execs), so the go launcher's start-up is not counted. */
function pprofBinary(): string {
  return execFileSync('go', ['tool', '-n', 'pprof'], { encoding: 'utf8' }).trim();
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const seconds = (value: number) => `${value.toFixed(2)} s`;

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error(`bench top: ${BIN} is missing: run npm run build first`);
  const pprof = pprofBinary();
  const env = { ...process.env, TZ: 'UTC' };
  console.log(`go-profiler top vs ${pprof} -top${quick ? ' (quick)' : ''}; medians of alternating runs`);
  const rows: string[][] = [
    [
      'file',
      'pairs',
      'ours',
      'pprof',
      'time ratio',
      'ours RSS',
      'pprof RSS',
      'RSS ratio',
      'gzip -dc',
      'ours/gzip',
      'goals',
    ],
  ];
  let failed = 0;
  for (const plan of PLANS) {
    const file = path.join(FIXTURES, plan.file);
    if (!existsSync(file)) {
      console.log(`skip ${plan.file}: not found in ${FIXTURES}`);
      continue;
    }
    const ours: ProcessMeasurement[] = [];
    const theirs: ProcessMeasurement[] = [];
    const gzip: ProcessMeasurement[] = [];
    for (let pair = 0; pair < plan.pairs; pair++) {
      ours.push(await measureProcess(process.execPath, [BIN, 'top', file], { env }));
      theirs.push(await measureProcess(pprof, ['-top', file], { env, timeoutSeconds: 600 }));
      gzip.push(await measureProcess('gzip', ['-dc', file]));
      const last = (list: ProcessMeasurement[]) => list[list.length - 1]!;
      if (last(ours).exitCode !== 0 || last(theirs).exitCode !== 0) {
        throw new Error(
          `bench top: a run failed on ${plan.file} (ours ${last(ours).exitCode}, pprof ${last(theirs).exitCode})`,
        );
      }
      process.stderr.write(
        `  ${plan.file} pair ${pair + 1}: ours ${seconds(last(ours).wallSeconds)} ${mb(last(ours).peakRssBytes)}, pprof ${seconds(last(theirs).wallSeconds)} ${mb(last(theirs).peakRssBytes)}\n`,
      );
    }
    const oursTime = median(ours.map((m) => m.wallSeconds));
    const theirTime = median(theirs.map((m) => m.wallSeconds));
    const oursRss = median(ours.map((m) => m.peakRssBytes));
    const theirRss = median(theirs.map((m) => m.peakRssBytes));
    const gzipTime = median(gzip.map((m) => m.wallSeconds));
    const timeRatio = oursTime / theirTime;
    const rssRatio = oursRss / theirRss;
    const gzipRatio = oursTime / gzipTime;
    const verdicts: string[] = [];
    const check = (name: string, value: number, goal: number | undefined) => {
      if (goal === undefined) return;
      const ok = value <= goal;
      if (!ok) failed++;
      verdicts.push(`${name} ${ok ? '≤' : '>'} ${goal}${ok ? '' : ' MISSED'}`);
    };
    check('time', timeRatio, plan.timeGoal);
    check('RSS', rssRatio, plan.memoryGoal);
    check('gzip', gzipRatio, plan.gzipGoal);
    rows.push([
      plan.file,
      String(plan.pairs),
      seconds(oursTime),
      seconds(theirTime),
      timeRatio.toFixed(3),
      mb(oursRss),
      mb(theirRss),
      rssRatio.toFixed(3),
      seconds(gzipTime),
      `${gzipRatio.toFixed(1)}x`,
      verdicts.join(', ') || '-',
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  if (failed > 0) console.log(`${failed} goal(s) missed on this machine`);
}

await main();
