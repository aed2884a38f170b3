// SPEC §5 "Out of file descriptors": the shipped `go-profiler serve` under a low `ulimit -n`, its
// descriptors used up by idle keep-alive connections, answers a capture whose fetch cannot open a
// socket with a 503 that blames the host (EMFILE), never the target; it stays up, and captures
// again once connections are given back.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { spawnServe, type ServeProcess } from './support/serve-process.js';

/** Low enough to fill with a few hundred connections, high enough for Node to start. */
const FILE_LIMIT = 128;

let target: GoTarget;
let served: ServeProcess;
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-emfile-'));

before(async () => {
  target = await startGoTarget(['-stacks', '4']);
  served = await spawnServe(['--listen', '127.0.0.1:0'], {
    env: { GO_PROFILER_DATA_ROOT: dataRoot },
    shellPrefix: `ulimit -n ${FILE_LIMIT}`,
  });
});

after(async () => {
  await served?.stop();
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
    const socket = net.connect(served.port, '127.0.0.1', () => socket.write(request));
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

/**
 * Sends `request` until the server accepts a connection for it: a closed connection takes a moment
 * to give its descriptor back. No limit but the test runner's: a busy machine takes longer.
 */
async function exchangeOnceAccepted(request: string, keepOpen: net.Socket[]): Promise<string> {
  for (;;) {
    const answer = await exchange(request, keepOpen);
    if (answer !== undefined) return answer;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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
    assert.equal(served.child.exitCode, null, 'the processor is still running');

    for (const socket of held.splice(0)) socket.destroy();
    const kept: net.Socket[] = [];
    const good = await exchangeOnceAccepted(capture(), kept);
    for (const socket of kept) socket.destroy();
    assert.match(good, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(!served.lines.some((line) => line.includes('request failed unexpectedly')), served.lines.join('\n'));
  });
});
