import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixturePath } from '../../test/support/fixtures.js';
import { CaptureListing, SETTLED_FOLDER_MS } from './capture-listing.js';
import type { CaptureStoreError } from './capture-store-error.js';
import { listCaptures, saveCapture, type SaveCaptureInput } from './capture-store.js';

const heapBytes = new Uint8Array(readFileSync(fixturePath('heap-small.pb.gz')));

function input(second: number, source = 'http://127.0.0.1:8090'): SaveCaptureInput {
  const capturedAt = new Date(Date.UTC(2026, 10, 25, 9, 4, second));
  return {
    bytes: heapBytes,
    path: { capturedAt, type: 'Heap', diagnosisNamespace: 'default', diagnosisName: 'go-profiler' },
    record: {
      source,
      url: `${source}/debug/pprof/heap`,
      type: 'Heap',
      requestedAt: capturedAt.toISOString(),
      capturedAt: capturedAt.toISOString(),
      sampleTypes: [{ type: 'inuse_space', unit: 'bytes' }],
      sampleCount: 3,
      diagnosis: { namespace: 'default', name: 'go-profiler' },
    },
  };
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-listing-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const tempRoot = () => mkdtempSync(path.join(scratch, 'root-'));

/** A clock an hour ahead: every folder written by the test looks settled. */
const anHourLater = () => Date.now() + 3_600_000;

/** Rewrites a sidecar in place (no rename: its folder's time stays), as no writer of ours does. */
function rewriteInPlace(root: string, file: string, source: string): void {
  const sidecar = path.join(root, file.replace(/\.prof$/, '.json'));
  writeFileSync(sidecar, JSON.stringify({ ...JSON.parse(readFileSync(sidecar, 'utf8')), source }));
}

const sources = (records: readonly { source: string }[]) => records.map((record) => record.source);

describe('CaptureListing', () => {
  it("answers listCaptures' records and problems, without reading a sidecar again while no folder changed", async () => {
    const root = tempRoot();
    const first = await saveCapture(root, input(1));
    await saveCapture(root, input(2, 'http://127.0.0.1:8091'));
    writeFileSync(path.join(root, path.dirname(first.file), 'broken.json'), '{');
    const listing = new CaptureListing(root, { now: anHourLater });
    const problems: CaptureStoreError[] = [];
    const listed = await listing.list((problem) => problems.push(problem));
    assert.deepEqual(listed, await listCaptures(root));
    assert.deepEqual(sources(listed), ['http://127.0.0.1:8090', 'http://127.0.0.1:8091']);

    rewriteInPlace(root, first.file, 'http://10.0.0.1:1');
    const again = await listing.list((problem) => problems.push(problem));
    assert.deepEqual(sources(again), ['http://127.0.0.1:8090', 'http://127.0.0.1:8091'], 'kept, not read again');
    assert.deepEqual(sources(await listCaptures(root)), ['http://10.0.0.1:1', 'http://127.0.0.1:8091']);
    assert.deepEqual(
      problems.map((problem) => problem.message.replace(/:.*/, '')),
      [
        'list capture profilers/go/pprof/20261125090401/broken.json',
        'list capture profilers/go/pprof/20261125090401/broken.json',
      ],
      'the unreadable sidecar reported at each listing',
    );
    again.pop();
    assert.equal((await listing.list()).length, 2, 'each answer is a new array');
  });

  it('sees the captures root created, a capture saved, a sidecar renamed over and one deleted', async () => {
    const root = tempRoot();
    const listing = new CaptureListing(root, { now: anHourLater });
    assert.deepEqual(await listing.list(), []);
    const first = await saveCapture(root, input(1));
    assert.deepEqual(sources(await listing.list()), ['http://127.0.0.1:8090']);
    const second = await saveCapture(root, input(2, 'http://127.0.0.1:8091'));
    assert.deepEqual(sources(await listing.list()), ['http://127.0.0.1:8090', 'http://127.0.0.1:8091']);

    // As the store rewrites a sidecar (recordCaptureReport): a temporary file renamed over it.
    const sidecar = path.join(root, second.file.replace(/\.prof$/, '.json'));
    const record = JSON.parse(readFileSync(sidecar, 'utf8')) as Record<string, unknown>;
    writeFileSync(`${sidecar}.x.tmp`, JSON.stringify({ ...record, source: 'http://127.0.0.1:8092' }));
    renameSync(`${sidecar}.x.tmp`, sidecar);
    assert.deepEqual(sources(await listing.list()), ['http://127.0.0.1:8090', 'http://127.0.0.1:8092']);

    rmSync(path.join(root, first.file.replace(/\.prof$/, '.json')));
    assert.deepEqual(sources(await listing.list()), ['http://127.0.0.1:8092']);
  });

  it(`keeps no listing of a folder changed less than ${SETTLED_FOLDER_MS} ms before it began`, async () => {
    const root = tempRoot();
    const first = await saveCapture(root, input(1));
    // The listing begins as the capture's folder was last changed, by the clock: not settled.
    const folderTime = statSync(path.join(root, path.dirname(first.file))).mtimeMs;
    const listing = new CaptureListing(root, { now: () => folderTime });
    assert.deepEqual(sources(await listing.list()), ['http://127.0.0.1:8090']);
    rewriteInPlace(root, first.file, 'http://10.0.0.1:1');
    assert.deepEqual(sources(await listing.list()), ['http://10.0.0.1:1']);
  });
});
