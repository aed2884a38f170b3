// SPEC §5 "Out of file descriptors": the shipped `go-profiler serve` under a low `ulimit -n`, its
// descriptors used up by idle keep-alive connections, answers a capture whose fetch cannot open a
// socket with a 503 that blames the host (EMFILE), never the target; it stays up, and captures
// again once connections are given back.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from './support/fixtures.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');
/** Low enough to fill with a few hundred connections, high enough for Node to start. */
const FILE_LIMIT = 128;

let target: GoTarget;
let child: ChildProcess;
let port: number;
const lines: string[] = [];
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-emfile-'));

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run npm run build (npm test does)`);
  target = await startGoTarget(['-stacks', '4']);
  child = spawn(
    'sh',
    ['-c', `ulimit -n ${FILE_LIMIT} && exec "$0" "$@"`, process.execPath, BIN, 'serve', '--listen', '127.0.0.1:0'],
    {
      env: { ...process.env, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '', GO_PROFILER_DATA_ROOT: dataRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const match = /processor listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
});

after(async () => {
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await target?.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

/**
 * Writes `request` on a new connection and resolves with the first answer's bytes, or with
 * undefined when the server closes the connection without answering (it could not accept it: libuv
 * accepts and closes connections while the process is out of descriptors).
 */
function exchange(request: string, keepOpen: net.Socket[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      const [head = '', body] = answer.split('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1]);
      if (body !== undefined && Buffer.byteLength(body) >= length) {
        keepOpen.push(socket);
        resolve(answer);
      }
    });
    socket.on('close', () => resolve(undefined));
  });
}

const HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
const capture = () => {
  const body = JSON.stringify({ source: target.url, type: 'Heap' });
  return `POST /processor/goProfiler HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
};

/** Sends `request` until the server accepts a connection for it (bounded by the limit's size). */
async function exchangeOnceAccepted(request: string, keepOpen: net.Socket[]): Promise<string> {
  for (let attempt = 0; attempt < FILE_LIMIT * 4; attempt++) {
    const answer = await exchange(request, keepOpen);
    if (answer !== undefined) return answer;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('the processor never accepted the connection');
}

describe('go-profiler serve out of file descriptors', () => {
  it('answers 503 naming EMFILE, not the target, stays up, and captures once descriptors are free', async () => {
    // Idle keep-alive connections (each answered once) until the process cannot accept one more.
    const held: net.Socket[] = [];
    let answered = 0;
    while ((await exchange(HEALTHZ, held)) !== undefined) {
      answered++;
      assert.ok(answered <= FILE_LIMIT, 'more connections than descriptors: is the limit applied?');
    }
    assert.ok(answered > 10, `only ${answered} connections before the limit`);

    // One descriptor given back: the capture's own connection takes it; its fetch finds none.
    held.pop()!.destroy();
    const refused = await exchangeOnceAccepted(capture(), held);
    assert.match(refused, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(refused, /\r\nretry-after: 10\r\n/i);
    const error = String((JSON.parse(refused.split('\r\n\r\n')[1]!) as { error: unknown }).error);
    assert.match(
      error,
      /^fetch http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/heap: the processor's host is out of file descriptors \(the process limit, ulimit -n\) \(EMFILE\); the target is not at fault, retry later$/,
    );
    assert.equal(child.exitCode, null, 'the processor is still running');

    for (const socket of held.splice(0)) socket.destroy();
    const kept: net.Socket[] = [];
    const good = await exchangeOnceAccepted(capture(), kept);
    for (const socket of kept) socket.destroy();
    assert.match(good, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(!lines.some((line) => line.includes('request failed unexpectedly')), lines.join('\n'));
  });
});
