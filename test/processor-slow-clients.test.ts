// SPEC §5 "Slow clients" and "A caller that disconnects" on the real processor, over real sockets:
// a request whose headers or body drip in past the (injected, small) limit is answered 408 and
// closed, a long answer is not cut, and a caller that hangs up mid CPU capture (the real Go
// target) abandons it: fetch aborted, nothing stored, no viewer, a log line saying so.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isCpuProfileRunning, startGoTarget, type GoTarget } from './support/go-target.js';
import { startTestProcessor, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

let target: GoTarget;
let processor: TestProcessor;

before(async () => {
  [target, processor] = await Promise.all([
    startGoTarget(['-stacks', '4', '-depth', '4']),
    // Small enough to see a 408 at once; the CPU captures below take longer than this.
    startTestProcessor({ slowClientTimeoutMs: 200 }),
  ]);
});

after(async () => {
  await processor?.close();
  await target?.stop();
});

interface Dripped {
  /** Everything the server sent before closing. */
  readonly answer: string;
  /** Bytes of the request written before the close. */
  readonly written: number;
}

/**
 * Connects, writes `head` at once, then `drip` one byte at a time every `everyMs` until the server
 * closes the connection (or the drip runs out, then waits for the close).
 */
function dripRequest(port: number, head: string, drip: string, everyMs = 50): Promise<Dripped> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let written = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // Writing after the server closed may reset the connection: the answer is already read.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, written });
    });
    socket.on('connect', () => {
      if (head !== '') socket.write(head);
      written = head.length;
      timer = setInterval(() => {
        if (written - head.length >= drip.length) return clearInterval(timer);
        if (!socket.writable) return;
        socket.write(drip[written - head.length] ?? '');
        written++;
      }, everyMs);
    });
  });
}

function parseAnswer(answer: string): { status: string; headers: string; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: head.split('\r\n')[0] ?? '', headers: head, body: JSON.parse(body) };
}

const TIMED_OUT = { error: 'read request: its headers and body did not arrive within 0.2 s' };

describe('slow clients', () => {
  it('answers 408 and closes a connection whose body drips in', async () => {
    const body = JSON.stringify({ source: target.url, type: 'Heap' });
    const head =
      'POST /processor/goProfiler HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${body.length}\r\n\r\n`;
    const { answer, written } = await dripRequest(processor.processor.port, head, body);
    const parsed = parseAnswer(answer);
    assert.equal(parsed.status, 'HTTP/1.1 408 Request Timeout');
    assert.match(parsed.headers, /\r\nConnection: close(\r\n|$)/);
    assert.deepEqual(parsed.body, TIMED_OUT);
    assert.ok(written < head.length + body.length, 'closed before the body was complete');
    assert.ok(processor.logs.some((line) => line.includes('slow client: answered 408 and closed')));
  });

  it('answers 408 and closes a connection whose headers drip in', async () => {
    const head = 'POST /processor/goProfiler HTTP/1.1\r\nHost: 127.0.0.1\r\n';
    const { answer } = await dripRequest(processor.processor.port, '', `${head}X-Slow: ${'a'.repeat(10_000)}`);
    assert.equal(parseAnswer(answer).status, 'HTTP/1.1 408 Request Timeout');
    assert.deepEqual(parseAnswer(answer).body, TIMED_OUT);
  });

  it('closes a connection that sends nothing at all, answering 408', async () => {
    const { answer, written } = await dripRequest(processor.processor.port, '', '');
    assert.equal(written, 0);
    assert.equal(parseAnswer(answer).status, 'HTTP/1.1 408 Request Timeout');
  });

  it('does not cut an answer that takes longer than the limit (a CPU profile)', async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'Profile', seconds: 1 });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json['diagnoser.runtime.go_profiler.result.type'], 'Profile');
  });

  it('keeps serving after slow clients', async () => {
    assert.equal((await processor.send({ method: 'GET', path: '/healthz' })).text, 'ok\n');
  });
});

describe('a caller that disconnects', () => {
  it('abandons a CPU capture: the fetch is aborted, nothing is stored, no viewer starts, the log says so', async () => {
    const sessionsBefore = processor.processor.sessions.size;
    const filesBefore = listFiles(processor.dataRoot);
    const logsBefore = processor.logs.length;
    const body = JSON.stringify({ source: target.url, type: 'Profile', seconds: 60 });
    const socket = net.connect(processor.processor.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      'POST /processor/goProfiler HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\n\r\n${body}`,
    );
    // The capture is under way once the processor logs it; then the caller hangs up.
    await waitForLog(processor, logsBefore, 'capturing profile');
    socket.destroy();

    // Settled long before the 60 s profile would end: the fetch was aborted.
    const line = await waitForLog(processor, logsBefore, 'capture abandoned', 'viewer opened');
    assert.match(line, /capture abandoned: the caller disconnected before its answer; no viewer started/);
    assert.match(line, /abandoned: the caller disconnected before its answer/);
    assert.equal(processor.processor.sessions.size, sessionsBefore, 'no viewer started');
    assert.deepEqual(listFiles(processor.dataRoot), filesBefore, 'nothing stored');
    // Answering a caller that is gone is not an error of ours.
    assert.deepEqual(
      processor.logs.slice(logsBefore).filter((text) => /"level":(50|60)/.test(text)),
      [],
    );

    // Go stops its CPU profile when the request goes away: a new one can start (it refuses a
    // second profile while one runs, so wait until the target has noticed the hang-up).
    await waitFor(async () => !(await isCpuProfileRunning(target)), 'the target to end the abandoned CPU profile');
    const answer = await processor.post({ source: target.url, type: 'Profile', seconds: 1 });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

/** The first log line after `from` holding one of `messages`, waiting as long as it takes. */
async function waitForLog(processor: TestProcessor, from: number, ...messages: string[]): Promise<string> {
  for (;;) {
    const line = processor.logs.slice(from).find((text) => messages.some((message) => text.includes(message)));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
