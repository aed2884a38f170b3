// `--retention` and `--max-data-bytes` on the real processor with an injected clock: old captures
// and leftovers deleted at start, by the periodic sweep and oldest first beyond the cap; a live
// session's capture and the settings file kept; a log line naming each deletion.

import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { saveCapture } from '../src/store/index.js';
import { fixturePath } from './support/fixtures.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { ManualClock } from './support/manual-clock.js';
import { startTestProcessor, viewerPort } from './support/test-processor.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SETTINGS = '{"configs":[{"name":"mine","url":"/top?f=main"}]}\n';

let target: GoTarget;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-retention-'));

before(async () => {
  target = await startGoTarget(['-stacks', '8']);
});

after(async () => {
  await target?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A data root with the settings file of the processor's viewers. */
function dataRootWithSettings(): string {
  const dataRoot = mkdtempSync(path.join(scratch, 'root-'));
  mkdirSync(path.join(dataRoot, 'go-profiler'));
  writeFileSync(path.join(dataRoot, 'go-profiler/settings.json'), SETTINGS);
  return dataRoot;
}

/** Stores a real heap profile as captured at `capturedAtMs`; returns its `.prof` path. */
async function seed(dataRoot: string, capturedAtMs: number, name: string): Promise<string> {
  const capturedAt = new Date(capturedAtMs);
  const record = await saveCapture(dataRoot, {
    bytes: new Uint8Array(readFileSync(fixturePath('heap-small.pb.gz'))),
    path: { capturedAt, type: 'Heap', diagnosisNamespace: 'default', diagnosisName: name },
    record: {
      source: 'http://10.0.0.7:6060',
      url: 'http://10.0.0.7:6060/debug/pprof/heap',
      type: 'Heap',
      requestedAt: capturedAt.toISOString(),
      capturedAt: capturedAt.toISOString(),
      sampleTypes: [{ type: 'inuse_space', unit: 'bytes' }],
      sampleCount: 1,
      diagnosis: { namespace: 'default', name },
    },
  });
  return record.file;
}

/** Every stored profile under the data root, relative, sorted. */
function storedProfiles(dataRoot: string): string[] {
  return readdirSync(dataRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.prof'))
    .map((entry) => path.relative(dataRoot, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The JSON log lines with message `msg`. */
function logged(logs: readonly string[], msg: string): Record<string, unknown>[] {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === msg);
}

/** Waits (no time limit but the test runner's) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('capture retention', () => {
  it('deletes old captures and leftovers at start and every 10 minutes, never a live capture or the settings', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const dataRoot = dataRootWithSettings();
    const ancient = await seed(dataRoot, start - 241 * HOUR, 'ancient');
    const recent = await seed(dataRoot, start - 30 * MINUTE, 'recent');
    // Leftovers of a killed write: a temporary file and a profile whose sidecar never came.
    const leftoverDir = path.join(dataRoot, 'profilers/go/pprof/20261125092000');
    mkdirSync(leftoverDir, { recursive: true });
    writeFileSync(path.join(leftoverDir, 'default.killed.Heap.8c1d02e4f5a6.tmp'), 'half');
    writeFileSync(path.join(leftoverDir, 'default.killed.Heap.prof'), '');

    const processor = await startTestProcessor({ dataRoot, clock, trust: { retentionMs: HOUR } });
    try {
      assert.deepEqual(
        logged(processor.logs, 'capture deleted').map(({ file, reason, ageSeconds }) => [file, reason, ageSeconds]),
        [[ancient, 'retention', 241 * 3600]],
      );
      assert.deepEqual(
        logged(processor.logs, 'leftover of an interrupted write deleted')
          .map(({ file, reason }) => [file, reason])
          .sort(),
        [
          ['profilers/go/pprof/20261125092000/default.killed.Heap.8c1d02e4f5a6.tmp', 'temporary file'],
          ['profilers/go/pprof/20261125092000/default.killed.Heap.prof', 'profile without its sidecar'],
        ],
      );
      assert.equal(existsSync(leftoverDir), false, 'the emptied folder is gone');
      assert.deepEqual(storedProfiles(dataRoot), [recent]);

      // A capture whose viewer lives 2 hours.
      const { status, json } = await processor.post({ source: target.url, type: 'Heap', expirationSeconds: 7200 });
      assert.equal(status, 200, JSON.stringify(json));
      const live = String(json[`${R}file`]);

      // 70 minutes on: `recent` (100 minutes old) goes at the periodic sweep; the live capture
      // (70 minutes old, past the 1-hour retention) stays while its viewer is up.
      const sweepsBefore = logged(processor.logs, 'capture sweep done').length;
      clock.advance(70 * MINUTE);
      await until(() => logged(processor.logs, 'capture sweep done').length > sweepsBefore);
      assert.deepEqual(storedProfiles(dataRoot), [live]);
      assert.deepEqual(
        logged(processor.logs, 'capture deleted').map(({ file, reason, ageSeconds }) => [file, reason, ageSeconds]),
        [
          [ancient, 'retention', 241 * 3600],
          [recent, 'retention', 100 * 60],
        ],
      );

      // 50 more minutes: the viewer expires (at the 120-minute mark, a sweep's tick too). Its closing
      // is asynchronous, so one more sweep comes once its port is closed.
      clock.advance(50 * MINUTE);
      const viewer = `http://127.0.0.1:${viewerPort(json)}/`;
      while (
        await fetch(viewer).then(
          () => true,
          () => false,
        )
      )
        await new Promise((resolve) => setTimeout(resolve, 10));
      clock.advance(10 * MINUTE);
      await until(() => logged(processor.logs, 'capture deleted').length === 3);
      // Deleted by the sweep on the tick the viewer expired, or by the next one if its close was
      // still under way then.
      const { file, reason, ageSeconds } = logged(processor.logs, 'capture deleted')[2]!;
      assert.deepEqual([file, reason], [live, 'retention']);
      assert.ok([120 * 60, 130 * 60].includes(ageSeconds as number), String(ageSeconds));
      await until(() => logged(processor.logs, 'capture sweep done').length === sweepsBefore + 2);
      assert.deepEqual(storedProfiles(dataRoot), []);
      assert.equal(readFileSync(path.join(dataRoot, 'go-profiler/settings.json'), 'utf8'), SETTINGS);
    } finally {
      await processor.close();
    }
  });

  it('deletes the oldest captures first beyond --max-data-bytes, at start and after a capture', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const dataRoot = dataRootWithSettings();
    const oldest = await seed(dataRoot, start - 3 * HOUR, 'oldest');
    const middle = await seed(dataRoot, start - 2 * HOUR, 'middle');
    const newest = await seed(dataRoot, start - HOUR, 'newest');
    const size = (file: string) =>
      statSync(path.join(dataRoot, file)).size + statSync(path.join(dataRoot, file.replace(/\.prof$/, '.json'))).size;
    // Room for two of the three: the oldest goes at start.
    const maxDataBytes = size(middle) + size(newest);
    const oldestBytes = size(oldest);
    const processor = await startTestProcessor({ dataRoot, clock, trust: { retentionMs: 0, maxDataBytes } });
    try {
      assert.deepEqual(
        logged(processor.logs, 'capture deleted').map(({ file, reason, bytes }) => [file, reason, bytes]),
        [[oldest, 'max-data-bytes', oldestBytes]],
      );
      assert.deepEqual(storedProfiles(dataRoot), [newest, middle].sort());

      // A new capture (live, and larger than what it displaces): the after-capture sweep deletes
      // the oldest until the rest fit, or only the live one is left. What the capture weighs at
      // that sweep counts its goroutine dump, and its offline report if already written: so the
      // sweep's own line says what was kept, and the deletions are checked against it.
      const sweepsBefore = logged(processor.logs, 'capture sweep done').length;
      const { status, json } = await processor.post({ source: target.url, type: 'Goroutine' });
      assert.equal(status, 200, JSON.stringify(json));
      const captured = String(json[`${R}file`]);
      await until(() => logged(processor.logs, 'capture sweep done').length > sweepsBefore);
      const deleted = logged(processor.logs, 'capture deleted')
        .slice(1)
        .map(({ file, reason }) => [file, reason]);
      assert.deepEqual(
        deleted,
        [middle, newest].slice(0, Math.max(1, deleted.length)).map((file) => [file, 'max-data-bytes']),
      );
      const done = logged(processor.logs, 'capture sweep done').at(-1)!;
      assert.ok(
        (done.keptBytes as number) <= maxDataBytes || done.keptCaptures === 1,
        `kept ${String(done.keptCaptures)} captures, ${String(done.keptBytes)} bytes`,
      );
      assert.equal(existsSync(path.join(dataRoot, captured)), true, 'the live capture stays');
      assert.equal(readFileSync(path.join(dataRoot, 'go-profiler/settings.json'), 'utf8'), SETTINGS);
    } finally {
      await processor.close();
    }
  });
});
