// A loopback reverse proxy in front of the real Go target that refuses the delta parameter: a
// `/debug/pprof/<name>?seconds=N` request for any profile but the CPU one (or only for the names
// given) gets net/http/pprof's kind of error, 400 with `X-Go-Pprof: 1` and a text line, as an older
// Go or a proxy that drops the parameter would answer; the names in `fail` get a 500 whatever is
// asked. Every other request is passed through.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RefusingProxy {
  /** `http://127.0.0.1:PORT`, a source for the processor or the CLI. */
  readonly url: string;
  /** Every path and query asked, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export interface RefusingOptions {
  /** The profile names whose delta (`?seconds=`) is refused; default every one but `profile` (CPU). */
  readonly refuseDelta?: readonly string[];
  /** The profile names refused whatever is asked (500, as a broken handler would answer). */
  readonly fail?: readonly string[];
}

export async function startRefusingProxy(targetUrl: string, options: RefusingOptions = {}): Promise<RefusingProxy> {
  const refuse = options.refuseDelta;
  const target = new URL(targetUrl);
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const asked = request.url ?? '/';
    requests.push(asked);
    const url = new URL(asked, 'http://proxy');
    const name = /^\/debug\/pprof\/([^/]+)$/.exec(url.pathname)?.[1];
    const refused = name !== undefined && (refuse === undefined ? name !== 'profile' : refuse.includes(name));
    if (name !== undefined && options.fail?.includes(name) === true) {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('broken here\n');
      return;
    }
    if (refused && url.searchParams.has('seconds')) {
      response
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'x-go-pprof': '1' })
        .end('delta profiles are not served here\n');
      return;
    }
    const upstream = http.get(
      { host: target.hostname, port: target.port, path: asked, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => response.destroy(error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
