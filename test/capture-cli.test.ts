// `go-profiler capture` and `view URL|pod/NAME` (the compiled bin, as users run it): from the real
// Go target by URL, and by pod/NAME and label selector through the real @kubernetes/client-node,
// a real kubeconfig and the loopback API-server stand-in's pod proxy; the saved files as served
// (go tool pprof reads them, same totals), the progress line, a failing pod among several, the
// errors, and `--open`'s viewer.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runGoProfiler, type CliResult } from './support/cli-run.js';
import { decodeProfile } from '../src/pprof/index.js';
import { captureTimestamp } from '../src/cli/capture-target.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { goToolPprof, pprofTotal } from './support/go-pprof.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { KUBE_API_USER, startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { spawnViewer, stopViewer, viewerTopTotal, type ViewerProcess } from './support/viewer-process.js';

let certs: TestCertificates;
let target: GoTarget;
let kube: KubeApiServer;
/** The stand-in's kubeconfig with its context's namespace `shop`. */
let shopKubeconfig: string;
let home: string;

before(async () => {
  certs = await makeCertificates();
  [target, kube] = await Promise.all([startGoTarget(['-stacks', '8', '-cpu', '1']), startKubeApiServer(certs)]);
  shopKubeconfig = path.join(certs.dir, 'kubeconfig-shop');
  writeFileSync(
    shopKubeconfig,
    readFileSync(kube.kubeconfigPath, 'utf8').replace('namespace: default', 'namespace: shop'),
  );
  for (const name of ['web-0', 'web-1', 'web-2']) {
    kube.pods.set(`shop/${name}`, { labels: { app: 'web' }, serve: { 6060: target.url } });
  }
  kube.pods.set('shop/batch-0', { labels: { app: 'batch' }, serve: { 6060: target.url } });
  kube.denied.add('get pods/proxy shop/web-2');
  home = mkdtempSync(path.join(tmpdir(), 'go-profiler-capture-home-'));
});

after(async () => {
  await Promise.all([target?.stop(), kube?.close()]);
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

/** No cluster but the stand-in, no user files: a home of its own, no KUBECONFIG. */
function env(): NodeJS.ProcessEnv {
  return { ...process.env, HOME: home, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '', DISPLAY: '', WAYLAND_DISPLAY: '' };
}

type Result = CliResult;

/** Runs `go-profiler ARGS` in `cwd` to its end. */
function goProfiler(args: readonly string[], cwd: string): Promise<Result> {
  return runGoProfiler(args, { cwd, env: env() });
}

function workDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'go-profiler-capture-'));
}

/** The one saved file a `Saved profile of LABEL in FILE` line names. */
function savedFile(stdout: string, label: string): string {
  const match = new RegExp(`^Saved profile of ${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} in (\\S+)$`, 'm').exec(
    stdout,
  );
  assert.ok(match !== null, `no Saved line for ${label} in ${JSON.stringify(stdout)}`);
  return match[1]!;
}

/** Asserts `name` is STEM.TYPE.TIMESTAMP.pb.gz with a TIMESTAMP within [from, to]. */
function assertDefaultName(name: string, stem: string, type: string, from: Date, to: Date): void {
  const match = new RegExp(`^${stem.replace(/\./g, '\\.')}\\.${type}\\.(\\d{14})\\.pb\\.gz$`).exec(name);
  assert.ok(match !== null, `${name} is not ${stem}.${type}.TIMESTAMP.pb.gz`);
  assert.ok(match[1]! >= captureTimestamp(from) && match[1]! <= captureTimestamp(to), `${match[1]} within the run`);
}

async function totalsAgree(file: string): Promise<void> {
  const ours = await goProfiler(['top', file], path.dirname(file));
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(pprofTotal(ours.stdout), pprofTotal(await goToolPprof(['-top', file])));
}

