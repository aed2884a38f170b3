import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { PodReference } from './capture-path.js';
import { captureReportFile, recordCaptureReport } from './capture-report.js';
import { saveCapture } from './capture-store.js';
import {
  CaptureSweeper,
  FRESH_CAPTURE_MS,
  type CaptureDeletion,
  type CaptureSweeperOptions,
} from './capture-sweeper.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-sweep-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const tempRoot = () => mkdtempSync(path.join(scratch, 'root-'));

const HOUR = 3600 * 1000;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** Stores a capture of `bytes` bytes taken at `capturedAtMs`; returns its `.prof` path. */
async function store(root: string, capturedAtMs: number, name: string, bytes = 100, pod?: PodReference) {
  const capturedAt = new Date(capturedAtMs);
  const record = await saveCapture(root, {
    bytes: new Uint8Array(bytes).fill(7),
    path: { capturedAt, type: 'Heap', diagnosisNamespace: 'default', diagnosisName: name, ...(pod ? { pod } : {}) },
    record: {
      source: 'http://127.0.0.1:8090',
      url: 'http://127.0.0.1:8090/debug/pprof/heap',
      type: 'Heap',
      requestedAt: capturedAt.toISOString(),
      capturedAt: capturedAt.toISOString(),
      sampleTypes: [],
      sampleCount: 0,
      diagnosis: { namespace: 'default', name },
    },
  });
  return record.file;
}

/** Every file and folder under `root`, relative, sorted (folders end with `/`). */
function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const relative = path.relative(root, path.join(entry.parentPath, entry.name));
      return entry.isDirectory() ? `${relative}/` : relative;
    })
    .sort();
}

/** A capture's size on disk: its profile and its sidecar. */
function captureBytes(root: string, file: string): number {
  return statSync(path.join(root, file)).size + statSync(path.join(root, file.replace(/\.prof$/, '.json'))).size;
}

function sweeper(root: string, options: Partial<CaptureSweeperOptions> = {}) {
  const deleted: CaptureDeletion[] = [];
  const problems: string[] = [];
  const instance = new CaptureSweeper({
    dataRoot: root,
    retentionMs: 240 * HOUR,
    maxDataBytes: 0,
    now: () => NOW,
    isLive: () => false,
    onDeleted: (deletion) => deleted.push(deletion),
    onProblem: (error) => problems.push(error.message),
    ...options,
  });
  return { instance, deleted, problems };
}

describe('CaptureSweeper.sweepLeftovers', () => {
  it('deletes what interrupted writes left, only under profilers/go/pprof, and the folders it empties', async () => {
    const root = tempRoot();
    const complete = await store(root, NOW - 2 * HOUR, 'complete');
    const stamp = 'profilers/go/pprof/20261125110000';
    const files: Record<string, string> = {
      [`${stamp}/default.x.Heap.3f2a9c.tmp`]: 'half a profile',
      [`${stamp}/default.y.Heap.prof`]: '',
      [`${stamp}/default.z.Heap.prof`]: 'a profile whose sidecar never came',
      [`${stamp}/default.w.Heap.json`]: '{"a sidecar": "without its profile"}',
      'profilers/go/pprof/web.web-0.app/20261125100000/default.v.Heap.prof': '',
      'profilers/go/pprof/web.web-0.app/20261125100000/default.v.Heap.json': '{}',
      'profilers/go/pprof/20261125090000/default.u.Heap.json.77aa00.tmp': '{',
      'go-profiler/settings.json': '{"configs": []}',
      'go-profiler/settings.json.tmp': '{',
      'elsewhere.prof': '',
      [`${stamp}/notes.txt`]: 'not ours to judge',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    mkdirSync(path.join(root, 'profilers/go/pprof/20261125080000'));
    // A link inside the captures folder to a file outside it: neither is touched.
    symlinkSync(path.join(root, 'elsewhere.prof'), path.join(root, stamp, 'default.link.Heap.prof'));

    const { instance, deleted, problems } = sweeper(root);
    await instance.sweepLeftovers();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      deleted.map(({ file, reason, bytes }) => [file, reason, bytes]).sort(),
      [
        [`${stamp}/default.w.Heap.json`, 'sidecar without its profile', 36],
        [`${stamp}/default.x.Heap.3f2a9c.tmp`, 'temporary file', 14],
        [`${stamp}/default.y.Heap.prof`, 'profile without its sidecar', 0],
        [`${stamp}/default.z.Heap.prof`, 'profile without its sidecar', 34],
        ['profilers/go/pprof/20261125090000/default.u.Heap.json.77aa00.tmp', 'temporary file', 1],
        ['profilers/go/pprof/web.web-0.app/20261125100000/default.v.Heap.json', 'empty profile', 2],
        ['profilers/go/pprof/web.web-0.app/20261125100000/default.v.Heap.prof', 'empty profile', 0],
      ].sort(),
    );
    assert.deepEqual(
      tree(root),
      [
        'elsewhere.prof',
        'go-profiler/',
        'go-profiler/settings.json',
        'go-profiler/settings.json.tmp',
        'profilers/',
        'profilers/go/',
        'profilers/go/pprof/',
        path.dirname(complete) + '/',
        complete,
        complete.replace(/\.prof$/, '.json'),
        `${stamp}/`,
        `${stamp}/default.link.Heap.prof`,
        `${stamp}/notes.txt`,
      ].sort(),
    );
  });

  it('refuses to sweep a captures folder reached through a link out of the data root', async () => {
    const root = tempRoot();
    const outside = tempRoot();
    await store(outside, NOW - 1000 * HOUR, 'outside');
    mkdirSync(path.join(root, 'profilers/go'), { recursive: true });
    symlinkSync(path.join(outside, 'profilers/go/pprof'), path.join(root, 'profilers/go/pprof'));
    const { instance, deleted, problems } = sweeper(root);
    await instance.sweepLeftovers();
    await instance.sweep();
    assert.deepEqual(deleted, []);
    assert.deepEqual(problems, [
      'sweep captures profilers/go/pprof: it leads out of the data root through a link',
      'sweep captures profilers/go/pprof: it leads out of the data root through a link',
    ]);
    assert.equal(tree(outside).filter((file) => file.endsWith('.prof')).length, 1);
  });
});

