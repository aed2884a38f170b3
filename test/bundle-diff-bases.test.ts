// A bundle's profiles have diff bases (issue 12, s7): through the real processor against the real Go
// target, each profile viewer of a bundle lists the other stored captures of the same target, type
// and namespace, newest first, as a single capture's viewer does, and the other bundles' profiles
// are among a single capture's bases; another namespace's bundle is never listed; a base from
// another bundle is diffed against.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readCaptureRecord } from '../src/store/index.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';

const R = 'diagnoser.runtime.go_profiler.result.';

let target: GoTarget;
let processor: TestProcessor;

interface Stored {
  /** The answer's file (a bundle's sidecar, or the profile). */
  readonly file: string;
  readonly viewer: string;
  /** A bundle's profile files by name. */
  readonly parts: Readonly<Record<string, string>>;
}

let first: Stored;
let heap: Stored;
let second: Stored;
let otherTeam: Stored;

async function capture(body: Record<string, unknown>): Promise<Stored> {
  const { status, json } = await processor.post({ source: target.url, ...body });
  assert.equal(status, 200, JSON.stringify(json));
  const file = String(json[`${R}file`]);
  const record = await readCaptureRecord(processor.dataRoot, file);
  const parts = Object.fromEntries(
    (record.bundle ?? []).flatMap((entry) => (entry.file === undefined ? [] : [[entry.profile, entry.file]])),
  );
  return { file, viewer: `http://127.0.0.1:${viewerPort(json)}`, parts };
}

async function basesOf(url: string): Promise<{ bases: { file: string }[]; unavailable?: string }> {
  const response = await fetch(`${url}/api/bases`);
  assert.equal(response.status, 200, url);
  return (await response.json()) as { bases: { file: string }[]; unavailable?: string };
}

before(async () => {
  target = await startGoTarget(['-stacks', '8', '-contention', '2', '-goroutines', '20']);
  processor = await startTestProcessor();
  // In this order: each is newer than the one before.
  first = await capture({ type: 'Bundle', seconds: 1 });
  heap = await capture({ type: 'Heap' });
  second = await capture({ type: 'Bundle', seconds: 1 });
  otherTeam = await capture({ type: 'Bundle', seconds: 1, 'diagnosis.namespace': 'team-b' });
});

after(async () => {
  await processor?.close();
  await target?.stop();
});

describe("a bundle's profile viewers", () => {
  it("list the other captures of the same target, type and namespace, newest first: single ones and other bundles' profiles", async () => {
    assert.deepEqual(
      (await basesOf(`${second.viewer}/profile/heap`)).bases.map((base) => base.file),
      [heap.file, first.parts.heap],
    );
    assert.deepEqual(
      (await basesOf(`${second.viewer}/profile/allocs`)).bases.map((base) => base.file),
      [first.parts.allocs],
    );
    // The root shows the first profile, the CPU one.
    assert.deepEqual(
      (await basesOf(second.viewer)).bases.map((base) => base.file),
      [first.parts.cpu],
    );
    assert.deepEqual(
      (await basesOf(`${first.viewer}/profile/goroutine`)).bases.map((base) => base.file),
      [second.parts.goroutine],
    );
  });

  it("are among a single capture's bases", async () => {
    assert.deepEqual(
      (await basesOf(heap.viewer)).bases.map((base) => base.file),
      [second.parts.heap, first.parts.heap],
    );
  });

  it("never list another namespace's captures, nor are listed by them", async () => {
    assert.deepEqual(await basesOf(`${otherTeam.viewer}/profile/heap`), {
      bases: [],
      unavailable: `No other Heap capture of ${target.url} in namespace team-b is stored under the data root: capture it again to diff against this one.`,
    });
  });

  it("diff against another bundle's profile", async () => {
    const base = encodeURIComponent(first.parts.heap!);
    const response = await fetch(`${second.viewer}/profile/heap/api/top?base=${base}`);
    assert.equal(response.status, 200);
    const outside = await fetch(
      `${second.viewer}/profile/heap/api/top?base=${encodeURIComponent(otherTeam.parts.heap!)}`,
    );
    assert.deepEqual(
      [outside.status, await outside.json()],
      [
        400,
        {
          error: `diff against ${JSON.stringify(otherTeam.parts.heap)}: not another stored Heap capture of ${target.url} in this namespace (see /api/bases)`,
          key: 'base',
        },
      ],
    );
  });
});
