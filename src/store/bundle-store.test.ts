import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { saveBundle } from './bundle-store.js';
import { readCaptureRecord } from './capture-store.js';
import { CaptureSweeper } from './capture-sweeper.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-bundle-store-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const HOUR = 3600 * 1000;
const AT = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));
const DIR = 'profilers/go/pprof/20261125120000';

async function store(root: string) {
  return saveBundle(root, {
    path: { capturedAt: AT, type: 'Bundle', diagnosisNamespace: 'default', diagnosisName: 'b' },
    files: [
      { suffix: 'cpu.prof', data: new Uint8Array(10).fill(1) },
      { suffix: 'heap.prof', data: new Uint8Array(20).fill(2) },
      { suffix: 'goroutine.debug2.txt', data: 'goroutine 1 [running]:\n' },
    ],
    record: (fileOf) => ({
      source: 'http://127.0.0.1:8090',
      url: 'http://127.0.0.1:8090/debug/pprof/profile?seconds=1',
      type: 'Bundle',
      requestedAt: AT.toISOString(),
      capturedAt: AT.toISOString(),
      sampleTypes: [],
      sampleCount: 3,
      bundle: [
        { profile: 'cpu', type: 'Profile', file: fileOf('cpu.prof') },
        { profile: 'heap', type: 'Heap', file: fileOf('heap.prof') },
        { profile: 'block', type: 'Block', error: 'empty: the profile has no samples' },
      ],
      goroutineDump: fileOf('goroutine.debug2.txt'),
      diagnosis: { namespace: 'default', name: 'b' },
    }),
  });
}

function sweeper(root: string, now: number) {
  return new CaptureSweeper({
    dataRoot: root,
    retentionMs: HOUR,
    maxDataBytes: 0,
    now: () => now,
    isLive: () => false,
  });
}

describe('saveBundle', () => {
  it('writes each file beside one sidecar whose file is itself; a second in the same second gets -2', async () => {
    const root = mkdtempSync(path.join(scratch, 'root-'));
    const record = await store(root);
    assert.equal(record.file, `${DIR}/default.b.Bundle.json`);
    assert.equal(record.bytes, 10 + 20 + 23);
    assert.deepEqual(
      record.bundle?.map((entry) => entry.file),
      [`${DIR}/default.b.Bundle.cpu.prof`, `${DIR}/default.b.Bundle.heap.prof`, undefined],
    );
    assert.deepEqual(await readCaptureRecord(root, record.file), record);
    assert.equal(
      readFileSync(path.join(root, DIR, 'default.b.Bundle.goroutine.debug2.txt'), 'utf8'),
      'goroutine 1 [running]:\n',
    );
    const second = await store(root);
    assert.equal(second.file, `${DIR}/default.b.Bundle-2.json`);
    assert.equal(second.goroutineDump, `${DIR}/default.b.Bundle-2.goroutine.debug2.txt`);
  });

  it('is kept by the leftover sweep, deleted whole by retention, and its interrupted files are leftovers', async () => {
    const root = mkdtempSync(path.join(scratch, 'root-'));
    await store(root);
    // A bundle killed before its sidecar: its profiles are leftovers.
    writeFileSync(path.join(root, DIR, 'default.c.Bundle.cpu.prof'), 'x');
    const leftovers = await sweeper(root, AT.getTime()).sweepLeftovers();
    assert.deepEqual(
      leftovers.map((deletion) => [deletion.file, deletion.reason]),
      [[`${DIR}/default.c.Bundle.cpu.prof`, 'profile without its sidecar']],
    );
    assert.equal(readdirSync(path.join(root, DIR)).length, 4);
    const sidecarBytes = statSync(path.join(root, DIR, 'default.b.Bundle.json')).size;
    const outcome = await sweeper(root, AT.getTime() + 2 * HOUR).sweep();
    assert.deepEqual(
      outcome.deletions.map((deletion) => [deletion.file, deletion.reason, deletion.bytes]),
      [[`${DIR}/default.b.Bundle.json`, 'retention', sidecarBytes + 10 + 20 + 23]],
    );
    assert.equal(existsSync(path.join(root, DIR)), false);
  });
});
