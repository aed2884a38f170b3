// Bundle captures (issue 10 item 2) through the real processor against the real Go target: every
// profile over one window in one request, each stored and decoded, listed in the answer; one
// viewer session whose profiles live under /profile/NAME/; a failing profile listed with its
// reason while the others are kept; the session back after a restart; a Goroutine capture's dump.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../src/pprof/index.js';
import { BLOCK_PROFILE_OFF, MUTEX_PROFILE_OFF } from '../src/query/index.js';
import { readCaptureRecord } from '../src/store/index.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startRefusingProxy, type RefusingProxy } from './support/refusing-proxy.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const PROFILES = ['cpu', 'allocs', 'heap', 'goroutine', 'block', 'mutex', 'threadcreate'];
const TYPES = ['Profile', 'Allocs', 'Heap', 'Goroutine', 'Block', 'Mutex', 'Threadcreate'];

interface Listed {
  readonly profile: string;
  readonly type: string;
  readonly file?: string;
  readonly samples?: number;
  readonly totals?: Record<string, string>;
  readonly deltaSeconds?: number;
  readonly deltaMethod?: string;
  readonly error?: string;
}

let target: GoTarget;
let broken: RefusingProxy;
let dataRoot: string;
let processor: TestProcessor;

before(async () => {
  target = await startGoTarget(['-stacks', '8', '-contention', '2', '-threads', '2', '-goroutines', '40']);
  broken = await startRefusingProxy(target.url, { refuseDelta: [], fail: ['block'] });
  dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-bundle-'));
  processor = await startTestProcessor({ dataRoot });
});

after(async () => {
  await processor?.close();
  await Promise.all([broken?.close(), target?.stop()]);
  rmSync(dataRoot, { recursive: true, force: true });
});

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return (await response.json()) as Record<string, unknown>;
}

let bundleAnswer: Record<string, unknown>;

