import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixturePath } from '../../test/support/fixtures.js';
import { buildCapturePath, resolveCaptureFile, UnsafeCapturePathError } from './capture-path.js';
import { listCaptures, readCaptureBytes, saveCapture, type SaveCaptureInput } from './capture-store.js';

const capturedAt = new Date(Date.UTC(2026, 10, 25, 9, 4, 5, 678));
const heapBytes = new Uint8Array(readFileSync(fixturePath('heap-small.pb.gz')));

function input(overrides: Partial<SaveCaptureInput['path']> = {}, type = 'Heap'): SaveCaptureInput {
  return {
    bytes: heapBytes,
    path: { capturedAt, type, diagnosisNamespace: 'default', diagnosisName: 'go-profiler', ...overrides },
    record: {
      source: 'http://127.0.0.1:8090',
      url: 'http://127.0.0.1:8090/debug/pprof/heap',
      type,
      requestedAt: capturedAt.toISOString(),
      capturedAt: capturedAt.toISOString(),
      sampleTypes: [{ type: 'inuse_space', unit: 'bytes' }],
      sampleCount: 3,
      diagnosis: { namespace: 'default', name: 'go-profiler' },
    },
  };
}

/** Data roots of this file, removed at the end. */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-store-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const tempRoot = () => mkdtempSync(path.join(scratch, 'root-'));

describe('saveCapture', () => {
  it("stores the raw bytes at the original's layout, with a sidecar beside them", async () => {
    const root = tempRoot();
    const record = await saveCapture(root, input());
    assert.equal(record.file, 'profilers/go/pprof/20261125090405/default.go-profiler.Heap.prof');
    assert.deepEqual(new Uint8Array(readFileSync(path.join(root, record.file))), heapBytes);
    const sidecar = JSON.parse(readFileSync(path.join(root, record.file.replace(/\.prof$/, '.json')), 'utf8'));
    assert.equal(sidecar.file, record.file);
    assert.equal(sidecar.bytes, heapBytes.length);
    assert.equal(sidecar.source, 'http://127.0.0.1:8090');
  });

  it('adds the pod segment only when a pod is named', async () => {
    const root = tempRoot();
    const withPod = await saveCapture(
      root,
      input({ pod: { namespace: 'kube-system', name: 'apiserver-1', container: 'kube-apiserver' } }),
    );
    assert.equal(
      withPod.file,
      'profilers/go/pprof/kube-system.apiserver-1.kube-apiserver/20261125090405/default.go-profiler.Heap.prof',
    );
    const noContainer = await saveCapture(root, input({ pod: { namespace: 'web', name: 'web-0', container: '' } }));
    assert.equal(noContainer.file, 'profilers/go/pprof/web.web-0/20261125090405/default.go-profiler.Heap.prof');
  });

  it('never overwrites: captures in the same second get -2, -3 (also when racing)', async () => {
    const root = tempRoot();
    const files = await Promise.all([1, 2, 3].map(() => saveCapture(root, input())));
    assert.deepEqual(files.map((r) => r.file.split('/').pop()).sort(), [
      'default.go-profiler.Heap-2.prof',
      'default.go-profiler.Heap-3.prof',
      'default.go-profiler.Heap.prof',
    ]);
    for (const record of files) assert.equal(readFileSync(path.join(root, record.file)).length, heapBytes.length);
  });

  it('leaves nothing behind when the sidecar cannot be written', async () => {
    const root = tempRoot();
    const dir = path.join(root, 'profilers/go/pprof/20261125090405');
    // A folder where the sidecar must go makes its rename fail (EISDIR).
    mkdirSync(path.join(dir, 'default.go-profiler.Heap.json'), { recursive: true });
    await assert.rejects(saveCapture(root, input()), (error: Error) => {
      assert.equal(error.name, 'CaptureStoreError');
      assert.match(error.message, /^store capture sidecar .*default\.go-profiler\.Heap\.json: .*EISDIR/);
      return true;
    });
    assert.deepEqual(readdirSync(dir), ['default.go-profiler.Heap.json']);
    assert.deepEqual(await listCaptures(root), []);
  });

  it('writes through a temporary name and never replaces a file already there', async () => {
    const root = tempRoot();
    const dir = path.join(root, 'profilers/go/pprof/20261125090405');
    mkdirSync(dir, { recursive: true });
    // Left by an older version, or by anything else: the link to this name fails, -2 is taken.
    writeFileSync(path.join(dir, 'default.go-profiler.Heap.prof'), 'not ours');
    const record = await saveCapture(root, input());
    assert.equal(record.file, 'profilers/go/pprof/20261125090405/default.go-profiler.Heap-2.prof');
    assert.equal(readFileSync(path.join(dir, 'default.go-profiler.Heap.prof'), 'utf8'), 'not ours');
    assert.deepEqual(readdirSync(dir).sort(), [
      'default.go-profiler.Heap-2.json',
      'default.go-profiler.Heap-2.prof',
      'default.go-profiler.Heap.prof',
    ]);
  });

  it('refuses names that would lead out of the data root', async () => {
    const root = tempRoot();
    for (const bad of [
      { diagnosisName: '../../etc' },
      { diagnosisNamespace: '..' },
      { pod: { namespace: 'a', name: 'x/../../y', container: '' } },
    ]) {
      await assert.rejects(saveCapture(root, input(bad)), UnsafeCapturePathError);
    }
    assert.throws(() => buildCapturePath({ ...input().path, type: '../x' }), UnsafeCapturePathError);
  });
});

