// nodeHttpGet's abort signal (the processor aborts a capture whose caller hung up): the request to
// the source is torn down and the promise rejects with the signal's reason.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { nodeHttpGet } from './http-get.js';

class HungUpError extends Error {
  override readonly name = 'HungUpError';
}

describe('nodeHttpGet with a signal', () => {
  it('tears down a request in flight and rejects with the reason', async () => {
    let sourceSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (sourceSawClose = resolve));
    let arrived!: () => void;
    const requested = new Promise<void>((resolve) => (arrived = resolve));
    // A source that never answers: only the abort can end the request.
    const server = http.createServer((req) => {
      req.socket.on('close', sourceSawClose);
      arrived();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/debug/pprof/profile`);
    try {
      const controller = new AbortController();
      const pending = nodeHttpGet({ url, timeoutMs: 600_000, maxBodyBytes: 1024, signal: controller.signal });
      await requested;
      const reason = new HungUpError('capture profile: abandoned');
      controller.abort(reason);
      await assert.rejects(pending, (error) => error === reason);
      await closed;
    } finally {
      server.close();
    }
  });

  it('does not connect at all when the signal is already aborted', async () => {
    let connections = 0;
    const server = http.createServer((_req, res) => res.end('x'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    try {
      const reason = new HungUpError('gone');
      await assert.rejects(
        nodeHttpGet({ url, timeoutMs: 600_000, maxBodyBytes: 1024, signal: AbortSignal.abort(reason) }),
        (error) => error === reason,
      );
      // A request made afterwards is the first connection the server sees.
      assert.equal((await nodeHttpGet({ url, timeoutMs: 600_000, maxBodyBytes: 1024 })).status, 200);
      assert.equal(connections, 1);
    } finally {
      server.close();
    }
  });
});
