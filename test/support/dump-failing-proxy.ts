// A loopback reverse proxy in front of the real Go target that passes every profile through but
// fails the goroutine dump (`/debug/pprof/goroutine?debug=2`) in one way: a 500 with a text line,
// a 200 whose body is an HTML page, the target's `debug=1` text instead (a proxy that rewrites the
// query), or no answer at all (held until the proxy closes), as a broken handler, a login page, a
// meddling proxy or a stuck program would.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type DumpFailure = '500' | 'html' | 'debug1' | 'hang';

/** The bodies sent: a test checks that no error echoes them. */
export const FAILURE_TEXT = 'dump handler broken here\n';
export const FAILURE_PAGE = '<!DOCTYPE html><html><body>sign in to see goroutines</body></html>\n';

export interface DumpFailingProxy {
  /** `http://127.0.0.1:PORT`, a source for the processor. */
  readonly url: string;
  /** How many dump requests came. */
  readonly dumpRequests: () => number;
  /** The size of the last body sent for a dump request (the `debug=1` text's varies). */
  readonly lastDumpBytes: () => number;
  close(): Promise<void>;
}

export async function startDumpFailingProxy(targetUrl: string, failure: DumpFailure): Promise<DumpFailingProxy> {
  const target = new URL(targetUrl);
  let dumps = 0;
  let lastBytes = 0;
  const server = http.createServer((request, response) => {
    let asked = request.url ?? '/';
    const url = new URL(asked, 'http://proxy');
    const isDump = url.pathname === '/debug/pprof/goroutine' && url.searchParams.get('debug') === '2';
    if (isDump) dumps++;
    if (isDump && failure === 'debug1') {
      lastBytes = 0;
      asked = '/debug/pprof/goroutine?debug=1';
    } else if (isDump) {
      if (failure === '500') response.writeHead(500, { 'content-type': 'text/plain' }).end(FAILURE_TEXT);
      else if (failure === 'html') response.writeHead(200, { 'content-type': 'text/html' }).end(FAILURE_PAGE);
      // 'hang': the headers and no body; the connection is held until the proxy closes.
      else response.writeHead(200, { 'content-type': 'text/plain' }).flushHeaders();
      return;
    }
    const upstream = http.get(
      { host: target.hostname, port: target.port, path: asked, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        if (isDump) answer.on('data', (chunk: Buffer) => (lastBytes += chunk.length));
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => response.destroy(error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dumpRequests: () => dumps,
    lastDumpBytes: () => lastBytes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
