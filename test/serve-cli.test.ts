// The shipped command, `go-profiler serve` (compiled dist/cli/main.js, as `npx go-profiler` runs
// it): --help, settings from flags and environment, the CPU default, IPv6, bad settings, SIGTERM.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { decodeProfile } from '../src/pprof/index.js';
import { goTargetTlsFlags, makeCertificates, type TestCertificates } from './support/certificates.js';
import { REPO_ROOT } from './support/fixtures.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { allowedSources, startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { isPortOpen } from './support/ports.js';
import { SERVE_BIN as BIN, spawnServe } from './support/serve-process.js';
import { postJson, viewerPort } from './support/test-processor.js';

const R = 'diagnoser.runtime.go_profiler.result.';
const TOKEN = 'cli-test-token';
const run = promisify(execFile);

let target: GoTarget;
let tlsTarget: GoTarget;
let kube: KubeApiServer;
let certs: TestCertificates;
/** Data roots and homes of this file's processors, removed at the end. */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-cli-'));

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run npm run build (npm test does)`);
  certs = await makeCertificates(TOKEN);
  [target, tlsTarget, kube] = await Promise.all([
    // No -profile-seconds: a CPU request without `seconds` would take Go's 30 s unless we send ours.
    startGoTarget(['-stacks', '8']),
    startGoTarget([...goTargetTlsFlags(certs, TOKEN), '-stacks', '8', '-cpu', '0']),
    startKubeApiServer(certs),
  ]);
  kube.secrets.set('monitoring/pprof', { token: TOKEN, 'ca.crt': certs.caPem });
  kube.annotations.set('monitoring/pprof', allowedSources(tlsTarget.url));
});

after(async () => {
  await Promise.all([target?.stop(), tlsTarget?.stop(), kube?.close()]);
  rmSync(scratch, { recursive: true, force: true });
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
});

describe('go-profiler serve', () => {
  it('documents every command and option in --help, also through npx', async () => {
    const root = await run(process.execPath, [BIN, '--help']);
    assert.match(root.stdout, /serve \[options\]/);
    const help = await run('npx', ['--no-install', 'go-profiler', 'serve', '--help'], { cwd: REPO_ROOT });
    for (const text of [
      '--listen <host:port>',
      'GO_PROFILER_LISTEN',
      '"127.0.0.1:8090"',
      '--advertise-address <host>',
      'GO_PROFILER_ADVERTISE_ADDRESS',
      '--data-root <dir>',
      'GO_PROFILER_DATA_ROOT',
      '"./data"',
      '--kubeconfig <file>',
      '--default-cpu-seconds <n>',
      'GO_PROFILER_DEFAULT_CPU_SECONDS',
    ]) {
      assert.ok(help.stdout.includes(text), `serve --help lacks ${text}:\n${help.stdout}`);
    }
  });

  it('serves with settings from flags and environment, the CPU default, KUBECONFIG; exits cleanly on SIGTERM', async () => {
    const dataRoot = path.join(scratch, 'data');
    const served = await spawnServe(['--listen', '127.0.0.1:0', '--default-cpu-seconds', '1'], {
      env: { GO_PROFILER_DATA_ROOT: dataRoot, KUBECONFIG: kube.kubeconfigPath },
    });
    try {
      // No `seconds` in the request: the server's default (1 s here, 30 s unless set) is sent to Go.
      const cpu = await postJson(`${served.url}/processor/goProfiler`, { source: target.url, type: 'Profile' });
      assert.equal(cpu.status, 200, JSON.stringify(cpu.json));
      const cpuFile = path.join(dataRoot, String(cpu.json[`${R}file`]));
      const sidecar = JSON.parse(readFileSync(cpuFile.replace(/\.prof$/, '.json'), 'utf8'));
      assert.equal(sidecar.url, `${target.url}/debug/pprof/profile?seconds=1`);
      assert.equal(sidecar.cpuSeconds, 1);
      const duration = decodeProfile(readFileSync(cpuFile)).durationNanos;
      assert.ok(duration >= 0.9e9 && duration < 5e9, `CPU profile lasted ${duration} ns`);

      const heap = await postJson(`${served.url}/processor/goProfiler`, {
        source: tlsTarget.url,
        type: 'Heap',
        tls: { secretReference: { name: 'pprof', namespace: 'monitoring' } },
      });
      assert.equal(heap.status, 200, JSON.stringify(heap.json));
      const ports = [viewerPort(cpu.json), viewerPort(heap.json)];
      for (const port of ports) assert.equal(await isPortOpen(port), true);
      const metrics = await (await fetch(`${served.url}/metrics`)).text();
      assert.match(metrics, /^go_profiler_captures_total\{type="Profile",result="success"\} 1$/m);
      assert.match(metrics, /^go_profiler_captures_total\{type="Heap",result="success"\} 1$/m);

      served.child.kill('SIGTERM');
      assert.equal(await served.exited, 0);
      for (const port of ports) assert.equal(await isPortOpen(port), false, `viewer port ${port} closed`);
      assert.equal(await isPortOpen(served.port), false);
      assert.ok(served.lines.some((line) => line.includes('closing viewers and the API')));
      assert.ok(existsSync(cpuFile), 'stored captures outlive the process');
      assert.ok(!served.lines.join('\n').includes(TOKEN));
      // Log lines a pipeline reads as they are: the level a word, the time ISO 8601.
      for (const line of served.lines.map((text) => JSON.parse(text) as Record<string, unknown>)) {
        assert.ok(['debug', 'info', 'warn'].includes(String(line.level)), JSON.stringify(line));
        assert.match(String(line.time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    } finally {
      served.child.kill('SIGKILL');
    }
  });

  it('names an IPv6 advertised address in brackets; says when there is no kubeconfig at all', async () => {
    const home = path.join(scratch, 'home');
    mkdirSync(home);
    const served = await spawnServe(['--listen', '[::1]:0', '--data-root', path.join(home, 'data')], {
      env: { HOME: home },
    });
    try {
      assert.match(served.url, /^http:\/\/\[::1\]:\d+$/);
      const { status, json } = await postJson(`${served.url}/processor/goProfiler`, {
        source: target.url,
        type: 'goroutine',
      });
      assert.equal(status, 200, JSON.stringify(json));
      assert.match(
        String(json[`${R}endpoint`]),
        /^Visit http:\/\/\[::1\]:\d+, this server will expire in 7200 seconds\.$/,
      );
      assert.equal((await fetch(`http://[::1]:${viewerPort(json)}/download`)).status, 200);

      const https = await postJson(`${served.url}/processor/goProfiler`, {
        source: tlsTarget.url,
        type: 'Heap',
        tls: { secretReference: { name: 'pprof', namespace: 'monitoring' } },
      });
      assert.equal(https.status, 500);
      assert.match(
        String(https.json.error),
        /^read secret monitoring\/pprof: no Kubernetes configuration: no kubeconfig: pass --kubeconfig, set KUBECONFIG/,
      );
    } finally {
      served.child.kill('SIGTERM');
      assert.equal(await served.exited, 0);
    }
  });

  it('refuses bad settings with one line naming the option, exit code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['--listen', 'nope'], /^go-profiler: read option --listen: "nope" is not HOST:PORT/],
      [
        ['--listen', '127.0.0.1:0', '--default-cpu-seconds', '0'],
        /^go-profiler: read option --default-cpu-seconds: "0" is not a whole number/,
      ],
      [
        ['--listen', '127.0.0.1:0', '--data-root', `${BIN}/data`],
        /^go-profiler: prepare data root .*main\.js\/data: .*ENOTDIR/,
      ],
      [
        ['--listen', '127.0.0.1:0', '--allow-sources', '10.0.0.0/8,web.shop.svc:http'],
        /^go-profiler: read option --allow-sources: parse source rule "web\.shop\.svc:http": expected a CIDR/,
      ],
      [
        ['--listen', '127.0.0.1:0', '--advertise-address', '192.0.2.1'],
        /^go-profiler: check advertise address 192\.0\.2\.1: viewers cannot listen there: .*EADDRNOTAVAIL/,
      ],
    ];
    for (const [args, error] of cases) {
      const result = await run(process.execPath, [BIN, 'serve', ...args]).then(
        () => assert.fail(`serve ${args.join(' ')} succeeded`),
        (failure: { code: number; stderr: string }) => failure,
      );
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, error);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });
});
