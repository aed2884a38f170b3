// `go-profiler goroutines` (the compiled bin, as users run it): a dump file, a Go program's URL and a
// pod (through the real @kubernetes/client-node and the API-server stand-in's pod proxy) of the real
// Go target; a base dump of the same program, the groups that grew first; bad inputs.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runGoProfiler, type CliResult } from './support/cli-run.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { spawnViewer, stopViewer } from './support/viewer-process.js';

/** No workers: only parked goroutines and the server's own, so two dumps differ by what the flags say. */
const QUIET = ['-cpu', '0', '-contention', '0', '-leak', '0', '-stacks', '4'];

let certs: TestCertificates;
let small: GoTarget;
let grown: GoTarget;
let kube: KubeApiServer;
let dir: string;

before(async () => {
  certs = await makeCertificates();
  [small, grown, kube] = await Promise.all([
    startGoTarget([...QUIET, '-goroutines', '8']),
    startGoTarget([...QUIET, '-goroutines', '400']),
    startKubeApiServer(certs),
  ]);
  kube.pods.set('default/web-0', { labels: { app: 'web' }, serve: { 6060: grown.url } });
  dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-goroutines-'));
});

after(async () => {
  await Promise.all([small?.stop(), grown?.stop(), kube?.close()]);
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

type Result = CliResult;

function goProfiler(args: readonly string[]): Promise<Result> {
  return runGoProfiler(args, {
    cwd: dir,
    env: { ...process.env, HOME: dir, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '' },
  });
}

async function saveDump(target: GoTarget, name: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await (await fetch(`${target.url}/debug/pprof/goroutine?debug=2`)).text());
  return file;
}

/** The `#N COUNT goroutines… [STATE]` lines of a report, and the first frame under each. */
function groupLines(stdout: string): string[] {
  return [...stdout.matchAll(/^(#\d+ .*)\n(?: {3}waiting: .*\n {3}ids: .*\n)?( {3}\S+)/gm)].map(
    (match) => `${match[1]} ${match[2]!.trim()}`,
  );
}

describe('go-profiler goroutines', () => {
  it('reads a URL: 400 parked on 4 paths, 100 each, blocked groups first', async () => {
    const result = await goProfiler(['goroutines', grown.url, '--frames', '1', '--state', 'chan receive']);
    assert.equal(result.code, 0, result.stderr);
    // -stacks 4: paths 0..3 park in parkLeaf's cases 0 (chan receive), 1 (select), 2 (mutex), 3 (cond).
    // …and the target's own: main waits for a signal on a channel.
    assert.deepEqual(groupLines(result.stdout), [
      '#1 100 goroutines [chan receive] main.waitOnChannel',
      '#2 1 goroutines [chan receive] main.main.func2',
    ]);
    const all = await goProfiler(['goroutines', grown.url, '--frames', '1', '--ids', '3']);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(
      groupLines(all.stdout).slice(0, 4).sort(),
      [
        '#1 100 goroutines [chan receive] main.waitOnChannel',
        '#2 100 goroutines [select] main.waitInSelect',
        '#3 100 goroutines [semacquire] sync.runtime_SemacquireMutex',
        '#4 100 goroutines [sync.Cond.Wait] sync.runtime_notifyListWait',
      ].sort(),
    );
    assert.match(all.stdout, /^\d+ goroutines in \d+ groups; blocked groups first, by count × longest wait\n/);
    assert.match(all.stdout, /\n {3}ids: \d+ \d+ \d+ … \(97 more\)\n/);
    assert.match(all.stdout, /\n {3}created by main\.\(\*config\)\.setupGoroutines {2}\S+main\.go:\d+\n/);
  });

  it('with a base dump of the same program, the groups that grew come first with their growth', async () => {
    const base = await saveDump(small, 'base.txt');
    const now = await saveDump(grown, 'now.txt');
    const result = await goProfiler(['goroutines', now, '--base', base, '--frames', '1', '--state', 'select']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(groupLines(result.stdout), ['#1 100 goroutines (+98 from 2) [select] main.waitInSelect']);
    const second = await goProfiler(['goroutines', now, base, '--frames', '1', '--groups', '4']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(
      groupLines(second.stdout)
        .map((line) => line.replace(/^#\d+ /, ''))
        .sort(),
      [
        '100 goroutines (+98 from 2) [chan receive] main.waitOnChannel',
        '100 goroutines (+98 from 2) [select] main.waitInSelect',
        '100 goroutines (+98 from 2) [semacquire] sync.runtime_SemacquireMutex',
        '100 goroutines (+98 from 2) [sync.Cond.Wait] sync.runtime_notifyListWait',
      ],
    );
    assert.match(second.stdout, /groups that grew first\n/);
  });

  it('reads a pod through the API server, debug=2 asked of the pod proxy', async () => {
    const result = await goProfiler([
      'goroutines',
      'pod/web-0',
      '--kubeconfig',
      kube.kubeconfigPath,
      '--state',
      'sync.Cond.Wait',
      '--frames',
      '1',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(groupLines(result.stdout), ['#1 100 goroutines [sync.Cond.Wait] sync.runtime_notifyListWait']);
  });

  it('refuses what is not a debug=2 dump, naming the file and line', async () => {
    const debug1 = path.join(dir, 'debug1.txt');
    const debug1Text = await (await fetch(`${small.url}/debug/pprof/goroutine?debug=1`)).text();
    writeFileSync(debug1, debug1Text);
    const proto = path.join(dir, 'goroutine.pb.gz');
    writeFileSync(proto, new Uint8Array(await (await fetch(`${small.url}/debug/pprof/goroutine`)).arrayBuffer()));
    const cases: [readonly string[], string][] = [
      [
        ['goroutines', debug1],
        `go-profiler: parse goroutine dump ${debug1}: line 1: expected a header like "goroutine 18 [chan receive]:", found "${debug1Text.split('\n')[0]}" (this is a debug=1 dump; the analyser reads debug=2)\n`,
      ],
      [
        ['goroutines', proto],
        `go-profiler: parse goroutine dump ${proto}: line 1: the data is binary (a profile.proto?), not the debug=2 text (ask the endpoint with ?debug=2)\n`,
      ],
      [
        ['goroutines', path.join(dir, 'missing.txt')],
        `go-profiler: read goroutine dump ${path.join(dir, 'missing.txt')}: no such file\n`,
      ],
      [
        ['goroutines', debug1, '--seconds', '5'],
        'go-profiler: parse option --seconds: only for a CPU profile (a dump is no CPU profile)\n',
      ],
      [
        ['goroutines', 'a', 'b', '--base', 'c'],
        'go-profiler: parse argument "b": a base is given twice (the second argument and --base)\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const result = await goProfiler(args);
      assert.deepEqual([result.code, result.stderr, result.stdout], [1, stderr, ''], args.join(' '));
    }
  });

  it('view DUMP serves the dump as a goroutine profile with its Goroutines view; view FILE finds a dump beside', async () => {
    const dump = await saveDump(grown, 'view.debug2.txt');
    const proto = path.join(dir, 'view.pb.gz');
    writeFileSync(proto, new Uint8Array(await (await fetch(`${grown.url}/debug/pprof/goroutine`)).arrayBuffer()));
    for (const file of [dump, proto]) {
      const viewer = await spawnViewer(['view', file, '--no-browser', '--listen', '127.0.0.1:0'], {
        env: { ...process.env, HOME: dir },
      });
      try {
        const summary = (await (await fetch(`${viewer.url}/api/profile`)).json()) as Record<string, unknown>;
        assert.equal(summary.type, 'Goroutine', file);
        assert.equal(summary.goroutineDump, true, file);
        assert.equal((await fetch(`${viewer.url}/goroutines`)).status, 200);
        const report = (await (await fetch(`${viewer.url}/api/goroutines?q=waitInSelect`)).json()) as {
          groups: { state: string; count: number; frames: { function: string }[] }[];
        };
        const select = report.groups.filter((group) => group.frames[0]?.function === 'main.waitInSelect');
        assert.deepEqual(
          select.map((group) => [group.state, group.count]),
          [['select', 100]],
        );
        if (file === dump) {
          // Top of the profile built from the dump: each parked path's leaf holds its 100.
          const top = (await (await fetch(`${viewer.url}/api/top`)).json()) as {
            rows: { name: string; flat: number }[];
          };
          assert.equal(top.rows.find((row) => row.name === 'main.waitInSelect')?.flat, 100);
        }
      } finally {
        await stopViewer(viewer);
      }
    }
  });
});
