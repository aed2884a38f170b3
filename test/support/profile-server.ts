// A loopback server answering every /debug/pprof/ request with the same profile bytes, as a Go
// program's net/http/pprof would: for profiles the Go target cannot make (a fixture captured
// elsewhere, a synthetic one built with src/pprof's encoder).

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProfileServer {
  /** `http://127.0.0.1:PORT`, a source for the processor. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startProfileServer(bytes: Uint8Array): Promise<ProfileServer> {
  const server = http.createServer((request, response) => {
    if (request.url?.startsWith('/debug/pprof/') !== true) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
