// Sessions survive a restart (SPEC §6) on the real processor in this process, where a clock can be
// injected: an expiry reached while it was down cleans the record; a restored session closes at
// its original expiry; the limits hold (most recently opened first); restoring never delays
// /healthz, /readyz or the first POST.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StartViewer } from '../src/processor/capture-profile.js';
import { startViewerServer } from '../src/web/viewer-server.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { ManualClock } from './support/manual-clock.js';
import { isPortOpen } from './support/ports.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const START_MS = Date.UTC(2026, 10, 25, 9, 30, 0);

let target: GoTarget;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-restart-limits-'));

before(async () => {
  target = await startGoTarget(['-stacks', '8']);
});

after(async () => {
  await target?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

interface Opened {
  readonly port: number;
  readonly file: string;
  readonly expiresAt: string;
}

async function open(processor: TestProcessor, expirationSeconds: number): Promise<Opened> {
  const { status, json } = await processor.post({ source: target.url, type: 'Heap', expirationSeconds });
  assert.equal(status, 200, JSON.stringify(json));
  return { port: viewerPort(json), file: String(json[`${R}file`]), expiresAt: String(json[`${R}expires_at`]) };
}

function records(dataRoot: string): string[] {
  return readdirSync(path.join(dataRoot, 'go-profiler/sessions'));
}

function logged(processor: TestProcessor, message: string): Record<string, unknown>[] {
  return processor.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === message);
}

/** A first run opening one session per expiration (a second apart), then shut down (as SIGTERM). */
async function firstRun(dataRoot: string, expirations: readonly number[]): Promise<Opened[]> {
  const clock = new ManualClock(START_MS);
  const processor = await startTestProcessor({ dataRoot, clock });
  const opened: Opened[] = [];
  try {
    for (const seconds of expirations) {
      opened.push(await open(processor, seconds));
      clock.advance(1000);
    }
  } finally {
    await processor.close();
  }
  assert.equal(records(dataRoot).length, expirations.length, 'a shutdown keeps the records');
  return opened;
}

describe('a restarted processor', () => {
  it('cleans a session that expired while it was down, and closes the others at their original expiry', async () => {
    const dataRoot = path.join(scratch, 'expiry');
    const [short, long] = await firstRun(dataRoot, [60, 3600]);
    const clock = new ManualClock(START_MS + 120_000);
    const processor = await startTestProcessor({ dataRoot, clock });
    try {
      assert.deepEqual(await processor.processor.restored, { restored: 1, dropped: 1 });
      assert.deepEqual(
        logged(processor, 'session record dropped').map(({ file, reason }) => ({ file, reason })),
        [{ file: short!.file, reason: `expired at ${short!.expiresAt}` }],
      );
      assert.equal(records(dataRoot).length, 1);
      assert.deepEqual(
        processor.processor.sessions.list().map(({ port, expiresAtMs, label }) => ({ port, expiresAtMs, label })),
        [{ port: long!.port, expiresAtMs: Date.parse(long!.expiresAt), label: long!.file }],
      );
      const summary = (await (await fetch(`http://127.0.0.1:${long!.port}/api/profile`)).json()) as Record<
        string,
        unknown
      >;
      assert.equal(summary.expiresAt, long!.expiresAt);
      assert.equal(summary.expiresInMs, Date.parse(long!.expiresAt) - clock.now());

      clock.advance(Date.parse(long!.expiresAt) - clock.now());
      await waitFor(async () => !(await isPortOpen(long!.port)), 'the restored viewer to close at its expiry');
      await waitFor(() => records(dataRoot).length === 0, 'the expired session record to go');
    } finally {
      await processor.close();
    }
  });

  it('restores within --max-sessions, the most recently opened first, and drops the rest', async () => {
    const dataRoot = path.join(scratch, 'max-sessions');
    const [oldest, middle, newest] = await firstRun(dataRoot, [3600, 3600, 3600]);
    const processor = await startTestProcessor({
      dataRoot,
      clock: new ManualClock(START_MS + 10_000),
      trust: { maxSessions: 2 },
    });
    try {
      assert.deepEqual(await processor.processor.restored, { restored: 2, dropped: 1 });
      assert.deepEqual(
        processor.processor.sessions
          .list()
          .map(({ label }) => label)
          .sort(),
        [middle!.file, newest!.file].sort(),
      );
      const [dropped] = logged(processor, 'session record dropped');
      assert.equal(dropped?.file, oldest!.file);
      assert.match(
        String(dropped?.reason),
        /^open session: 2 viewer sessions are live or opening, the most --max-sessions allows/,
      );
      assert.equal(records(dataRoot).length, 2);
      assert.equal((await processor.post({ source: target.url, type: 'Heap' })).status, 503);
    } finally {
      await processor.close();
    }
  });

  it('restores within the decoded-profile budget, dropping what does not fit', async () => {
    const dataRoot = path.join(scratch, 'budget');
    const [opened] = await firstRun(dataRoot, [3600]);
    const processor = await startTestProcessor({
      dataRoot,
      clock: new ManualClock(START_MS + 10_000),
      profileBudgetBytes: 1,
    });
    try {
      assert.deepEqual(await processor.processor.restored, { restored: 0, dropped: 1 });
      const [dropped] = logged(processor, 'session record dropped');
      assert.equal(dropped?.file, opened!.file);
      assert.match(String(dropped?.reason), /decoded exceed the decoded-profile budget of 0\.0 MiB on their own/);
      assert.deepEqual(records(dataRoot), []);
      assert.equal(processor.processor.sessions.size, 0);
    } finally {
      await processor.close();
    }
  });

  it('answers /healthz, /readyz and a capture while sessions are still being restored', async () => {
    const dataRoot = path.join(scratch, 'not-delayed');
    const [old] = await firstRun(dataRoot, [3600]);
    let restoring = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The real viewer server; a restored one (asking for its old port) waits for the test's word.
    const startViewer: StartViewer = async (capture, host, token, preferredPort) => {
      if (preferredPort !== undefined) {
        restoring = true;
        await gate;
      }
      return startViewerServer({
        capture,
        host,
        ...(token === undefined ? {} : { token }),
        ...(preferredPort === undefined ? {} : { preferredPort }),
      });
    };
    const processor = await startTestProcessor({ dataRoot, clock: new ManualClock(START_MS + 10_000), startViewer });
    let settled = false;
    void processor.processor.restored.then(() => (settled = true));
    try {
      await waitFor(() => restoring, 'the restore to start its viewer');
      assert.equal((await fetch(`${processor.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${processor.url}/readyz`)).status, 200);
      const fresh = await open(processor, 300);
      assert.notEqual(fresh.port, old!.port);
      assert.equal(settled, false, 'all three answered while the restore waited');
      release();
      assert.deepEqual(await processor.processor.restored, { restored: 1, dropped: 0 });
      assert.deepEqual(
        processor.processor.sessions
          .list()
          .map(({ port }) => port)
          .sort(),
        [old!.port, fresh.port].sort(),
      );
    } finally {
      release();
      await processor.close();
    }
  });
});
