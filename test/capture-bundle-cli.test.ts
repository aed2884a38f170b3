// `go-profiler capture TYPE URL --seconds N` for the types with a delta profile (issue 10 item 1),
// the compiled bin against the real Go target: Go's own delta, and two snapshots subtracted behind a
// proxy that refuses the parameter, each said after the Saved line; and `capture bundle` (item 2).

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runGoProfiler, type CliResult } from './support/cli-run.js';
import { decodeProfile } from '../src/pprof/index.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startRefusingProxy, type RefusingProxy } from './support/refusing-proxy.js';
import { spawnViewer, stopViewer } from './support/viewer-process.js';

let target: GoTarget;
let proxy: RefusingProxy;
let broken: RefusingProxy;
let cwd: string;

before(async () => {
  target = await startGoTarget(['-stacks', '8', '-contention', '2']);
  proxy = await startRefusingProxy(target.url);
  broken = await startRefusingProxy(target.url, { refuseDelta: [], fail: ['block'] });
  cwd = mkdtempSync(path.join(tmpdir(), 'go-profiler-delta-cli-'));
});

after(async () => {
  await Promise.all([proxy?.close(), broken?.close(), target?.stop()]);
  rmSync(cwd, { recursive: true, force: true });
});

function goProfiler(args: readonly string[]): Promise<CliResult> {
  return runGoProfiler(args, { cwd, env: { ...process.env, KUBECONFIG: '', DISPLAY: '', WAYLAND_DISPLAY: '' } });
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

describe('go-profiler capture bundle', () => {
  it('saves every profile of one window in one folder and lists them', async () => {
    const result = await goProfiler(['capture', 'BUNDLE', target.url, '--seconds', '1', '-o', 'bundle']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `Saved bundle of ${target.url} over 1 s in bundle`);
    const names = ['cpu', 'allocs', 'heap', 'goroutine', 'block', 'mutex', 'threadcreate'];
    assert.deepEqual(
      lines.slice(1).map((line) => line.trim().split(/\s+/).slice(0, 2)),
      names.map((name) => [name, `${name}.pb.gz`]),
    );
    for (const [i, name] of names.entries()) {
      const profile = decodeProfile(readFileSync(path.join(cwd, 'bundle', `${name}.pb.gz`)));
      assert.match(lines[i + 1]!, new RegExp(` ${profile.samples.count} samples`), name);
    }
    assert.match(lines[2]!, /samples, delta: alloc_objects /);
    assert.deepEqual(
      readdirSync(path.join(cwd, 'bundle')).sort(),
      [...names.map((name) => `${name}.pb.gz`), 'goroutine.debug2.txt'].sort(),
    );
    assert.match(readFileSync(path.join(cwd, 'bundle', 'goroutine.debug2.txt'), 'utf8'), /^goroutine \d+ \[/);
  });

  it('lists a profile that failed with its reason and keeps the others', async () => {
    const result = await goProfiler(['capture', 'bundle', broken.url, '--seconds', '1', '-o', 'broken']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `\n  block +not saved: fetch ${broken.url.replace(/[.]/g, '\\.')}/debug/pprof/block: the target answered HTTP 500 with text \\(12 bytes\\)\n`,
      ),
    );
    assert.equal(readdirSync(path.join(cwd, 'broken')).includes('block.pb.gz'), false);
    assert.equal(readdirSync(path.join(cwd, 'broken')).includes('mutex.pb.gz'), true);
  });

  it('--open serves the profiles in one viewer with the switcher', async () => {
    const env = { ...process.env, KUBECONFIG: '', DISPLAY: '', WAYLAND_DISPLAY: '' };
    const viewer = await spawnViewer(
      ['capture', 'bundle', target.url, '--seconds', '1', '-o', 'opened', '--open', '--no-browser'],
      { cwd, env },
    );
    try {
      assert.equal(viewer.lines[0], `Saved bundle of ${target.url} over 1 s in opened`);
      const root = (await (await fetch(`${viewer.url}/api/profile`)).json()) as Record<string, unknown>;
      assert.equal(root.type, 'Profile');
      assert.deepEqual((root.profiles as { names: string[] }).names, [
        'cpu',
        'allocs',
        'heap',
        'goroutine',
        'block',
        'mutex',
        'threadcreate',
      ]);
      const mutex = (await (await fetch(`${viewer.url}/profile/mutex/api/profile`)).json()) as Record<string, unknown>;
      assert.equal(mutex.type, 'Mutex');
      assert.deepEqual(mutex.window, { seconds: 1, method: 'go' });
    } finally {
      await stopViewer(viewer);
    }
  });

  it('refuses a selector', async () => {
    const result = await goProfiler(['capture', 'bundle', '-l', 'app=web']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'go-profiler: parse option --selector: not with bundle (one target per bundle)\n');
  });
});
