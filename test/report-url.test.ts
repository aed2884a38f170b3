// Report commands with a URL in place of a file (`go-profiler top http://host:6060/debug/pprof/heap`,
// pprof's `go tool pprof -top URL`), against the real Go target through a recording proxy written
// for the test: what the command printed equals `go tool pprof -top` on the very bytes it was
// served, and the CPU profile's length reaches the target as `seconds`. Runs the compiled CLI
// (npm run build first).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runGoProfiler, type CliResult } from './support/cli-run.js';
import { goToolPprof } from './support/go-pprof.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';

/** What the proxy forwarded: each request's path and query, and the body the target answered. */
interface Served {
  readonly path: string;
  readonly body: Buffer;
}

let target: GoTarget;
let proxy: http.Server;
let proxyUrl: string;
let dir: string;
const served: Served[] = [];

before(async () => {
  target = await startGoTarget(['-stacks', '8', '-cpu', '1']);
  proxy = http.createServer((request, response) => {
    http.get(`${target.url}${request.url}`, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        served.push({ path: request.url ?? '', body });
        response.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
      });
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-report-url-'));
});

after(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await target?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

type Result = CliResult;

function goProfiler(args: readonly string[]): Promise<Result> {
  return runGoProfiler(args, { env: { ...process.env, TZ: 'UTC' } });
}

/** pprof's report on the bytes the last request was served, saved to a file. */
async function pprofOnLastServed(args: readonly string[]): Promise<string> {
  const last = served.at(-1);
  assert.ok(last !== undefined, 'the proxy served nothing');
  const file = path.join(dir, `served-${served.length}.pb.gz`);
  writeFileSync(file, last.body);
  return goToolPprof([...args, file]);
}

describe('report commands read a URL in place of a file', () => {
  it('top of a heap URL equals pprof -top on the bytes served', async () => {
    const ours = await goProfiler(['top', `${proxyUrl}/debug/pprof/heap`]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(served.at(-1)?.path, '/debug/pprof/heap');
    assert.equal(ours.stdout, await pprofOnLastServed(['-top']));
  });

  it('a pasted pprof line: -peek and -inuse_objects on the goroutine and heap URLs', async () => {
    const peek = await goProfiler(['-peek=main\\.', `${proxyUrl}/debug/pprof/goroutine`]);
    assert.equal(peek.code, 0, peek.stderr);
    assert.equal(peek.stdout, await pprofOnLastServed(['-peek=main\\.']));
    const objects = await goProfiler(['-top', '-inuse_objects', `${proxyUrl}/debug/pprof/heap`]);
    assert.equal(objects.code, 0, objects.stderr);
    assert.equal(objects.stdout, await pprofOnLastServed(['-top', '-inuse_objects']));
  });

  it('a CPU profile for --seconds (and pprof -seconds), the length sent to the target', async () => {
    const ours = await goProfiler(['top', '--seconds', '1', `${proxyUrl}/debug/pprof/profile`]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(served.at(-1)?.path, '/debug/pprof/profile?seconds=1');
    assert.equal(ours.stdout, await pprofOnLastServed(['-top']));
    const pasted = await goProfiler(['-raw', '-seconds=1', proxyUrl]);
    assert.equal(pasted.code, 0, pasted.stderr);
    assert.equal(served.at(-1)?.path, '/debug/pprof/profile?seconds=1');
    assert.equal(pasted.stdout, await pprofOnLastServed(['-raw']));
  });

  it('--diff-base from a URL and a file', async () => {
    const base = path.join(dir, 'base.pb.gz');
    const first = await goProfiler(['top', `${proxyUrl}/debug/pprof/goroutine`]);
    assert.equal(first.code, 0, first.stderr);
    writeFileSync(base, served.at(-1)!.body);
    const ours = await goProfiler(['top', '--diff-base', base, `${proxyUrl}/debug/pprof/goroutine`]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, await pprofOnLastServed(['-top', `-diff_base=${base}`]));
  });

  it('names what failed: a 404, a type it does not know, --seconds for a heap URL or not a number', async () => {
    const missing = await goProfiler(['top', `${proxyUrl}/elsewhere/debug/pprof/heap`]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /^go-profiler: fetch http:\/\/127\.0\.0\.1:\d+\/elsewhere\/debug\/pprof\/heap: .*404/);
    const unknown = await goProfiler(['top', `${proxyUrl}/debug/pprof/nosuch`]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^go-profiler: parse argument TYPE "nosuch": not a profile type/);
    const heapSeconds = await goProfiler(['top', '--seconds', '5', `${proxyUrl}/debug/pprof/heap`]);
    assert.deepEqual(heapSeconds, {
      code: 1,
      stdout: '',
      stderr: `go-profiler: parse option --seconds: only for a CPU profile's URL ("${proxyUrl}/debug/pprof/heap" serves Heap)\n`,
    });
    const badSeconds = await goProfiler(['top', '--seconds', 'soon', `${proxyUrl}/debug/pprof/profile`]);
    assert.equal(badSeconds.code, 1);
    assert.match(badSeconds.stderr, /--seconds.*"soon" is not a whole number from 1 to 600/);
  });
});
