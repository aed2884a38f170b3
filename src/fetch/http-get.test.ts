import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FetchNetworkError, FetchTimeoutError, FetchTooLargeError } from './fetch-errors.js';
import { ERROR_BODY_BYTES, nodeHttpGet } from './http-get.js';

let server: http.Server;
let base: string;
const seenAuthorization: (string | undefined)[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    seenAuthorization.push(req.headers.authorization);
    if (req.url === '/trickle') {
      // A byte every 100 ms forever: only a deadline for the whole answer stops it.
      res.writeHead(200);
      const timer = setInterval(() => res.write('x'), 100);
      res.on('close', () => clearInterval(timer));
    } else if (req.url === '/chunked-big') {
      res.writeHead(200); // no content-length: the cap must count what arrives
      for (let i = 0; i < 64; i++) res.write(Buffer.alloc(1024, 1));
      res.end();
    } else if (req.url === '/endless-error') {
      // An error page that never ends: its first ERROR_BODY_BYTES, then nothing, never an end.
      res.writeHead(503);
      res.write(Buffer.alloc(ERROR_BODY_BYTES, 0x61));
    } else if (req.url === '/hangup') {
      req.socket.destroy();
    } else {
      res.writeHead(200, { 'x-go-pprof': '1' }).end('body');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

/** A time limit no request here reaches, however busy the machine, unless it is the one tested. */
const NOT_REACHED_MS = 600_000;

const get = (path: string, overrides: { timeoutMs?: number; maxBodyBytes?: number; bearerToken?: string } = {}) =>
  nodeHttpGet({ url: new URL(`${base}${path}`), timeoutMs: NOT_REACHED_MS, maxBodyBytes: 1 << 20, ...overrides });

describe('nodeHttpGet', () => {
  it('returns status, lower-cased headers and the body; sends the bearer token', async () => {
    const response = await get('/ok', { bearerToken: 'secret-token' });
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-go-pprof'], '1');
    assert.equal(new TextDecoder().decode(response.body), 'body');
    assert.equal(seenAuthorization.at(-1), 'Bearer secret-token');
  });

  it('bounds the whole answer in time, even when bytes keep trickling in', async () => {
    await assert.rejects(get('/trickle', { timeoutMs: 300 }), (error: unknown) => {
      assert.ok(error instanceof FetchTimeoutError);
      assert.match(
        error.message,
        /^fetch http:\/\/127\.0\.0\.1:\d+\/trickle: timed out: no complete answer within 0\.3 s$/,
      );
      return true;
    });
  });

  it('stops reading at the size cap, without a content-length', async () => {
    await assert.rejects(get('/chunked-big', { maxBodyBytes: 10_000 }), FetchTooLargeError);
    assert.equal((await get('/chunked-big', { maxBodyBytes: 65_536 })).body.length, 65_536);
  });

  it('connects to the pinned address, never asking DNS for the name', async () => {
    const port = new URL(base).port;
    const response = await nodeHttpGet({
      url: new URL(`http://pinned.invalid:${port}/ok`),
      address: { address: '127.0.0.1', family: 4 },
      timeoutMs: NOT_REACHED_MS,
      maxBodyBytes: 1024,
    });
    assert.equal(new TextDecoder().decode(response.body), 'body');
    await assert.rejects(
      nodeHttpGet({ url: new URL(`http://pinned.invalid:${port}/ok`), timeoutMs: NOT_REACHED_MS, maxBodyBytes: 1024 }),
      /host not found \(ENOTFOUND\)$/,
    );
  });

  it('reads only the first bytes of a non-200 answer and closes it', async () => {
    // Not cut, the answer would never end: the time limit (a minute) would fail the test.
    const response = await get('/endless-error', { timeoutMs: 60_000 });
    assert.equal(response.status, 503);
    assert.equal(response.bodyComplete, false);
    assert.deepEqual(Buffer.from(response.body), Buffer.alloc(ERROR_BODY_BYTES, 0x61));
    assert.equal((await get('/ok')).bodyComplete, true);
  });

  it('names network failures, never the token', async () => {
    await assert.rejects(get('/hangup', { bearerToken: 'secret-token' }), (error: unknown) => {
      assert.ok(error instanceof FetchNetworkError);
      assert.match(error.message, /\/hangup: .*\(ECONNRESET\)$/);
      assert.ok(!error.message.includes('secret-token'));
      return true;
    });
  });
});
