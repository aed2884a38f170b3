// `go-profiler capture bundle` (the compiled bin) when the goroutine dump cannot be had (issue 12,
// s7): every profile of the real Go target is saved behind a proxy whose `debug=2` fails, and the
// list ends with why the dump was not saved, as the processor's sidecar says it (a 500; the
// target's `debug=1` text in its place), never with what the source sent. With `--open`, the
// goroutine profile's Goroutines view says it too, or, where the dump works, groups it.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runGoProfiler, type CliResult } from './support/cli-run.js';
import { FAILURE_TEXT, startDumpFailingProxy, type DumpFailingProxy } from './support/dump-failing-proxy.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { spawnViewer, stopViewer } from './support/viewer-process.js';

const NAMES = ['cpu', 'allocs', 'heap', 'goroutine', 'block', 'mutex', 'threadcreate'];

let target: GoTarget;
let failing500: DumpFailingProxy;
let failingDebug1: DumpFailingProxy;
let cwd: string;

before(async () => {
  target = await startGoTarget(['-stacks', '8', '-contention', '2']);
  [failing500, failingDebug1] = await Promise.all([
    startDumpFailingProxy(target.url, '500'),
    startDumpFailingProxy(target.url, 'debug1'),
  ]);
  cwd = mkdtempSync(path.join(tmpdir(), 'go-profiler-bundle-dump-cli-'));
});

after(async () => {
  await Promise.all([failing500?.close(), failingDebug1?.close(), target?.stop()]);
  rmSync(cwd, { recursive: true, force: true });
});

function goProfiler(args: readonly string[]): Promise<CliResult> {
  return runGoProfiler(args, { cwd, env: { ...process.env, KUBECONFIG: '', DISPLAY: '', WAYLAND_DISPLAY: '' } });
}

/** Captures a bundle into `dir`; checks every profile is saved, the dump not, and the last line. */
async function bundleWithoutDump(source: string, dir: string, reasonOf: () => string): Promise<void> {
  const result = await goProfiler(['capture', 'bundle', source, '--seconds', '1', '-o', dir]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.deepEqual(
    lines.slice(1, -1).map((line) => line.trim().split(/\s+/)[1]),
    NAMES.map((name) => `${name}.pb.gz`),
  );
  assert.equal(lines.at(-1), `  goroutine dump not saved: ${reasonOf()}`);
  assert.deepEqual(readdirSync(path.join(cwd, dir)).sort(), NAMES.map((name) => `${name}.pb.gz`).sort());
}

describe('go-profiler capture bundle without its goroutine dump', () => {
  it('with a 500: says the status and the kind of body', async () => {
    await bundleWithoutDump(
      failing500.url,
      'b500',
      () =>
        `fetch ${failing500.url}/debug/pprof/goroutine?debug=2: the target answered HTTP 500 with text (${FAILURE_TEXT.length} bytes)`,
    );
  });

  it('with a debug=1 text in its place: says it is no dump', async () => {
    await bundleWithoutDump(
      failingDebug1.url,
      'bdebug1',
      () =>
        `fetch ${failingDebug1.url}/debug/pprof/goroutine?debug=2: not a goroutine dump: a debug=1 goroutine profile (${failingDebug1.lastDumpBytes()} bytes)`,
    );
  });
});

describe('go-profiler capture bundle --open', () => {
  const env = { ...process.env, KUBECONFIG: '', DISPLAY: '', WAYLAND_DISPLAY: '' };

  async function getAnswer(url: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(url);
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it("without the dump: the goroutine profile's Goroutines view says why", async () => {
    const viewer = await spawnViewer(
      ['capture', 'bundle', failing500.url, '--seconds', '1', '-o', 'open500', '--open', '--no-browser'],
      { cwd, env },
    );
    try {
      const reason = `fetch ${failing500.url}/debug/pprof/goroutine?debug=2: the target answered HTTP 500 with text (${FAILURE_TEXT.length} bytes)`;
      const summary = await getAnswer(`${viewer.url}/profile/goroutine/api/profile`);
      assert.equal(summary.json.goroutineDumpError, reason);
      assert.deepEqual(await getAnswer(`${viewer.url}/profile/goroutine/api/goroutines`), {
        status: 404,
        json: { error: `show goroutines of ${path.join('open500', 'goroutine.pb.gz')}: no goroutine dump: ${reason}` },
      });
    } finally {
      await stopViewer(viewer);
    }
  });

  it("with the dump: the goroutine profile's Goroutines view groups every goroutine of it", async () => {
    const viewer = await spawnViewer(
      ['capture', 'bundle', target.url, '--seconds', '1', '-o', 'opened', '--open', '--no-browser'],
      { cwd, env },
    );
    try {
      const dump = readFileSync(path.join(cwd, 'opened', 'goroutine.debug2.txt'), 'utf8');
      const goroutines = await getAnswer(`${viewer.url}/profile/goroutine/api/goroutines`);
      assert.equal(goroutines.status, 200);
      assert.equal(goroutines.json.total, dump.match(/^goroutine \d+ \[[^\]]+\]:$/gm)!.length);
      // The CPU profile at the root has no such view.
      assert.equal((await getAnswer(`${viewer.url}/api/goroutines`)).status, 404);
    } finally {
      await stopViewer(viewer);
    }
  });
});
