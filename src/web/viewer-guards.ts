// What every viewer checks before a route runs (SPEC §5 "Viewers"): the `Host` names this viewer
// (a DNS-rebinding name gets 421), the URL is of a sane length (414), and with `--viewer-auth
// token` the request carries the viewer's token, in the URL once (it becomes a cookie and the URL
// is cleaned by a redirect) or in the cookie (401 otherwise). Every answer says `nosniff`, and
// no error shows a path of the machine the viewer runs on.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from './page-shell.js';
import { ViewerAuthError, MisdirectedRequestError, UrlTooLongError, errorResponseOf } from './viewer-errors.js';

/** Who a listening viewer answers. */
export interface ViewerAccess {
  /** The address the viewer is advertised at (the processor's advertise address, or the listen host). */
  readonly advertisedHost: string;
  /** `--viewer-auth token`: the viewer's capability token; undefined, no token is asked. */
  readonly token?: string;
}

/**
 * The longest URL (path and query) a viewer answers; longer is a 414. Above the longest refine
 * state a user builds (a saved config's query is at most 4 KiB) and below Node's 16 KiB header
 * limit, past which Node itself answers 431.
 */
export const MAX_VIEWER_URL_BYTES = 8 * 1024;

/** A viewer's capability token: 128 random bits, hex. */
export function createViewerToken(): string {
  return randomBytes(16).toString('hex');
}

/** The cookie holding a viewer's token. Cookies are shared by every port of a host: one name per port. */
export function viewerCookieName(port: number): string {
  return `go-profiler-viewer-${port}`;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** `[::1]` for an IPv6 address, lower case: as a `Host` header names it. */
function hostNameOf(address: string): string {
  return address.includes(':') ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

/**
 * The host names a viewer bound to `advertisedHost` answers to. A wildcard bind (`go-profiler view
 * --listen 0.0.0.0:PORT`) answers at every address of the machine's interfaces: an IP address
 * cannot be rebound, only a DNS name can.
 */
function allowedHostNames(advertisedHost: string): ReadonlySet<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (advertisedHost === '0.0.0.0' || advertisedHost === '::' || advertisedHost === '') {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const { address } of addresses ?? []) names.add(hostNameOf(address));
    }
  } else {
    names.add(hostNameOf(advertisedHost));
  }
  return names;
}

/** `api` routes answer errors in JSON; pages, assets and downloads as a short page. */
function isApiPath(url: string): boolean {
  return /^(\/ui)?\/api(\/|\?|$)/.test(url);
}

/** Equal strings, compared in time that does not depend on where they differ. */
function sameSecret(given: string, secret: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0 && part.slice(0, equals).trim() === name) return part.slice(equals + 1).trim();
  }
  return undefined;
}

/** The URL's `token` values, and the URL without them (other parameters kept as they were written). */
function splitToken(url: string): { tokens: string[]; rest: string } {
  const question = url.indexOf('?');
  if (question < 0) return { tokens: [], rest: url };
  const tokens: string[] = [];
  const kept: string[] = [];
  for (const part of url.slice(question + 1).split('&')) {
    const equals = part.indexOf('=');
    const name = equals < 0 ? part : part.slice(0, equals);
    if (name === 'token') tokens.push(decodeParameter(equals < 0 ? '' : part.slice(equals + 1)));
    else kept.push(part);
  }
  // `//host/` would send the browser to another host: the path is collapsed to one leading slash.
  const path = url.slice(0, question).replace(/^[/\\]+/, '/');
  return { tokens, rest: kept.length === 0 ? path : `${path}?${kept.join('&')}` };
}

function decodeParameter(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return value; // a malformed escape is no token of ours, and is compared as written
  }
}

/**
 * The 401 (or other refusal) as a page for a browser's navigation. A navigation from another site
 * that lands here without the cookie may only have been denied it by SameSite=Strict (Chromium
 * withholds it on the redirect that follows a cross-site link): the page reloads itself once, as a
 * same-site navigation, which sends the cookie if there is one.
 */
function refusalPage(message: string, reload: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${reload ? '<meta http-equiv="refresh" content="0">\n' : ''}<title>go-profiler viewer</title>
</head>
<body>
<p>${escapeHtml(message)}</p>
</body>
</html>
`;
}

function refuse(request: FastifyRequest, reply: FastifyReply, error: Error): FastifyReply {
  const { statusCode, body } = errorResponseOf(error);
  if (isApiPath(request.url)) return reply.code(statusCode).send(body);
  const site = request.headers['sec-fetch-site'];
  const reload =
    error instanceof ViewerAuthError &&
    !error.wrongToken &&
    request.headers['sec-fetch-mode'] === 'navigate' &&
    (site === 'cross-site' || site === 'same-site');
  return reply
    .code(statusCode)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'")
    .header('cache-control', 'no-store')
    .send(refusalPage(body.error, reload));
}

/**
 * Adds `nosniff` to every answer and refuses over-long URLs; with `access`, also checks `Host`
 * and the token. The port checked is the one the request arrived on.
 */
export function registerViewerGuards(app: FastifyInstance, access: ViewerAccess | undefined): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
  const hostNames = access === undefined ? undefined : allowedHostNames(access.advertisedHost);
  app.addHook('onRequest', async (request, reply) => {
    if (hostNames !== undefined) {
      const host = (request.headers.host ?? '').toLowerCase();
      const port = request.socket.localPort;
      const colon = host.lastIndexOf(':');
      if (colon < 0 || host.slice(colon + 1) !== String(port) || !hostNames.has(host.slice(0, colon))) {
        return refuse(request, reply, new MisdirectedRequestError(request.headers.host ?? ''));
      }
    }
    if (Buffer.byteLength(request.url) > MAX_VIEWER_URL_BYTES) {
      return refuse(request, reply, new UrlTooLongError(Buffer.byteLength(request.url), MAX_VIEWER_URL_BYTES));
    }
    if (access?.token !== undefined) return checkToken(request, reply, access.token);
    return undefined;
  });
}

function checkToken(request: FastifyRequest, reply: FastifyReply, token: string): FastifyReply | undefined {
  const cookieName = viewerCookieName(request.socket.localPort ?? 0);
  const { tokens, rest } = splitToken(request.url);
  if (tokens.length > 0) {
    if (!tokens.every((given) => sameSecret(given, token))) {
      return refuse(request, reply, new ViewerAuthError(true));
    }
    return reply
      .code(303)
      .header('set-cookie', `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`)
      .header('cache-control', 'no-store')
      .redirect(rest, 303);
  }
  const cookie = cookieValue(request.headers.cookie, cookieName);
  if (cookie !== undefined && sameSecret(cookie, token)) return undefined;
  return refuse(request, reply, new ViewerAuthError(false));
}
