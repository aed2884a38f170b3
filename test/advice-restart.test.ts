// A session's preflight advice survives a restart (SPEC §6), through the shipped `go-profiler
// serve`: a Block capture of the real Go target with block profiling off shows its advice in the
// viewer's /api/profile; after SIGKILL and a start on the same data root, the restored viewer
// shows the same advice, read back from the capture's sidecar.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BLOCK_PROFILE_OFF } from '../src/query/index.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { spawnServe, type ServeProcess } from './support/serve-process.js';
import { postJson, viewerPort } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

let target: GoTarget;
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-advice-restart-'));
const running: ServeProcess[] = [];

before(async () => {
  target = await startGoTarget(['-stacks', '4', '-cpu', '0', '-blockrate', '0']);
});

after(async () => {
  await Promise.all(running.map((served) => served.stop()));
  await target?.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

async function serve(): Promise<ServeProcess> {
  const served = await spawnServe(['--listen', '127.0.0.1:0', '--data-root', dataRoot]);
  running.push(served);
  return served;
}

async function adviceOf(port: number): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/api/profile`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { advice?: unknown }).advice;
}

describe('advice after a restart', () => {
  it('is shown again by the restored viewer', async () => {
    const first = await serve();
    const answer = await postJson(`${first.url}/processor/goProfiler`, {
      source: target.url,
      type: 'Block',
      expirationSeconds: 3600,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    const port = viewerPort(answer.json);
    assert.deepEqual(await adviceOf(port), [BLOCK_PROFILE_OFF]);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await serve();
    await waitFor(() => second.lines.some((line) => line.includes('"sessions restored"')), 'the restore to end');
    assert.deepEqual(await adviceOf(port), [BLOCK_PROFILE_OFF]);
  });
});
