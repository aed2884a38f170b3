// HTTP/1.1 over a bare socket, for requests no client library would send: any `Host`, a path with
// `..` or a NUL byte left as written, a header dripped a byte at a time. Reads the answer up to the
// server's close.

import net from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Header names in lower case; a repeated header's values joined with `\n`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Parses one HTTP/1.1 answer (Content-Length or chunked body). */
export function parseRawResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete HTTP answer in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}\n${value}`;
  }
  let body = text.slice(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status, headers, body };
}

function unchunk(text: string): string {
  let body = '';
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return body;
    body += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * Sends `request` as written (a string is sent as latin1, byte for byte) and reads the answer until
 * the server closes (ask with `Connection: close`).
 */
export function rawRequest(port: number, request: string | Buffer, host = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseRawResponse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    // Not ended: Node's server drops a request whose client half-closes before the answer.
    socket.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request);
  });
}

/** `GET path` with `Host: host` (default the address asked) and `Connection: close`, plus `headers`. */
export function rawGet(
  port: number,
  path: string,
  headers: Readonly<Record<string, string>> = {},
  host = `127.0.0.1:${port}`,
): Promise<RawResponse> {
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return rawRequest(port, `${lines.join('\r\n')}\r\n\r\n`);
}
