import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { SLOW_CLIENT_TIMEOUT_MS, slowClientServerOptions } from './slow-client.js';

describe('slowClientServerOptions', () => {
  it("sets Node's request and header limits to SPEC's 30 s by default, checked every second", () => {
    const options = slowClientServerOptions();
    assert.equal(SLOW_CLIENT_TIMEOUT_MS, 30_000);
    assert.equal(options.requestTimeout, 30_000);
    assert.deepEqual(options.http, {
      requestTimeout: 30_000,
      headersTimeout: 30_000,
      connectionsCheckingInterval: 1000,
    });
    assert.throws(() => slowClientServerOptions(0), RangeError);
    assert.throws(() => slowClientServerOptions(1.5), RangeError);
  });

  it('makes any Fastify app (a viewer too) answer a late request 408 with a JSON error, and close', async () => {
    const app = Fastify({ ...slowClientServerOptions(100) });
    app.post('/', async () => 'never reached');
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as net.AddressInfo;
      const answer = await new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{'),
        );
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
      });
      assert.equal(
        answer,
        'HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 74\r\n' +
          'Connection: close\r\n\r\n{"error":"read request: its headers and body did not arrive within 0.1 s"}',
      );
    } finally {
      await app.close();
    }
  });
});
