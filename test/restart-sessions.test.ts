// Sessions survive a restart (SPEC §6), through the shipped `go-profiler serve`: captures of the
// real Go target open viewers, the process is killed (SIGKILL) or stopped (SIGTERM), started again
// with the same data root, and the old viewer URLs answer the same profile until their original
// expiry, with their token; a taken port moves the session to a new one, logged; hostile records
// are deleted, each logged with why, and the server keeps serving.

import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { spawnServe, type ServeProcess } from './support/serve-process.js';
import { postJson, viewerPort } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const SESSIONS = 'go-profiler/sessions';

let target: GoTarget;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-restart-'));
const running: ServeProcess[] = [];

before(async () => {
  target = await startGoTarget(['-stacks', '8', '-goroutines', '12']);
});

after(async () => {
  await Promise.all(running.map((served) => served.stop()));
  await target?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A viewer the processor answered: its port, token and original expiry. */
interface OpenedViewer {
  readonly port: number;
  readonly token: string | undefined;
  readonly expiresAt: string;
  readonly file: string;
}

async function serve(dataRoot: string, extra: readonly string[] = []): Promise<ServeProcess> {
  const served = await spawnServe(['--listen', '127.0.0.1:0', '--data-root', dataRoot, ...extra]);
  running.push(served);
  return served;
}

async function openViewer(served: ServeProcess, type: string): Promise<OpenedViewer> {
  const answer = await postJson(`${served.url}/processor/goProfiler`, {
    source: target.url,
    type,
    expirationSeconds: 3600,
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  const endpoint = String(answer.json[`${R}endpoint`]);
  return {
    port: viewerPort(answer.json),
    token: /token=([0-9a-f]{32})/.exec(endpoint)?.[1],
    expiresAt: String(answer.json[`${R}expires_at`]),
    file: String(answer.json[`${R}file`]),
  };
}

/** The cookie a viewer with a token sets for its capability URL (SPEC §5), or no header without one. */
async function signIn(viewer: OpenedViewer, port = viewer.port): Promise<Record<string, string>> {
  if (viewer.token === undefined) return {};
  const response = await fetch(`http://127.0.0.1:${port}/?token=${viewer.token}`, { redirect: 'manual' });
  assert.equal(response.status, 303);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  assert.equal(cookie, `go-profiler-viewer-${port}=${viewer.token}`);
  return { cookie: cookie! };
}

/**
 * What the viewer shows: its flame graph's bytes and its profile summary. The expiry it counts down
 * to is the session's (the answer's `expires_at`) once restored; before, a few milliseconds earlier
 * (capture-profile.ts), so it is compared apart.
 */
async function viewOf(viewer: OpenedViewer, port = viewer.port) {
  const headers = await signIn(viewer, port);
  const flame = await fetch(`http://127.0.0.1:${port}/api/flamegraph`, { headers });
  assert.equal(flame.status, 200);
  const profile = await fetch(`http://127.0.0.1:${port}/api/profile`, { headers });
  assert.equal(profile.status, 200);
  const { expiresAt, ...summary } = (await profile.json()) as { expiresAt: string; expiresInMs: number };
  return { flame: Buffer.from(await flame.arrayBuffer()), expiresAt, summary: { ...summary, expiresInMs: 0 } };
}

/** The view after a restart equals the view before, and counts down to the original expiry. */
function assertSameView(
  after: Awaited<ReturnType<typeof viewOf>>,
  before: Awaited<ReturnType<typeof viewOf>>,
  viewer: OpenedViewer,
): void {
  assert.deepEqual({ ...after, expiresAt: '' }, { ...before, expiresAt: '' });
  assert.equal(after.expiresAt, viewer.expiresAt);
}

function logLines(served: ServeProcess, message: string): Record<string, unknown>[] {
  return served.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === message);
}

async function restoredOutcome(served: ServeProcess): Promise<Record<string, unknown>> {
  await waitFor(() => logLines(served, 'sessions restored').length === 1, 'the restore to end');
  const { restored, dropped } = logLines(served, 'sessions restored')[0]!;
  return { restored, dropped };
}

function recordNames(dataRoot: string): string[] {
  return readdirSync(path.join(dataRoot, SESSIONS)).sort();
}

describe('a restarted go-profiler serve', () => {
  it('serves every session again on its old port, with its token, after SIGKILL', async () => {
    const dataRoot = path.join(scratch, 'killed');
    const first = await serve(dataRoot, ['--viewer-auth', 'token']);
    const viewers = [await openViewer(first, 'Heap'), await openViewer(first, 'Goroutine')];
    const before = await Promise.all(viewers.map((viewer) => viewOf(viewer)));
    // The records hold the tokens: readable by the processor's user only.
    assert.equal(recordNames(dataRoot).length, 2);
    for (const name of recordNames(dataRoot)) {
      assert.equal(statSync(path.join(dataRoot, SESSIONS, name)).mode & 0o777, 0o600);
    }
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await serve(dataRoot, ['--viewer-auth', 'token']);
    assert.deepEqual(await restoredOutcome(second), { restored: 2, dropped: 0 });
    for (const [index, viewer] of viewers.entries()) assertSameView(await viewOf(viewer), before[index]!, viewer);
    const noToken = await fetch(`http://127.0.0.1:${viewers[0]!.port}/api/flamegraph`);
    assert.equal(noToken.status, 401);
    assert.deepEqual(
      logLines(second, 'session restored')
        .map(({ file, port }) => ({ file, port: Number(port) }))
        .sort((a, b) => a.port - b.port),
      viewers.map(({ file, port }) => ({ file, port })).sort((a, b) => a.port - b.port),
    );
    // The server keeps capturing beside them.
    await openViewer(second, 'Heap');
    assert.equal(recordNames(dataRoot).length, 3);
  });

  it('serves its sessions again after SIGTERM, which keeps their records', async () => {
    const dataRoot = path.join(scratch, 'stopped');
    const first = await serve(dataRoot);
    const viewer = await openViewer(first, 'Heap');
    const before = await viewOf(viewer);
    await first.stop();
    assert.equal(await first.exited, 0);
    assert.equal(recordNames(dataRoot).length, 1);

    const second = await serve(dataRoot);
    assert.deepEqual(await restoredOutcome(second), { restored: 1, dropped: 0 });
    assertSameView(await viewOf(viewer), before, viewer);
  });

  it('moves a session whose old port was taken meanwhile to a new port, logged with both', async () => {
    const dataRoot = path.join(scratch, 'taken');
    const first = await serve(dataRoot);
    const viewer = await openViewer(first, 'Heap');
    const before = await viewOf(viewer);
    first.child.kill('SIGKILL');
    await first.exited;
    // Another program takes the port the viewer had (the OS gave it; it is free now).
    const squatter = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(viewer.port, '127.0.0.1', resolve));
    try {
      const second = await serve(dataRoot);
      assert.deepEqual(await restoredOutcome(second), { restored: 1, dropped: 0 });
      const [moved] = logLines(second, 'session restored on a new port: its old port is taken');
      assert.equal(moved?.oldPort, viewer.port);
      assert.equal(moved?.file, viewer.file);
      const newPort = Number(moved?.port);
      assert.notEqual(newPort, viewer.port);
      assertSameView(await viewOf(viewer, newPort), before, viewer);
      // The record follows the session to its new port, for the next restart.
      const [name] = recordNames(dataRoot);
      const record = JSON.parse(readFileSync(path.join(dataRoot, SESSIONS, name!), 'utf8')) as { port: number };
      assert.equal(record.port, newPort);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('deletes hostile and broken records, each logged with why, and keeps serving', async () => {
    const dataRoot = path.join(scratch, 'hostile');
    const first = await serve(dataRoot);
    const viewer = await openViewer(first, 'Heap');
    first.child.kill('SIGKILL');
    await first.exited;
    const dir = path.join(dataRoot, SESSIONS);
    const [good] = recordNames(dataRoot);
    const goodRecord = JSON.parse(readFileSync(path.join(dir, good!), 'utf8')) as Record<string, unknown>;
    const outside = { ...goodRecord, file: 'profilers/go/pprof/../../../etc/passwd' };
    const gone = { ...goodRecord, file: 'profilers/go/pprof/20260101000000/default.gone.Heap.prof', port: 1 };
    writeFileSync(path.join(dir, 'garbage.json'), '{"version": 1, "file": ');
    writeFileSync(path.join(dir, 'outside.json'), JSON.stringify(outside));
    writeFileSync(path.join(dir, 'gone.json'), JSON.stringify(gone));
    writeFileSync(path.join(dir, 'extra.json'), JSON.stringify({ ...goodRecord, command: 'rm -rf /' }));
    symlinkSync('/etc/hostname', path.join(dir, 'link.json'));
    mkdirSync(path.join(dir, 'folder.json'));

    const second = await serve(dataRoot);
    assert.deepEqual(await restoredOutcome(second), { restored: 1, dropped: 6 });
    const reasons = Object.fromEntries(
      logLines(second, 'session record dropped').map(({ record, reason }) => [record, reason]),
    );
    assert.deepEqual(Object.keys(reasons).sort(), [
      'extra.json',
      'folder.json',
      'garbage.json',
      'gone.json',
      'link.json',
      'outside.json',
    ]);
    assert.equal(reasons['garbage.json'], 'not JSON');
    assert.match(String(reasons['outside.json']), /outside profilers\/go\/pprof of the data root/);
    assert.match(
      String(reasons['gone.json']),
      /^read capture sidecar profilers\/go\/pprof\/20260101000000\/default\.gone\.Heap\.prof: /,
    );
    assert.match(String(reasons['extra.json']), /command/);
    assert.equal(reasons['link.json'], 'not a regular file');
    assert.equal(reasons['folder.json'], 'not a regular file');
    // The folder cannot be deleted as a record is: it stays, and says so; the rest are gone.
    assert.deepEqual(recordNames(dataRoot), ['folder.json', good!].sort());
    assert.equal((await fetch(`http://127.0.0.1:${viewer.port}/api/profile`)).status, 200);
    await openViewer(second, 'Goroutine');
    assert.ok(existsAll(dataRoot, viewer.file), 'no capture was deleted');
  });
});

function existsAll(dataRoot: string, file: string): boolean {
  return (
    statSync(path.join(dataRoot, file)).isFile() &&
    statSync(path.join(dataRoot, file.replace(/\.prof$/, '.json'))).isFile()
  );
}
