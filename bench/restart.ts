// `npm run bench:restart`: how long a restarted processor takes to serve its live sessions again
// (SPEC §6). The shipped `go-profiler serve` opens 20 sessions of the medium fixtures (every type,
// in turn), is killed with SIGKILL, and is started again on the same data root; the time runs from
// the new process's spawn to every one of the 20 old URLs answering its flame graph. Also printed:
// when the API listened (it does not wait for the restore) and when the restore's log line came.
// `--quick` restarts once; `--sessions N` sets the count.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '../test/support/fixtures.js';
import { startProfileServer, type ProfileServer } from '../test/support/profile-server.js';
import { spawnServe, type ServeProcess } from '../test/support/serve-process.js';
import { postJson, viewerPort } from '../test/support/test-processor.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 5;
const at = process.argv.indexOf('--sessions');
const SESSIONS = at < 0 ? 20 : Number(process.argv[at + 1]);

/** The medium fixtures and the type each is captured as. */
const FIXTURES: readonly [fixture: string, type: string][] = [
  ['heap-medium.pb.gz', 'Heap'],
  ['cpu-medium.pb.gz', 'Profile'],
  ['goroutine-medium.pb.gz', 'Goroutine'],
  ['allocs-medium.pb.gz', 'Allocs'],
  ['block-medium.pb.gz', 'Block'],
  ['mutex-medium.pb.gz', 'Mutex'],
  ['threadcreate-medium.pb.gz', 'Threadcreate'],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function serve(dataRoot: string): Promise<ServeProcess> {
  return spawnServe(['--listen', '127.0.0.1:0', '--data-root', dataRoot]);
}

/** Opens SESSIONS viewers, the fixtures in turn; returns their ports. */
async function openSessions(served: ServeProcess, sources: readonly ProfileServer[]): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const [, type] = FIXTURES[i % FIXTURES.length]!;
    const body = { source: sources[i % FIXTURES.length]!.url, type, expirationSeconds: 3600, seconds: 1 };
    const { status, json } = await postJson(`${served.url}/processor/goProfiler`, body);
    if (status !== 200) throw new Error(`bench: POST ${i} (${type}) answered ${status}: ${JSON.stringify(json)}`);
    ports.push(viewerPort(json));
  }
  return ports;
}

/** Resolves once `port` answers its flame graph (connection refused until the session is back). */
async function flameGraphAnswers(port: number): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/flamegraph`);
      await response.arrayBuffer();
      if (response.ok) return;
      throw new Error(`bench: the viewer on ${port} answered ${response.status}`);
    } catch (error) {
      if ((error as Error).message.startsWith('bench:')) throw error;
      await sleep(5);
    }
  }
}

interface Round {
  readonly listeningMs: number;
  readonly restoredLogMs: number;
  readonly allAnsweringMs: number;
}

/** Kills the process, starts it again and times the way back. */
async function restartRound(previous: ServeProcess, dataRoot: string, ports: readonly number[]) {
  previous.child.kill('SIGKILL');
  await previous.exited;
  const start = performance.now();
  const startEpochMs = Date.now();
  const served = await serve(dataRoot);
  const listeningMs = performance.now() - start;
  // One after the other: twenty pollers at once would take the CPU the restore needs.
  for (const port of ports) await flameGraphAnswers(port);
  const allAnsweringMs = performance.now() - start;
  while (!served.lines.some((line) => line.includes('"sessions restored"'))) await sleep(2);
  const outcome = served.lines.find((line) => line.includes('"sessions restored"'))!;
  // The log line's own time (ISO 8601, as the processor logs it): when the restore ended.
  const { restored, time } = JSON.parse(outcome) as { restored: number; time: string };
  const restoredLogMs = Date.parse(time) - startEpochMs;
  if (restored !== ports.length) throw new Error(`bench: ${restored} of ${ports.length} sessions restored`);
  return { served, round: { listeningMs, restoredLogMs, allAnsweringMs } satisfies Round };
}

const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-bench-restart-'));
const sources = await Promise.all(
  FIXTURES.map(([fixture]) => startProfileServer(new Uint8Array(readFileSync(fixturePath(fixture))))),
);
let served = await serve(dataRoot);
try {
  console.log(
    `restart benchmark (${quick ? 'quick' : 'full'}; ${os.cpus().length} cores, node ${process.version}): ` +
      `${SESSIONS} sessions of ${FIXTURES.length} medium fixtures, SIGKILL, start again`,
  );
  const ports = await openSessions(served, sources);
  await Promise.all(ports.map(flameGraphAnswers));
  // For scale: what decoding the same captures took when they were posted, one at a time.
  const decodeMs = served.lines
    .filter((line) => line.includes('"viewer opened"'))
    .map((line) => (JSON.parse(line) as { timingsMs: { decode: number } }).timingsMs.decode)
    .reduce((sum, ms) => sum + ms, 0);
  console.log(`the ${SESSIONS} POSTs decoded their captures in ${decodeMs} ms in all`);
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const next = await restartRound(served, dataRoot, ports);
    served = next.served;
    rounds.push(next.round);
    const { listeningMs, restoredLogMs, allAnsweringMs } = next.round;
    console.log(
      `round ${i + 1}: API listening ${listeningMs.toFixed(0)} ms | all ${SESSIONS} old URLs answer their flame graph ` +
        `${allAnsweringMs.toFixed(0)} ms | "sessions restored" logged ${restoredLogMs.toFixed(0)} ms (from spawn)`,
    );
  }
  const pick = (key: keyof Round) => median(rounds.map((round) => round[key])).toFixed(0);
  console.log(
    `restart recovery, ${SESSIONS} sessions (median of ${ROUNDS}): ${pick('allAnsweringMs')} ms to all old URLs ` +
      `answering; the API listened after ${pick('listeningMs')} ms`,
  );
} finally {
  await served.stop();
  await Promise.all(sources.map((source) => source.close()));
  rmSync(dataRoot, { recursive: true, force: true });
}
