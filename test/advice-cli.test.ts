// Preflight advice on the CLI (the compiled bin, as users run it) against real Go programs:
// `capture` prints each sentence on stderr as `advice: …` after the saved file (`view URL` also
// shows it in its viewer's Details), and fails with
// status 1 and the processor's own sentence when the target already runs a CPU profile or its
// WriteTimeout refuses the seconds.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runGoProfiler, type CliResult } from './support/cli-run.js';
import { BLOCK_PROFILE_OFF, MUTEX_PROFILE_OFF } from '../src/query/index.js';
import { startAdviceTarget } from './support/advice-target.js';
import { isCpuProfileRunning, startGoTarget, type GoTarget } from './support/go-target.js';
import { spawnViewer, stopViewer } from './support/viewer-process.js';
import { waitFor } from './support/wait-for.js';

let off: GoTarget;
let short: GoTarget;
let dir: string;

before(async () => {
  [off, short] = await Promise.all([
    startGoTarget(['-stacks', '4', '-blockrate', '0', '-mutexfraction', '0']),
    startAdviceTarget(['-write-timeout', '5s']),
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-advice-cli-'));
});

after(async () => {
  await Promise.all([off?.stop(), short?.stop()]);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

type Result = CliResult;

function goProfiler(args: readonly string[]): Promise<Result> {
  return runGoProfiler(args, { cwd: dir, env: { ...process.env, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '' } });
}

/** stderr without the progress line (it is not a terminal: plain lines starting `capturing `). */
function adviceLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('advice'));
}

describe('capture prints advice', () => {
  it('on stderr after the saved file, one line a sentence', async () => {
    for (const [type, sentence] of [
      ['block', BLOCK_PROFILE_OFF],
      ['mutex', MUTEX_PROFILE_OFF],
    ] as const) {
      const result = await goProfiler(['capture', type, off.url, '-o', `${type}.pb.gz`]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `Saved profile of ${off.url} in ${type}.pb.gz\n`);
      assert.deepEqual(adviceLines(result.stderr), [`advice: ${sentence}`]);
    }
  });

  it('prints none for a profile that holds what it should', async () => {
    const result = await goProfiler(['capture', 'heap', off.url, '-o', 'heap.pb.gz']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(adviceLines(result.stderr), []);
  });
});

describe('view URL shows the advice', () => {
  it('in the viewer it serves, after printing it', async () => {
    const env = { ...process.env, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '', DISPLAY: '', WAYLAND_DISPLAY: '' };
    const viewer = await spawnViewer(['view', `${off.url}/debug/pprof/mutex`, '--no-browser'], { cwd: dir, env });
    try {
      const summary = (await (await fetch(`${viewer.url}/api/profile`)).json()) as { advice?: unknown };
      assert.deepEqual(summary.advice, [MUTEX_PROFILE_OFF]);
      assert.deepEqual(adviceLines(viewer.stderr()), [`advice: ${MUTEX_PROFILE_OFF}`]);
    } finally {
      await stopViewer(viewer);
    }
  });
});

describe('capture refused by the target', () => {
  it('fails with status 1 saying a CPU profile already runs in the target', async () => {
    const first = new AbortController();
    const running = fetch(`${off.url}/debug/pprof/profile?seconds=600`, { signal: first.signal }).catch(
      (error: unknown) => error,
    );
    try {
      await waitFor(() => isCpuProfileRunning(off), 'the other CPU profile to start');
      const result = await goProfiler(['capture', 'profile', off.url, '--seconds', '1', '-o', 'cpu.pb.gz']);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr.trimEnd().split('\n').at(-1),
        `go-profiler: fetch ${off.url}/debug/pprof/profile?seconds=1: the target is already running a CPU profile (Go answered "Could not enable CPU profiling: cpu profiling already in use"), so wait until it ends and capture again`,
      );
    } finally {
      first.abort();
      await running;
    }
  });

  it('fails with status 1 naming the seconds that fit under the WriteTimeout', async () => {
    const result = await goProfiler(['capture', 'profile', short.url, '--seconds', '30', '-o', 'cpu.pb.gz']);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stderr.trimEnd().split('\n').at(-1),
      `go-profiler: fetch ${short.url}/debug/pprof/profile?seconds=30: the target's http.Server WriteTimeout is not longer than the 30 s asked for (Go answered "profile duration exceeds server's WriteTimeout"), so ask for seconds=4 or fewer, or raise its WriteTimeout`,
    );
  });
});
