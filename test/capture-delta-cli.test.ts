// `go-profiler capture TYPE URL --seconds N` for the types with a delta profile (issue 10 item 1),
// the compiled bin against the real Go target: Go's own delta, and two snapshots subtracted behind a
// proxy that refuses the parameter; each said after the Saved line.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProfile } from '../src/pprof/index.js';
import { REPO_ROOT } from './support/fixtures.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startRefusingProxy, type RefusingProxy } from './support/refusing-proxy.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

let target: GoTarget;
let proxy: RefusingProxy;
let cwd: string;

before(async () => {
  target = await startGoTarget(['-stacks', '8', '-contention', '2']);
  proxy = await startRefusingProxy(target.url);
  cwd = mkdtempSync(path.join(tmpdir(), 'go-profiler-delta-cli-'));
});

after(async () => {
  await Promise.all([proxy?.close(), target?.stop()]);
  rmSync(cwd, { recursive: true, force: true });
});

function goProfiler(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, KUBECONFIG: '', DISPLAY: '', WAYLAND_DISPLAY: '' };
    execFile(process.execPath, [BIN, ...args], { cwd, env }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('go-profiler capture --seconds for a delta', () => {
  it("saves Go's delta of the window and says so", async () => {
    const result = await goProfiler(['capture', 'mutex', target.url, '--seconds', '1', '-o', 'mutex.pb.gz']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `Saved profile of ${target.url} in mutex.pb.gz (during 1 s, Go's delta)\n`);
    const profile = decodeProfile(readFileSync(path.join(cwd, 'mutex.pb.gz')));
    assert.ok(profile.durationNanos >= 1e9, `a delta of ${profile.durationNanos} ns`);
  });

  it('subtracts two snapshots when the target refuses the delta, and says so', async () => {
    const asked = proxy.requests.length;
    const result = await goProfiler(['capture', 'block', proxy.url, '--seconds', '1', '-o', 'block.pb.gz']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `Saved profile of ${proxy.url} in block.pb.gz (during 1 s, two snapshots subtracted: the target refused the delta)\n`,
    );
    assert.deepEqual(proxy.requests.slice(asked), [
      '/debug/pprof/block?seconds=1',
      '/debug/pprof/block',
      '/debug/pprof/block',
    ]);
    const profile = decodeProfile(readFileSync(path.join(cwd, 'block.pb.gz')));
    assert.ok(profile.durationNanos >= 1e9, `snapshots ${profile.durationNanos} ns apart`);
    assert.deepEqual(readdirSync(cwd).sort(), ['block.pb.gz', 'mutex.pb.gz']);
  });
});