describe('a Bundle capture', () => {
  it('stores every profile of one window, each decoding, listed in the answer and the sidecar', async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'bundle', seconds: 1 });
    assert.equal(status, 200, JSON.stringify(json));
    bundleAnswer = json;
    assert.equal(json[`${R}type`], 'Bundle');
    const file = String(json[`${R}file`]);
    assert.match(file, /^profilers\/go\/pprof\/\d{14}\/default\.unknown\.Bundle\.json$/);
    const listed = JSON.parse(String(json[`${R}profiles`])) as Listed[];
    assert.deepEqual(
      listed.map((entry) => [entry.profile, entry.type]),
      PROFILES.map((profile, i) => [profile, TYPES[i]]),
    );
    const stem = file.replace(/\.json$/, '');
    for (const entry of listed) {
      assert.equal(entry.error, undefined, `${entry.profile}: ${entry.error}`);
      assert.equal(entry.file, `${stem}.${entry.profile}.prof`);
      const profile = decodeProfile(readFileSync(path.join(dataRoot, entry.file!)));
      assert.equal(entry.samples, profile.samples.count, entry.profile);
      assert.ok(profile.samples.count > 0, `${entry.profile} has samples`);
      assert.deepEqual(
        Object.keys(entry.totals ?? {}),
        profile.sampleTypes.map((type) => type.type),
        entry.profile,
      );
    }
    // The CPU profile and the deltas span the window; the others are snapshots.
    assert.equal(decodeProfile(readFileSync(path.join(dataRoot, `${stem}.cpu.prof`))).durationNanos >= 1e9, true);
    for (const delta of ['allocs', 'block', 'mutex']) {
      const entry = listed.find((candidate) => candidate.profile === delta)!;
      assert.deepEqual([entry.deltaSeconds, entry.deltaMethod], [1, 'go'], delta);
    }
    assert.equal(listed.find((entry) => entry.profile === 'heap')!.deltaSeconds, undefined);

    const record = await readCaptureRecord(dataRoot, file);
    assert.equal(record.type, 'Bundle');
    assert.equal(record.file, file);
    assert.equal(record.goroutineDump, `${stem}.goroutine.debug2.txt`);
    assert.equal(json[`${R}goroutine_dump`], record.goroutineDump);
    const dump = readFileSync(path.join(dataRoot, record.goroutineDump!), 'utf8');
    assert.match(dump, /^goroutine \d+ \[/);
    assert.deepEqual(
      record.bundle?.map((entry) => entry.file),
      listed.map((entry) => entry.file),
    );
  });

  it('serves one session: each profile under /profile/NAME/, the root its first, ?profile=NAME sent there', async () => {
    const viewer = `http://127.0.0.1:${viewerPort(bundleAnswer)}`;
    const root = await getJson(`${viewer}/api/profile`);
    assert.equal(root.type, 'Profile');
    const set = root.profiles as { names: string[]; current: string; entries: { name: string; type: string }[] };
    assert.deepEqual(set.names, PROFILES);
    assert.equal(set.current, 'cpu');
    assert.deepEqual(
      set.entries.map((entry) => entry.type),
      TYPES,
    );
    const heap = await getJson(`${viewer}/profile/heap/api/profile`);
    assert.equal(heap.type, 'Heap');
    assert.equal((heap.profiles as { current: string }).current, 'heap');
    const allocs = await getJson(`${viewer}/profile/allocs/api/profile`);
    assert.deepEqual(allocs.window, { seconds: 1, method: 'go' });
    // Each profile's own queries: the heap's Top is in bytes, the CPU's in time.
    const heapTop = await getJson(`${viewer}/profile/heap/api/top?si=alloc_space`);
    const cpuTop = await getJson(`${viewer}/api/top`);
    assert.notEqual(heapTop.totalText, cpuTop.totalText);
    assert.match(String(heapTop.totalText), /B$/);
    assert.match(String(cpuTop.totalText), /s$/);

    const sent = await fetch(`${viewer}/flamegraph?profile=heap&si=alloc_space`, { redirect: 'manual' });
    assert.equal(sent.status, 302);
    assert.equal(sent.headers.get('location'), '/profile/heap/flamegraph?si=alloc_space');
    const page = await fetch(`${viewer}/profile/mutex/top?si=delay`);
    assert.equal(page.status, 200);
    assert.equal((await fetch(`${viewer}/profile/nothing/api/profile`)).status, 404);
  });

  it('lists a failing profile with its reason and keeps the others', async () => {
    const { status, json } = await processor.post({ source: broken.url, type: 'Bundle', seconds: 1 });
    assert.equal(status, 200, JSON.stringify(json));
    const listed = JSON.parse(String(json[`${R}profiles`])) as Listed[];
    const block = listed.find((entry) => entry.profile === 'block')!;
    assert.equal(block.file, undefined);
    assert.equal(
      block.error,
      // The delta refused, its fallback's first snapshot too: that last error is the reason.
      `fetch ${broken.url}/debug/pprof/block: the target answered HTTP 500 with text (12 bytes)`,
    );
    for (const entry of listed.filter((candidate) => candidate.profile !== 'block')) {
      assert.ok(entry.file !== undefined && existsSync(path.join(dataRoot, entry.file)), entry.profile);
    }
    const viewer = `http://127.0.0.1:${viewerPort(json)}`;
    const root = await getJson(`${viewer}/api/profile`);
    assert.deepEqual(
      (root.profiles as { names: string[] }).names,
      PROFILES.filter((name) => name !== 'block'),
    );
  });

  it('gives an empty block or mutex profile the advice that turns profiling on as its reason', async () => {
    const quiet = await startGoTarget(['-stacks', '4', '-blockrate', '0', '-mutexfraction', '0']);
    try {
      const { status, json } = await processor.post({ source: quiet.url, type: 'Bundle', seconds: 1 });
      assert.equal(status, 200, JSON.stringify(json));
      const listed = JSON.parse(String(json[`${R}profiles`])) as Listed[];
      const reasons = Object.fromEntries(listed.map((entry) => [entry.profile, entry.error]));
      assert.equal(reasons.block, `empty: ${BLOCK_PROFILE_OFF}`);
      assert.equal(reasons.mutex, `empty: ${MUTEX_PROFILE_OFF}`);
      assert.equal(reasons.heap, undefined);
    } finally {
      await quiet.stop();
    }
  });

  it('comes back after a restart with its switcher', async () => {
    const port = viewerPort(bundleAnswer);
    await processor.close();
    processor = await startTestProcessor({ dataRoot });
    await waitFor(async () => {
      const answer = await fetch(`http://127.0.0.1:${port}/profile/heap/api/profile`).catch(() => undefined);
      return answer?.status === 200;
    }, 'the bundle session restored on its port');
    const heap = await getJson(`http://127.0.0.1:${port}/profile/heap/api/profile`);
    assert.equal(heap.type, 'Heap');
    assert.deepEqual((heap.profiles as { names: string[] }).names, PROFILES);
    const allocs = await getJson(`http://127.0.0.1:${port}/profile/allocs/api/profile`);
    assert.deepEqual(allocs.window, { seconds: 1, method: 'go' });
  });
});

describe('a Goroutine capture', () => {
  it('stores the debug=2 dump beside the profile', async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'Goroutine' });
    assert.equal(status, 200, JSON.stringify(json));
    const file = String(json[`${R}file`]);
    const record = await readCaptureRecord(dataRoot, file);
    assert.equal(record.goroutineDump, file.replace(/\.prof$/, '.debug2.txt'));
    const dump = readFileSync(path.join(dataRoot, record.goroutineDump!), 'utf8');
    // Every goroutine, each with its state: the 40 parked ones among them.
    const goroutines = dump.match(/^goroutine \d+ \[[^\]]+\]:$/gm) ?? [];
    assert.ok(goroutines.length >= 40, `${goroutines.length} goroutines in the dump`);
  });
});
