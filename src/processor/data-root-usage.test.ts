import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CaptureStoreError } from '../store/index.js';
import { DataRootUsage } from './data-root-usage.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-usage-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function dataRoot(name: string): string {
  const root = path.join(scratch, name);
  mkdirSync(path.join(root, 'profilers/go/pprof/shop.web-0.server/20261125093000'), { recursive: true });
  mkdirSync(path.join(root, 'go-profiler/configs'), { recursive: true });
  return root;
}

describe('DataRootUsage', () => {
  it('counts every file under the captures folder, nothing beside it, and is 0 before it measured', async () => {
    const root = dataRoot('counts');
    writeFileSync(path.join(root, 'profilers/go/pprof/a.Heap.prof'), Buffer.alloc(1000));
    writeFileSync(path.join(root, 'profilers/go/pprof/shop.web-0.server/20261125093000/b.Heap.json'), 'x'.repeat(234));
    writeFileSync(path.join(root, 'go-profiler/configs/default.json'), 'x'.repeat(50));
    const usage = new DataRootUsage(root, (error) => assert.fail(String(error)));
    assert.equal(usage.bytes, 0);
    await usage.refresh();
    assert.equal(usage.bytes, 1234);
  });

  it('measures once more when asked during a measure, so a file written meanwhile is counted', async () => {
    const root = dataRoot('again');
    const usage = new DataRootUsage(root, (error) => assert.fail(String(error)));
    const first = usage.refresh();
    writeFileSync(path.join(root, 'profilers/go/pprof/c.Heap.prof'), Buffer.alloc(77));
    const second = usage.refresh();
    const third = usage.refresh();
    assert.equal(third, second, 'asks during a measure join the one queued');
    await Promise.all([first, second]);
    assert.equal(usage.bytes, 77);
  });

  it('adds a file the processor wrote without a walk, and measures again when one is running', async () => {
    const root = dataRoot('add');
    writeFileSync(path.join(root, 'profilers/go/pprof/e.Heap.prof'), Buffer.alloc(100));
    const usage = new DataRootUsage(root, (error) => assert.fail(String(error)));
    await usage.refresh();
    // Written and added, not measured: the count follows without reading the tree.
    writeFileSync(path.join(root, 'profilers/go/pprof/e.Heap.report.html'), Buffer.alloc(20));
    usage.add(20);
    assert.equal(usage.bytes, 120);
    // During a measure that may have missed it, the add becomes one more measure.
    const running = usage.refresh();
    writeFileSync(path.join(root, 'profilers/go/pprof/f.Heap.report.html'), Buffer.alloc(3));
    const counted = usage.add(3);
    await Promise.all([running, counted]);
    assert.equal(usage.bytes, 123);
  });

  it('keeps the last value and reports a captures folder that leads out of the data root', async () => {
    const root = dataRoot('link');
    writeFileSync(path.join(root, 'profilers/go/pprof/d.Heap.prof'), Buffer.alloc(10));
    const errors: unknown[] = [];
    const usage = new DataRootUsage(root, (error) => errors.push(error));
    await usage.refresh();
    const outside = path.join(scratch, 'outside');
    renameSync(path.join(root, 'profilers/go/pprof'), outside);
    symlinkSync(outside, path.join(root, 'profilers/go/pprof'));
    await usage.refresh();
    assert.equal(usage.bytes, 10);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof CaptureStoreError);
    assert.match((errors[0] as Error).message, /it leads out of the data root through a link/);
  });
});