describe('go-profiler capture by URL', () => {
  it('saves the heap profile as served under HOST_PORT.Heap.TIMESTAMP.pb.gz, with a progress line', async () => {
    const cwd = workDir();
    const from = new Date();
    const result = await goProfiler(['capture', 'HEAP', target.url], cwd);
    const to = new Date();
    assert.equal(result.code, 0, result.stderr);
    const name = savedFile(result.stdout, target.url);
    assertDefaultName(name, `127.0.0.1_${target.port}`, 'Heap', from, to);
    assert.deepEqual(readdirSync(cwd), [name]);
    assert.equal(result.stderr.split('\n')[0], `capturing Heap of ${target.url}: 0B received`);
    const profile = decodeProfile(readFileSync(path.join(cwd, name)));
    assert.deepEqual(
      profile.sampleTypes.map((sampleType) => sampleType.type),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
    await totalsAgree(path.join(cwd, name));
    rmSync(cwd, { recursive: true });
  });

  it('takes cpu for the CPU profile, --seconds, and -o FILE', async () => {
    const cwd = workDir();
    const result = await goProfiler(['capture', 'cpu', target.url, '--seconds', '1', '-o', 'web.cpu.pb.gz'], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(savedFile(result.stdout, target.url), 'web.cpu.pb.gz');
    assert.equal(result.stderr.split('\n')[0], `capturing Profile of ${target.url}: 1 s left, 0B received`);
    const profile = decodeProfile(readFileSync(path.join(cwd, 'web.cpu.pb.gz')));
    assert.deepEqual(
      profile.sampleTypes.map((sampleType) => sampleType.type),
      ['samples', 'cpu'],
    );
    // Go measures the profile it took: at least the 1 s asked, well short of the default 30 s.
    const seconds = Number(profile.durationNanos) / 1e9;
    assert.ok(seconds >= 1 && seconds < 30, `a profile of ${seconds} s`);
    rmSync(cwd, { recursive: true });
  });
});

describe('go-profiler capture by pod', () => {
  it("goes through the API server's pod proxy, in the kubeconfig context's namespace", async () => {
    const cwd = workDir();
    const before = kube.requests.length;
    const from = new Date();
    const result = await goProfiler(['capture', 'goroutine', 'pod/web-0', '--kubeconfig', shopKubeconfig], cwd);
    const to = new Date();
    assert.equal(result.code, 0, result.stderr);
    const name = savedFile(result.stdout, 'pod shop/web-0');
    assertDefaultName(name, 'shop.web-0', 'Goroutine', from, to);
    assert.equal(result.stderr.split('\n')[0], 'capturing Goroutine of pod shop/web-0: 0B received');
    assert.deepEqual(kube.requests.slice(before), [
      '/api/v1/namespaces/shop/pods/web-0',
      '/api/v1/namespaces/shop/pods/web-0:6060/proxy/debug/pprof/goroutine',
    ]);
    await totalsAgree(path.join(cwd, name));
    rmSync(cwd, { recursive: true });
  });

  it('takes -n and --port (a number: no look-up of the pod)', async () => {
    const cwd = workDir();
    const before = kube.requests.length;
    const args = ['capture', 'heap', 'pod/web-1', '-n', 'shop', '--port', '6060', '--kubeconfig', kube.kubeconfigPath];
    const result = await goProfiler(args, cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.match(savedFile(result.stdout, 'pod shop/web-1'), /^shop\.web-1\.Heap\.\d{14}\.pb\.gz$/);
    assert.deepEqual(kube.requests.slice(before), ['/api/v1/namespaces/shop/pods/web-1:6060/proxy/debug/pprof/heap']);
    rmSync(cwd, { recursive: true });
  });

  it('captures every pod a selector matches into -o DIR; a forbidden one is reported, the others kept, status 1', async () => {
    const cwd = workDir();
    const from = new Date();
    const args = ['capture', 'heap', '-l', 'app=web', '-n', 'shop', '-o', 'out', '--kubeconfig', kube.kubeconfigPath];
    const result = await goProfiler(args, cwd);
    const to = new Date();
    assert.equal(result.code, 1);
    const saved = ['web-0', 'web-1'].map((pod) => savedFile(result.stdout, `pod shop/${pod}`));
    saved.forEach((file, i) => assertDefaultName(path.basename(file), `shop.web-${i}`, 'Heap', from, to));
    assert.deepEqual(saved.map(path.dirname), ['out', 'out']);
    assert.deepEqual(readdirSync(path.join(cwd, 'out')).sort(), saved.map((file) => path.basename(file)).sort());
    const failures = result.stderr.split('\n').filter((line) => line.startsWith('go-profiler: '));
    assert.deepEqual(failures, [
      `go-profiler: fetch pod shop/web-2 port 6060: the API server answered 403: pods "web-2" is forbidden: User "${KUBE_API_USER}" cannot get resource "pods/proxy" in API group "" in the namespace "shop"`,
      'go-profiler: capture Heap of 3 pods: 1 of 3 failed (pod shop/web-2); the others are saved',
    ]);
    assert.equal(result.stderr.split('\n')[0], 'capturing Heap of 3 pods: 0 of 3 done, 0B received');
    rmSync(cwd, { recursive: true });
  });

  it('refuses a selector matching more than --max-pods before capturing any', async () => {
    const cwd = workDir();
    const before = kube.requests.length;
    const args = ['capture', 'heap', '-l', 'app=web', '--max-pods', '2', '--kubeconfig', shopKubeconfig];
    const result = await goProfiler(args, cwd);
    assert.deepEqual(
      { code: result.code, stderr: result.stderr, files: readdirSync(cwd) },
      {
        code: 1,
        stderr:
          'go-profiler: select pods "app=web" in namespace shop: 3 pods match, more than --max-pods 2 (narrow the selector or raise --max-pods)\n',
        files: [],
      },
    );
    assert.deepEqual(kube.requests.slice(before), ['/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb']);
    rmSync(cwd, { recursive: true });
  });
});

// Each case is its own process: run them side by side.
describe('go-profiler capture errors', { concurrency: 4 }, () => {
  const k = () => ['--kubeconfig', shopKubeconfig];
  const cases: [string, () => string[], string][] = [
    [
      'an unknown type',
      () => ['capture', 'memory', target.url],
      'go-profiler: parse argument TYPE "memory": not a profile type (one of profile or cpu, heap, goroutine, allocs, block, mutex, threadcreate)\n',
    ],
    [
      'a target neither URL nor pod',
      () => ['capture', 'heap', 'web-0'],
      'go-profiler: parse argument TARGET "web-0": neither a URL (http://host:6060) nor pod/NAME (kubectl get pods lists the names)\n',
    ],
    [
      'no target',
      () => ['capture', 'heap'],
      'go-profiler: parse argument TARGET: missing (a URL, pod/NAME, or --selector SELECTOR)\n',
    ],
    [
      'a pod flag with a URL',
      () => ['capture', 'heap', target.url, '-n', 'shop'],
      'go-profiler: parse option --namespace: only for a pod/NAME target or --selector (the target is a URL)\n',
    ],
    [
      '--seconds for a goroutine profile',
      () => ['capture', 'goroutine', target.url, '--seconds', '5'],
      'go-profiler: parse option --seconds: only for a CPU profile or a delta of heap, allocs, block, mutex (the type is Goroutine)\n',
    ],
    [
      'a target and a selector',
      () => ['capture', 'heap', 'pod/web-0', '-l', 'app=web', ...k()],
      'go-profiler: parse argument TARGET "pod/web-0": not with --selector (it names the pods)\n',
    ],
    [
      'a missing pod (404)',
      () => ['capture', 'heap', 'pod/web-9', ...k()],
      'go-profiler: find pod shop/web-9: the API server answered 404: pods "web-9" not found\n',
    ],
    [
      "the API server's 403, quoted",
      () => ['capture', 'heap', 'pod/web-2', '--port', '6060', ...k()],
      `go-profiler: fetch pod shop/web-2 port 6060: the API server answered 403: pods "web-2" is forbidden: User "${KUBE_API_USER}" cannot get resource "pods/proxy" in API group "" in the namespace "shop"\n`,
    ],
    [
      'a selector matching no pod',
      () => ['capture', 'heap', '-l', 'app=none', ...k()],
      'go-profiler: select pods "app=none" in namespace shop: no pod matches\n',
    ],
    [
      'a context the kubeconfig lacks',
      () => ['capture', 'heap', 'pod/web-0', '--context', 'prod', ...k()],
      'go-profiler: read kubeconfig: the kubeconfig has no context named "prod"\n',
    ],
  ];
  for (const [what, args, stderr] of cases) {
    it(`fails with one line naming ${what}, saving nothing`, async () => {
      const cwd = workDir();
      const result = await goProfiler(args(), cwd);
      const failure = result.stderr
        .split('\n')
        .filter((line) => !line.startsWith('capturing '))
        .join('\n');
      assert.deepEqual(
        { code: result.code, stderr: failure, stdout: result.stdout, files: readdirSync(cwd) },
        {
          code: 1,
          stderr,
          stdout: '',
          files: [],
        },
      );
      rmSync(cwd, { recursive: true });
    });
  }
});

/** Spawns a command that ends by serving a viewer, in `cwd`, with the tests' environment. */
function serving(args: readonly string[], cwd: string): Promise<ViewerProcess> {
  return spawnViewer(args, { cwd, env: env() });
}

describe('serving a capture', () => {
  it('capture --open saves, then serves the viewer with the totals go tool pprof prints', async () => {
    const cwd = workDir();
    const viewer = await serving(['capture', 'heap', target.url, '--open', '--no-browser'], cwd);
    try {
      const file = path.join(cwd, savedFile(viewer.lines.join('\n'), target.url));
      assert.equal(await viewerTopTotal(viewer), pprofTotal(await goToolPprof(['-top', file])));
      const download = Buffer.from(await (await fetch(`${viewer.url}/download`)).arrayBuffer());
      assert.ok(download.equals(readFileSync(file)), 'the download is the saved file');
    } finally {
      await stopViewer(viewer);
    }
    rmSync(cwd, { recursive: true });
  });

  it('view pod/NAME captures (the default name) and serves, as go tool pprof -http=: URL', async () => {
    const cwd = workDir();
    const args = ['view', '--no-browser', '--type', 'heap', 'pod/web-0', '--kubeconfig', shopKubeconfig];
    const viewer = await serving(args, cwd);
    try {
      const name = savedFile(viewer.lines.join('\n'), 'pod shop/web-0');
      assert.match(name, /^shop\.web-0\.Heap\.\d{14}\.pb\.gz$/);
      assert.equal(await viewerTopTotal(viewer), pprofTotal(await goToolPprof(['-top', path.join(cwd, name)])));
    } finally {
      await stopViewer(viewer);
    }
    rmSync(cwd, { recursive: true });
  });

  it("view URL takes the type from the URL's path, and a pasted go tool pprof -http line works", async () => {
    const cwd = workDir();
    const viewer = await serving(['-http=127.0.0.1:0', '-no_browser', `${target.url}/debug/pprof/allocs`], cwd);
    try {
      const name = savedFile(viewer.lines.join('\n'), target.url);
      assert.match(name, /^127\.0\.0\.1_\d+\.Allocs\.\d{14}\.pb\.gz$/);
      const profile = (await (await fetch(`${viewer.url}/api/profile`)).json()) as { type: string };
      assert.equal(profile.type, 'Allocs');
    } finally {
      await stopViewer(viewer);
    }
    rmSync(cwd, { recursive: true });
  });

  it('capture -l --open: the pods captured merged in one viewer, ranked in the Replicas view, each its own', async () => {
    const cwd = workDir();
    const args = [
      'capture',
      'heap',
      '-l',
      'app=web',
      '-o',
      'out',
      '--open',
      '--no-browser',
      '--kubeconfig',
      shopKubeconfig,
    ];
    const viewer = await serving(args, cwd);
    try {
      const files = ['web-0', 'web-1'].map((pod) =>
        path.join(cwd, savedFile(viewer.lines.join('\n'), `pod shop/${pod}`)),
      );
      assert.match(
        viewer.stderr(),
        /^go-profiler: capture Heap of 3 pods: 1 of 3 failed \(pod shop\/web-2\); the others are saved$/m,
      );
      const report = (await (await fetch(`${viewer.url}/api/replicas`)).json()) as {
        replicas: { name: string; totalText: string }[];
      };
      const totals = await Promise.all(files.map(async (file) => pprofTotal(await goToolPprof(['-top', file]))));
      assert.deepEqual(report.replicas.map((row) => [row.name, row.totalText]).sort(), [
        ['web-0', totals[0]],
        ['web-1', totals[1]],
      ]);
      assert.equal(await viewerTopTotal(viewer), pprofTotal(await goToolPprof(['-top', ...files])));
      const own = (await (await fetch(`${viewer.url}/replica/web-1/api/top`)).json()) as { totalText: string };
      assert.equal(own.totalText, totals[1]);
    } finally {
      await stopViewer(viewer);
    }
    rmSync(cwd, { recursive: true });
  });
});
