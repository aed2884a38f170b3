import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { listenOnViewerPort } from './viewer-ports.js';

/** A port the OS gave a server, held until `release()`. */
async function holdPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Listens a new app with `listen` and closes it, returning the port it got. */
async function portTaken(listen: (app: ReturnType<typeof Fastify>) => Promise<number>): Promise<number> {
  const app = Fastify();
  try {
    return await listen(app);
  } finally {
    await app.close();
  }
}

describe('listenOnViewerPort', () => {
  it("asks for a restored session's old port first, and takes any other when it is taken", async () => {
    const held = await holdPort();
    const other = await portTaken((app) =>
      listenOnViewerPort(app, '127.0.0.1', undefined, { preferredPort: held.port }),
    );
    assert.notEqual(other, held.port);
    await held.release();
    const again = await portTaken((app) =>
      listenOnViewerPort(app, '127.0.0.1', undefined, { preferredPort: held.port }),
    );
    assert.equal(again, held.port);
    // A port that must be had (`view -http=:PORT`) fails when taken.
    const taken = await holdPort();
    await assert.rejects(
      portTaken((app) => listenOnViewerPort(app, '127.0.0.1', undefined, { port: taken.port })),
      { code: 'EADDRINUSE' },
    );
    await taken.release();
  });

  it("leaves a range's ports of sessions being restored to them", async () => {
    const held = await holdPort();
    await held.release();
    const range = { low: held.port, high: held.port };
    await assert.rejects(
      portTaken((app) => listenOnViewerPort(app, '127.0.0.1', range, { avoidPorts: new Set([held.port]) })),
      { name: 'ViewerPortsExhaustedError' },
    );
    const restored = await portTaken((app) =>
      listenOnViewerPort(app, '127.0.0.1', range, { preferredPort: held.port, avoidPorts: new Set([held.port]) }),
    );
    assert.equal(restored, held.port);
  });
});
