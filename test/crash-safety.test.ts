// SIGKILL mid-write (SPEC §5 "Crash safety"): the shipped `go-profiler serve` (dist/cli/main.js)
// captures large heap profiles from the real Go target and is killed at varied moments (while a
// temporary file exists, once a profile has its name, after a random time); started again on the
// same data root, it must leave only complete captures: no temporary file, no empty or partial
// profile, a sidecar beside every profile, every profile decodable, the settings file untouched,
// and every capture answered 200 before the kill still there.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../src/pprof/index.js';
import { listCaptures, parseCaptureRecord } from '../src/store/index.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { spawnServe, type ServeProcess } from './support/serve-process.js';
import { postJson } from './support/test-processor.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const KILLS = 16;
/** Captures posted at once per round: racing in one second, they also exercise `-2`, `-3`. */
const CAPTURES_PER_ROUND = 3;
const SETTINGS = '{"configs":[{"name":"team","url":"/flamegraph?f=main"}]}\n';

type KillMoment = 'temporary file seen' | 'profile named' | 'random time after the first log line';
const MOMENTS: readonly KillMoment[] = ['temporary file seen', 'profile named', 'random time after the first log line'];

let target: GoTarget;
/** The processor of the moment, killed at the end whatever happened. */
let served: ServeProcess | undefined;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-crash-'));

before(async () => {
  // About 1 MB gzipped per heap profile: large enough that writing it takes a moment.
  target = await startGoTarget(['-stacks', '20000', '-depth', '24', '-memprofilerate', '1', '-cpu', '0']);
});

after(async () => {
  served?.child.kill('SIGKILL');
  await target?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Spawns `go-profiler serve` on `dataRoot` and waits for its "processor listening" line. */
function serve(dataRoot: string): Promise<ServeProcess> {
  return spawnServe(['--listen', '127.0.0.1:0', '--data-root', dataRoot]);
}

/** The JSON log lines `served` wrote so far, parsed. */
function logs(served: ServeProcess): Record<string, unknown>[] {
  return served.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every file under `root`, relative, with its size. */
function files(root: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    found.set(path.relative(root, file), statSync(file).size);
  }
  return found;
}

/** Every file name under `root`, relative, read while the processor writes (no sizes: files come and go). */
function names(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' });
}

/** Resolves once `condition` holds, checking as often as the event loop allows. */
async function whenever(condition: () => boolean, stop: { done: boolean }): Promise<void> {
  while (!stop.done && !condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** The state after a restart: only complete captures, each readable; returns the `.prof` files. */
async function checkDataRoot(dataRoot: string): Promise<string[]> {
  const all = files(dataRoot);
  const profiles = [...all.keys()].filter((file) => file.endsWith('.prof')).sort();
  for (const [file, size] of all) {
    assert.ok(!file.endsWith('.tmp'), `a temporary file is left: ${file}`);
    assert.ok(size > 0, `an empty file is left: ${file}`);
    if (file.endsWith('.json') && file.startsWith('profilers/')) {
      assert.ok(all.has(file.replace(/\.json$/, '.prof')), `a sidecar without its profile: ${file}`);
    }
  }
  for (const file of profiles) {
    const sidecar = file.replace(/\.prof$/, '.json');
    assert.ok(all.has(sidecar), `a profile without its sidecar: ${file}`);
    const record = parseCaptureRecord(readFileSync(path.join(dataRoot, sidecar), 'utf8'));
    assert.equal(record.file, file);
    assert.equal(record.bytes, all.get(file), `the sidecar's size of ${file}`);
    assert.equal(decodeProfile(readFileSync(path.join(dataRoot, file))).samples.count, record.sampleCount, file);
  }
  assert.deepEqual((await listCaptures(dataRoot)).map((record) => record.file).sort(), profiles);
  assert.equal(readFileSync(path.join(dataRoot, 'go-profiler/settings.json'), 'utf8'), SETTINGS);
  return profiles;
}

describe('SIGKILL while captures are written', () => {
  it(`leaves only complete captures after ${KILLS} kills at varied moments`, async (t) => {
    const dataRoot = path.join(scratch, 'data');
    mkdirSync(path.join(dataRoot, 'go-profiler'), { recursive: true });
    writeFileSync(path.join(dataRoot, 'go-profiler/settings.json'), SETTINGS);
    const answered = new Set<string>();
    const leftoversSwept: string[] = [];
    served = await serve(dataRoot);
    // A first round without a kill: how long a capture takes here, to spread the random kills.
    const started = performance.now();
    const first = await postJson(`${served.url}/processor/goProfiler`, { source: target.url, type: 'Heap' });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    answered.add(String(first.json[`${R}file`]));
    const captureMs = performance.now() - started;

    for (let kill = 0; kill < KILLS; kill++) {
      const current: ServeProcess = served;
      const moment = MOMENTS[kill % MOMENTS.length]!;
      const before = new Set(names(dataRoot));
      const stop = { done: false };
      const posts = Array.from({ length: CAPTURES_PER_ROUND }, () =>
        postJson(`${current.url}/processor/goProfiler`, { source: target.url, type: 'Heap' }).then(
          ({ status, json }) => {
            if (status === 200) answered.add(String(json[`${R}file`]));
          },
          // The kill cuts the connection: this capture may or may not have been stored.
          (error: unknown) => error,
        ),
      );
      const allAnswered = Promise.all(posts).then(() => undefined);
      const isNew = (file: string) => !before.has(file);
      const trigger =
        moment === 'temporary file seen'
          ? whenever(() => names(dataRoot).some((file) => isNew(file) && file.endsWith('.tmp')), stop)
          : moment === 'profile named'
            ? whenever(() => names(dataRoot).some((file) => isNew(file) && file.endsWith('.prof')), stop)
            : whenever(() => logs(current).some((line) => line.msg === 'capturing profile'), stop).then(
                // Up to three captures' time: some kills land after captures were answered.
                () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3 * captureMs)),
              );
      // Whichever comes first: the moment, or every capture answered (then the kill is after them).
      await Promise.race([trigger, allAnswered]);
      stop.done = true;
      current.child.kill('SIGKILL');
      await current.exited;
      await Promise.all(posts);

      const restarted = await serve(dataRoot);
      served = restarted;
      leftoversSwept.push(
        ...logs(restarted)
          .filter((line) => line.msg === 'leftover of an interrupted write deleted')
          .map((line) => `${String(line.reason)}: ${String(line.file)}`),
      );
      const profiles = await checkDataRoot(dataRoot);
      for (const file of answered) assert.ok(profiles.includes(file), `a capture answered 200 is lost: ${file}`);
    }
    await served.stop();
    served = undefined;
    const stored = (await listCaptures(dataRoot)).length;
    t.diagnostic(
      `a capture took ${Math.round(captureMs)} ms; ${stored} complete captures, ${answered.size} answered 200`,
    );
    t.diagnostic(`leftovers swept at restarts (${leftoversSwept.length}): ${leftoversSwept.join('; ')}`);
  });
});
