// A viewer's server options for what never reaches its routes. Slow clients (SPEC §5): headers or
// body not arrived within the limit → 408 and the connection closed, so a client dripping a byte
// at a time holds no connection for long (Node's requestTimeout and headersTimeout). Requests Node
// cannot parse (400, 431) and URLs Fastify cannot route (a bad %-escape) are answered here too, as
// every viewer answer: in JSON with `nosniff`.

import { STATUS_CODES } from 'node:http';
import type { ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface ViewerHttpOptions {
  /** Fastify's copy of Node's requestTimeout (Fastify sets it on the server after creating it). */
  readonly requestTimeout: number;
  /** Node's server options: only given at creation, and the checking interval only there. */
  readonly http?: ServerOptions;
  readonly clientErrorHandler: (error: Error, socket: Socket) => void;
  readonly frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void;
}

/** Node's own limit on the request line and headers, past which it answers 431. */
const NODE_MAX_HEADER_KIB = 16;

/**
 * With `timeoutMs` (SLOW_CLIENT_TIMEOUT_MS, injected by the processor and the CLI), a request's
 * headers and body must have arrived within it. Without, Node's defaults stay (headers within
 * 60 s, the whole request within 300 s), not Fastify's "no limit". Node checks its connections
 * every `connectionsCheckingInterval`: a quarter of the limit (at most 5 s), so a slow request is
 * answered between 1 and 1.25 times the limit.
 */
export function viewerHttpOptions(timeoutMs: number | undefined): ViewerHttpOptions {
  const clientErrorHandler = answerClientError(timeoutMs);
  if (timeoutMs === undefined) return { requestTimeout: 300_000, clientErrorHandler, frameworkErrors };
  return {
    requestTimeout: timeoutMs,
    http: {
      headersTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      connectionsCheckingInterval: Math.max(1, Math.min(Math.floor(timeoutMs / 4), 5000)),
    },
    clientErrorHandler,
    frameworkErrors,
  };
}

/** A URL Fastify cannot route (a bad %-escape, an over-long route parameter): 400, before any hook. */
function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const reason = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path segment is too long' : 'not a valid URL';
  void reply
    .code(400)
    .header('x-content-type-options', 'nosniff')
    .send({ error: `read request URL: ${reason} (${error.code})` });
}

/** What Node could not even parse as a request, answered as the viewer answers errors. */
function answerClientError(timeoutMs: number | undefined): (error: Error, socket: Socket) => void {
  return (error, socket) => {
    const code = (error as { code?: unknown }).code;
    if (code === 'ECONNRESET' || socket.destroyed) return;
    let status = 400;
    let message = `read request: not a valid HTTP request (${typeof code === 'string' ? code : error.name})`;
    if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = 408;
      const within = timeoutMs === undefined ? '' : ` within ${timeoutMs / 1000} s`;
      message = `read request: the headers and body did not arrive${within}`;
    } else if (code === 'HPE_HEADER_OVERFLOW') {
      status = 431;
      message = `read request: the request line and headers are larger than ${NODE_MAX_HEADER_KIB} KiB`;
    }
    const body = JSON.stringify({ error: message });
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          'Connection: close\r\n' +
          'Content-Type: application/json; charset=utf-8\r\n' +
          'X-Content-Type-Options: nosniff\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}
