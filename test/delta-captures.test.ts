// Delta captures (issue 10 item 1) against the real Go target: Go's own `?seconds=N` delta, and,
// behind a proxy that refuses the parameter, two snapshots subtracted here. Checked against
// `go tool pprof -base` on snapshots of the same target taken around the capture.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile, type Profile } from '../src/pprof/index.js';
import { subtractSnapshots } from '../src/processor/delta-profile.js';
import { readCaptureRecord } from '../src/store/index.js';
import { goToolPprof } from './support/go-pprof.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startRefusingProxy, type RefusingProxy } from './support/refusing-proxy.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';

const R = 'diagnoser.runtime.go_profiler.result.';

let target: GoTarget;
let proxy: RefusingProxy;
let processor: TestProcessor;
let scratch: string;

before(async () => {
  target = await startGoTarget(['-stacks', '8', '-leak', '8', '-contention', '2']);
  proxy = await startRefusingProxy(target.url);
  processor = await startTestProcessor();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-delta-'));
});

after(async () => {
  await processor?.close();
  await Promise.all([proxy?.close(), target?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

async function snapshot(name: string, file: string): Promise<string> {
  const response = await fetch(`${target.url}/debug/pprof/${name}`);
  assert.equal(response.status, 200);
  const out = path.join(scratch, file);
  writeFileSync(out, new Uint8Array(await response.arrayBuffer()));
  return out;
}

/** `go tool pprof -base BASE FILE`, as profile.proto decoded here. */
async function pprofBase(base: string, file: string): Promise<Profile> {
  const out = path.join(scratch, `${path.basename(file)}-minus-${path.basename(base)}.pb.gz`);
  await goToolPprof(['-proto', '-output', out, '-base', base, file]);
  return decodeProfile(readFileSync(out));
}

/** Each leaf function's total of sample type `column`, zero totals left out. */
function leafTotals(profile: Profile, column: number): Map<string, number> {
  const totals = new Map<string, number>();
  const { samples, locations, functions, strings } = profile;
  const width = profile.sampleTypes.length;
  for (let s = 0; s < samples.count; s++) {
    const leaf = samples.stackLocations[samples.stackStart[s]!]!;
    const fn = locations.lineFunction[locations.lineStart[leaf]!]!;
    const name = strings[functions.name[fn]!]!;
    totals.set(name, (totals.get(name) ?? 0) + samples.values[s * width + column]!);
  }
  for (const [name, value] of totals) if (value === 0) totals.delete(name);
  return totals;
}

function total(profile: Profile, column: number): number {
  let sum = 0;
  for (let s = 0; s < profile.samples.count; s++)
    sum += profile.samples.values[s * profile.sampleTypes.length + column]!;
  return sum;
}

/** Every leaf function of the delta lies within the snapshots' difference: the window is inside theirs. */
function assertWithin(delta: Profile, around: Profile, column: number): void {
  const outer = leafTotals(around, column);
  for (const [name, value] of leafTotals(delta, column)) {
    assert.ok(value > 0, `${name}: a cumulative profile's delta is never negative (${value})`);
    assert.ok((outer.get(name) ?? 0) >= value, `${name}: ${value} in the window, ${outer.get(name)} around it`);
  }
}

describe('subtracting two snapshots', () => {
  it('gives what go tool pprof -base gives, to the value', async () => {
    const first = await snapshot('allocs', 'allocs-1.pb.gz');
    await fetch(`${target.url}/work?n=200`);
    const second = await snapshot('allocs', 'allocs-2.pb.gz');
    const ours = decodeProfile(subtractSnapshots(readFileSync(first), readFileSync(second), 1, {}));
    const pprof = await pprofBase(first, second);
    assert.deepEqual(
      ours.sampleTypes.map((type) => type.type),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
    for (let column = 0; column < 4; column++) {
      assert.deepEqual(leafTotals(ours, column), leafTotals(pprof, column), ours.sampleTypes[column]!.type);
    }
    // The window is the time between the snapshots, as net/http/pprof's own delta says it.
    const [before, later] = [first, second].map((file) => decodeProfile(readFileSync(file)).timeNanos);
    assert.equal(ours.durationNanos, Number(later! - before!));
    assert.equal(ours.timeNanos, later);
  });
});

describe('a delta capture', () => {
  it("is Go's own delta for Allocs with seconds: only the window's allocations, recorded and shown", async () => {
    const first = await snapshot('allocs', 'around-1.pb.gz');
    const { status, json } = await processor.post({ source: target.url, type: 'allocs', seconds: 1 });
    assert.equal(status, 200, JSON.stringify(json));
    const second = await snapshot('allocs', 'around-2.pb.gz');
    assert.equal(json[`${R}delta_seconds`], '1');
    assert.equal(json[`${R}delta_method`], 'go');
    const file = String(json[`${R}file`]);
    const record = await readCaptureRecord(processor.dataRoot, file);
    assert.equal(record.deltaSeconds, 1);
    assert.equal(record.deltaMethod, 'go');
    assert.equal(new URL(record.url).searchParams.get('seconds'), '1');

    const delta = decodeProfile(readFileSync(path.join(processor.dataRoot, file)));
    assert.ok(delta.durationNanos >= 1e9, `Go's delta lasts the window: ${delta.durationNanos} ns`);
    const alloc = delta.sampleTypes.findIndex((type) => type.type === 'alloc_space');
    const around = await pprofBase(first, second);
    assertWithin(delta, around, alloc);
    // Not the process's lifetime: what was allocated before the first snapshot is not in the window.
    const lifetime = decodeProfile(readFileSync(second));
    assert.ok(total(delta, alloc) > 0, 'the CPU worker allocates during the window');
    assert.ok(
      total(delta, alloc) <= total(around, alloc),
      `window ${total(delta, alloc)}, ${total(around, alloc)} around`,
    );
    assert.ok(total(around, alloc) < total(lifetime, alloc), `lifetime ${total(lifetime, alloc)}`);

    const viewer = `http://127.0.0.1:${viewerPort(json)}`;
    const summary = (await (await fetch(`${viewer}/api/profile`)).json()) as Record<string, unknown>;
    assert.deepEqual(summary.window, { seconds: 1, method: 'go' });
  });

  it('is two snapshots subtracted when the delta endpoint answers an error, and says so', async () => {
    const first = await snapshot('block', 'block-1.pb.gz');
    const asked = proxy.requests.length;
    const { status, json } = await processor.post({ source: proxy.url, type: 'Block', seconds: 1 });
    assert.equal(status, 200, JSON.stringify(json));
    const second = await snapshot('block', 'block-2.pb.gz');
    assert.deepEqual(proxy.requests.slice(asked), [
      '/debug/pprof/block?seconds=1',
      '/debug/pprof/block',
      '/debug/pprof/block',
    ]);
    assert.equal(json[`${R}delta_method`], 'subtracted');
    const file = String(json[`${R}file`]);
    const record = await readCaptureRecord(processor.dataRoot, file);
    assert.equal(record.deltaMethod, 'subtracted');
    assert.equal(record.deltaSeconds, 1);

    const delta = decodeProfile(readFileSync(path.join(processor.dataRoot, file)));
    assert.ok(delta.durationNanos >= 1e9, `the snapshots are a window apart: ${delta.durationNanos} ns`);
    assert.ok(total(delta, 0) > 0, 'the contention workers block during the window');
    for (const column of [0, 1]) assertWithin(delta, await pprofBase(first, second), column);
  });

  it('is a snapshot for Goroutine and Threadcreate, whose seconds are ignored', async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'Goroutine', seconds: 5 });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json[`${R}delta_seconds`], undefined);
    const record = await readCaptureRecord(processor.dataRoot, String(json[`${R}file`]));
    assert.equal(new URL(record.url).search, '');
    assert.equal(record.deltaSeconds, undefined);
  });

  it('refuses a window above 600 seconds, naming the key', async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'Mutex', seconds: 601 });
    assert.equal(status, 400);
    assert.match(String(json.error), /^parse request key seconds: 601 is above 600$/);
  });
});
