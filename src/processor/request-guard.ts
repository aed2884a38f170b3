// Refuses what a web page can send the processor's POST without asking (SPEC §5 "The processor's
// POST"): a foreign Origin or Sec-Fetch-Site, and any content type but JSON; decided from the
// headers alone, before the body is read.

import { GoProfilerError } from '../errors/index.js';
import type { IncomingHttpHeaders } from 'node:http';
import { formatUrlHost } from './endpoint-sentence.js';

/** A browser sent this request from a page that is not the processor's own. */
export class ForeignOriginError extends GoProfilerError {
  override readonly name = 'ForeignOriginError';
  constructor(
    /** The header that tells: `origin` or `sec-fetch-site`. */
    readonly key: string,
    value: string,
  ) {
    super(
      'check request origin',
      `${key} ${JSON.stringify(value.slice(0, 200))} is not the processor's own ` +
        '(a web page may not make the processor fetch)',
    );
  }
}

/** The body is announced as something other than JSON (a form, text, multipart). */
export class UnsupportedContentTypeError extends GoProfilerError {
  override readonly name = 'UnsupportedContentTypeError';
  readonly key = 'content-type';
  constructor(contentType: string) {
    super(
      'parse request body',
      `content type ${JSON.stringify(contentType.slice(0, 200))} is not accepted ` +
        '(send application/json, or no content type)',
    );
  }
}

export interface OwnOrigin {
  /** The addresses the processor is reached at (its listen and advertised addresses). */
  readonly hosts: readonly string[];
  /** The port the request came in on. */
  readonly port: number;
}

/** Loopback names a local client may use; a rebinding DNS name never shows up as one of these. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::']);

/** Throws ForeignOriginError or UnsupportedContentTypeError; a request from a non-browser client passes. */
export function checkProcessorPost(headers: IncomingHttpHeaders, own: OwnOrigin): void {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site')
    throw new ForeignOriginError('sec-fetch-site', fetchSite);
  const origin = headers.origin;
  if (origin !== undefined && !ownOrigins(own).has(origin)) throw new ForeignOriginError('origin', origin);
  const contentType = headers['content-type'];
  if (contentType !== undefined && !isJsonMediaType(contentType)) throw new UnsupportedContentTypeError(contentType);
}

/** `application/json` with any parameters (a charset); nothing else, not even `+json` suffixes. */
function isJsonMediaType(contentType: string): boolean {
  const essence = contentType.split(';', 1)[0] ?? '';
  return essence.trim().toLowerCase() === 'application/json';
}

/** Origins as browsers serialize them (`http://host:port`, no port when 80). */
function ownOrigins(own: OwnOrigin): Set<string> {
  const origins = new Set<string>();
  for (const host of [...own.hosts, ...LOOPBACK_HOSTS]) {
    if (WILDCARD_HOSTS.has(host)) continue;
    origins.add(new URL(`http://${formatUrlHost(host)}:${own.port}`).origin);
  }
  return origins;
}
