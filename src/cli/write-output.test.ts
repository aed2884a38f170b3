// writeOutput asks a report for its next chunk only when the stream has room, stops on a closed
// reader with OutputClosedError, and names any other write failure.

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { OutputClosedError, writeOutput } from './write-output.js';

/** A stream that completes each write only when the test says so. */
function heldStream(highWaterMark: number) {
  const received: string[] = [];
  const pending: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      received.push(chunk);
      pending.push(() => callback());
    },
  });
  const releaseOne = () => pending.shift()?.();
  return { stream, received, pending, releaseOne };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('writeOutput', () => {
  it('asks for the next chunk only when the stream has room for it', async () => {
    const { stream, received, pending, releaseOne } = heldStream(16);
    const produced: number[] = [];
    function* report() {
      for (let i = 0; i < 6; i++) {
        produced.push(i);
        yield `chunk ${i}...\n`; // 11 characters: the second fills the 16-character buffer
      }
    }
    const done = writeOutput(report(), stream);
    await tick();
    // The first chunk is being written, the second is buffered: full, so the report waits.
    assert.deepEqual(produced, [0, 1]);
    assert.deepEqual(received, ['chunk 0...\n']);
    while (pending.length > 0) {
      releaseOne();
      await tick();
    }
    await done;
    assert.deepEqual(produced, [0, 1, 2, 3, 4, 5]);
    assert.equal(received.join(''), [0, 1, 2, 3, 4, 5].map((i) => `chunk ${i}...\n`).join(''));
  });

  it('writes a whole string as one chunk', async () => {
    const { stream, received, releaseOne } = heldStream(1024);
    const done = writeOutput('File: gotarget\n', stream);
    releaseOne();
    await done;
    assert.deepEqual(received, ['File: gotarget\n']);
  });

  it('stops asking for chunks when the reader closes the pipe, with OutputClosedError', async () => {
    let produced = 0;
    let finished = false;
    function* report() {
      try {
        for (;;) {
          produced++;
          yield 'x'.repeat(100);
        }
      } finally {
        finished = true;
      }
    }
    const stream = new Writable({
      highWaterMark: 64,
      write(_chunk, _encoding, callback) {
        const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        setImmediate(() => callback(error));
      },
    });
    await assert.rejects(writeOutput(report(), stream), (error: unknown) => {
      assert.ok(error instanceof OutputClosedError);
      assert.equal(error.message, 'write stdout: the reader closed the pipe');
      return true;
    });
    // One chunk in the stream's hands when it failed, none asked for after; the report was closed.
    assert.equal(produced, 1);
    assert.equal(finished, true);
  });

  it('names any other write failure', async () => {
    const stream = new Writable({
      highWaterMark: 8,
      write(_chunk, _encoding, callback) {
        const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        setImmediate(() => callback(error));
      },
    });
    await assert.rejects(writeOutput(['a'.repeat(10), 'b'], stream), {
      name: 'OutputWriteError',
      message: 'write stdout: ENOSPC: no space left on device, write',
    });
  });

  it('refuses to write to a stream already closed', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    stream.destroy();
    await assert.rejects(writeOutput('late', stream), { name: 'OutputClosedError' });
  });
});
