// The kubectl plugin as users get it: the packed tarball installed with `npm install -g --prefix`
// (offline), its `kubectl-go_profiler` bin naming itself `kubectl go-profiler`, and
// `kubectl go-profiler capture heap pod/NAME` run by the real kubectl (which finds the plugin on
// PATH) through the API-server stand-in's pod proxy to the real Go target.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { goToolPprof, pprofTotal } from './support/go-pprof.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { linkProductionDependencies, pack, unpack } from './support/packed-package.js';

const run = promisify(execFile);

let dir: string;
let prefixBin: string;
let certs: TestCertificates;
let target: GoTarget;
let kube: KubeApiServer;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-plugin-'));
  certs = await makeCertificates();
  [target, kube] = await Promise.all([startGoTarget(['-stacks', '4']), startKubeApiServer(certs)]);
  kube.pods.set('shop/web-0', { serve: { 6060: target.url } });
  // npm's cache here holds none of the dependencies, and tests use no network: npm cannot fetch
  // them for the tarball. So it installs the tarball unpacked, beside its production dependencies
  // linked from this checkout, which npm finds satisfied; it still links the bins as for any
  // global install (docs/decisions.md).
  const packed = await pack(dir);
  const unpacked = path.join(dir, 'package');
  await unpack(path.join(dir, packed.filename), unpacked);
  await linkProductionDependencies(path.join(unpacked, 'node_modules'));
  const prefix = path.join(dir, 'prefix');
  await run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', unpacked],
    {
      cwd: dir,
    },
  );
  prefixBin = path.join(prefix, 'bin');
});

after(async () => {
  await Promise.all([target?.stop(), kube?.close()]);
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** The installed bins first on PATH, no cluster but the stand-in. */
function env(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${prefixBin}:${process.env.PATH}`, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '' };
}

describe('the kubectl plugin', () => {
  it('is installed as the bin kubectl-go_profiler beside go-profiler', () => {
    assert.deepEqual(readdirSync(prefixBin).sort(), ['go-profiler', 'kubectl-go_profiler']);
    assert.equal(
      readlinkSync(path.join(prefixBin, 'kubectl-go_profiler')),
      '../lib/node_modules/go-profiler/dist/cli/kubectl-plugin.js',
    );
  });

  it('names itself kubectl go-profiler in its help and usage errors', async () => {
    const help = await run('kubectl-go_profiler', ['capture', '--help'], { env: env() });
    assert.equal(help.stdout.split('\n')[0], 'Usage: kubectl go-profiler capture [options] <type> [target]');
    const usage = await run('kubectl-go_profiler', ['capture'], { env: env() }).then(
      () => assert.fail('kubectl-go_profiler capture succeeded without TYPE'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.deepEqual(
      [usage.code, usage.stderr],
      [
        1,
        'go-profiler: parse argument <type>: missing (usage: kubectl go-profiler capture [options] <type> [target])\n',
      ],
    );
  });

  it("runs under kubectl: kubectl go-profiler capture heap pod/NAME saves the pod's profile", async () => {
    const cwd = mkdtempSync(path.join(dir, 'work-'));
    const args = ['go-profiler', 'capture', 'heap', 'pod/web-0', '-n', 'shop', '--kubeconfig', kube.kubeconfigPath];
    const { stdout } = await run('kubectl', args, { cwd, env: env() });
    const name = /^Saved profile of pod shop\/web-0 in (shop\.web-0\.Heap\.\d{14}\.pb\.gz)$/.exec(stdout.trim())?.[1];
    assert.ok(name !== undefined && existsSync(path.join(cwd, name)), stdout);
    assert.ok(kube.requests.includes('/api/v1/namespaces/shop/pods/web-0:6060/proxy/debug/pprof/heap'));
    // As served: go tool pprof reads it, and go-profiler's own top agrees with it.
    const file = path.join(cwd, name);
    const ours = await run('go-profiler', ['top', file], { env: env() });
    assert.equal(pprofTotal(ours.stdout), pprofTotal(await goToolPprof(['-top', file])));
    assert.ok(
      readFileSync(file)
        .subarray(0, 2)
        .equals(Buffer.from([0x1f, 0x8b])),
      'gzip, as Go serves it',
    );
  });
});