describe('CaptureSweeper.sweep', () => {
  it('deletes captures older than the retention, except live and fresh ones, and empties folders', async () => {
    const root = tempRoot();
    const pod = { namespace: 'web', name: 'web-0', container: 'app' };
    const old = await store(root, NOW - 241 * HOUR, 'old', 100, pod);
    const live = await store(root, NOW - 300 * HOUR, 'live');
    const recent = await store(root, NOW - 239 * HOUR, 'recent');
    // A sidecar that cannot be parsed: the capture is aged by its folder's name (250 h ago).
    const unreadable = await store(root, NOW - 250 * HOUR, 'unreadable');
    writeFileSync(path.join(root, unreadable.replace(/\.prof$/, '.json')), '{"version": 1,');
    const oldBytes = captureBytes(root, old);
    const unreadableBytes = captureBytes(root, unreadable);

    const { instance, deleted, problems } = sweeper(root, { isLive: (file) => file === live });
    await instance.sweep();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      deleted.sort((a, b) => a.file.localeCompare(b.file)),
      [
        { file: unreadable, reason: 'retention', bytes: unreadableBytes, ageSeconds: 250 * 3600 },
        { file: old, reason: 'retention', bytes: oldBytes, ageSeconds: 241 * 3600 },
      ],
    );
    assert.deepEqual(
      tree(root).filter((file) => file.endsWith('.prof')),
      [live, recent].sort(),
    );
    // The pod's folder went with its only capture.
    assert.equal(
      tree(root).some((file) => file.startsWith('profilers/go/pprof/web.web-0.app')),
      false,
    );
  });

  it("deletes a capture's offline report with it, counting its bytes", async () => {
    const root = tempRoot();
    const old = await store(root, NOW - 241 * HOUR, 'old');
    const report = captureReportFile(old);
    writeFileSync(path.join(root, report), '<!doctype html>\n');
    await recordCaptureReport(root, old, report);
    const bytes = captureBytes(root, old) + statSync(path.join(root, report)).size;

    const { instance, deleted, problems } = sweeper(root);
    await instance.sweep();
    assert.deepEqual(problems, []);
    assert.deepEqual(deleted, [{ file: old, reason: 'retention', bytes, ageSeconds: 241 * 3600 }]);
    assert.deepEqual(tree(root), ['profilers/', 'profilers/go/', 'profilers/go/pprof/']);
  });

  it('keeps the data under --max-data-bytes by deleting the oldest first, never a live or fresh one', async () => {
    const root = tempRoot();
    const first = await store(root, NOW - 40 * HOUR, 'first', 1000);
    const second = await store(root, NOW - 30 * HOUR, 'second', 1000);
    const third = await store(root, NOW - 20 * HOUR, 'third', 1000);
    const fourth = await store(root, NOW - 10 * HOUR, 'fourth', 1000);
    const fresh = await store(root, NOW - FRESH_CAPTURE_MS + 1, 'fresh', 5000);
    const size = (file: string) => captureBytes(root, file);
    const total = [first, second, third, fourth, fresh].reduce((sum, file) => sum + size(file), 0);
    // Room for all but two of the 1000-byte captures; the oldest, `first`, is live: `second` and
    // `third` go instead.
    const { instance, deleted } = sweeper(root, {
      retentionMs: 0,
      maxDataBytes: total - size(second) - size(third),
      isLive: (file) => file === first,
    });
    await instance.sweep();
    assert.deepEqual(
      deleted.map(({ file, reason, ageSeconds }) => [file, reason, ageSeconds]),
      [
        [second, 'max-data-bytes', 30 * 3600],
        [third, 'max-data-bytes', 20 * 3600],
      ],
    );
    // Over the cap with only live and fresh captures left: they stay.
    const tight = sweeper(root, { retentionMs: 0, maxDataBytes: 1, isLive: (file) => file === first });
    await tight.instance.sweep();
    assert.deepEqual(
      tight.deleted.map(({ file }) => file),
      [fourth],
    );
    assert.deepEqual(
      tree(root).filter((file) => file.endsWith('.prof')),
      [first, fresh].sort(),
    );
  });

  it('keeps everything with retention 0 and no cap; runs one sweep at a time', async () => {
    const root = tempRoot();
    const ancient = await store(root, NOW - 10_000 * HOUR, 'ancient');
    const keepAll = sweeper(root, { retentionMs: 0, maxDataBytes: 0 });
    await keepAll.instance.sweep();
    assert.deepEqual(keepAll.deleted, []);

    let runs = 0;
    const { instance, deleted } = sweeper(root, { now: () => (runs++, NOW) });
    // Three asked for before the first starts: one run, shared.
    const asked = [instance.sweep(), instance.sweep(), instance.sweep()];
    assert.ok(asked[0] === asked[1] && asked[1] === asked[2]);
    await asked[0];
    const again = instance.sweep();
    assert.notEqual(again, asked[0]);
    assert.deepEqual(await again, { deletions: [], keptCaptures: 0, keptBytes: 0 });
    assert.equal(runs, 2);
    assert.deepEqual(
      deleted.map(({ file }) => file),
      [ancient],
    );
  });
});