describe('resolveCaptureFile', () => {
  it('keeps every path inside the captures folder of the data root', () => {
    const root = '/data';
    assert.equal(
      resolveCaptureFile(root, 'profilers/go/pprof/1/a.Heap.prof'),
      '/data/profilers/go/pprof/1/a.Heap.prof',
    );
    for (const bad of ['../x', '/etc/passwd', 'profilers/go/pprof/../../../etc/passwd', 'profilers/go', '', 'a\0b']) {
      assert.throws(() => resolveCaptureFile(root, bad), UnsafeCapturePathError, bad);
    }
  });
});

describe('listCaptures', () => {
  it('lists captures oldest first, skipping (and reporting) unreadable sidecars', async () => {
    const root = tempRoot();
    assert.deepEqual(await listCaptures(root), []);
    const later = await saveCapture(root, {
      ...input(),
      path: { ...input().path, capturedAt: new Date(capturedAt.getTime() + 5000) },
      record: { ...input().record, capturedAt: new Date(capturedAt.getTime() + 5000).toISOString() },
    });
    const earlier = await saveCapture(root, input({ pod: { namespace: 'web', name: 'web-0', container: 'app' } }));
    const brokenDir = path.join(root, 'profilers/go/pprof/20200101000000');
    mkdirSync(brokenDir, { recursive: true });
    writeFileSync(path.join(brokenDir, 'default.x.Heap.json'), '{"version": 1, "file": 3}');
    writeFileSync(path.join(brokenDir, 'default.y.Heap.json'), '{"version": 1,');
    const escaping = { ...earlier, file: '../../outside.prof' };
    writeFileSync(path.join(brokenDir, 'default.z.Heap.json'), JSON.stringify(escaping));
    const problems: string[] = [];
    const records = await listCaptures(root, { onProblem: (error) => problems.push(error.message) });
    assert.deepEqual(
      records.map((r) => r.file),
      [earlier.file, later.file],
    );
    assert.equal(problems.length, 3);
    assert.ok(
      problems.some((p) => /default\.x\.Heap\.json: file: /.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /outside/.test(p)),
      problems.join('\n'),
    );
    assert.deepEqual(await readCaptureBytes(root, earlier.file), heapBytes);
    await assert.rejects(readCaptureBytes(root, '../../etc/passwd'), UnsafeCapturePathError);
  });
});
