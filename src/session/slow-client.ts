// Server options that answer a slow client 408 and close its connection (SPEC §5 "Slow clients"):
// the processor's port and every viewer's spread them into `Fastify({...})`.

import type http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** A request's headers or body must arrive within this (408 after it, SPEC §5 "Slow clients"). */
export const SLOW_CLIENT_TIMEOUT_MS = 30_000;

/** The part of Fastify's options that bounds how long a request's headers and body may take. */
export interface SlowClientServerOptions {
  /** Fastify copies this onto the server (and would reset it to 0, "none", if left out). */
  readonly requestTimeout: number;
  /** node:http's own options: Fastify passes them to `http.createServer`. */
  readonly http: http.ServerOptions;
  readonly clientErrorHandler: (this: FastifyInstance, error: Error & { code?: string }, socket: Socket) => void;
}

/**
 * Node checks every open connection each `connectionsCheckingInterval` and fails those whose
 * headers (`headersTimeout`) or whole request (`requestTimeout`) are late with
 * ERR_HTTP_REQUEST_TIMEOUT, which the handler answers 408. A connection that sends nothing at all
 * counts from its accept. Only the request is timed: a long answer (a 600 s CPU profile) is not.
 */
export function slowClientServerOptions(timeoutMs = SLOW_CLIENT_TIMEOUT_MS): SlowClientServerOptions {
  if (!(Number.isSafeInteger(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`slow-client time limit: ${timeoutMs} is not a positive whole number of milliseconds`);
  }
  return {
    requestTimeout: timeoutMs,
    http: {
      requestTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      // Node's default (30 s) would let a late request live up to twice the limit.
      connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(timeoutMs / 4))),
    },
    clientErrorHandler(error, socket) {
      answerClientError(this, error, socket, timeoutMs);
    },
  };
}

/** Node's own answers, as JSON errors like every other answer of ours; the connection is closed. */
function answerClientError(
  app: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
  timeoutMs: number,
): void {
  // A reset connection is gone: there is nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let status: number;
  let message: string;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    message = `read request: its headers and body did not arrive within ${timeoutMs / 1000} s`;
    app.log.info({ remote: socket.remoteAddress, limitMs: timeoutMs }, 'slow client: answered 408 and closed');
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    message = 'read request: its headers are too large';
  } else {
    status = 400;
    message = `read request: not valid HTTP/1.1 (${error.code ?? error.message})`;
  }
  // An answer already under way (headers sent) cannot be followed by another one on this connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && inFlight?.headersSent !== true) {
    const body = JSON.stringify({ error: message });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};
