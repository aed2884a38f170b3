// Typed errors for fetching a profile; messages are shaped `fetch <url>: <reason>` and never hold
// a credential (URLs carry none: profile-url.ts refuses user:password) nor what a source sent.

import { GoProfilerError } from '../errors/index.js';
import { classifyText, isGzip } from '../pprof/index.js';

/** No HTTP answer at all: refused, reset, DNS, TLS verification, ... `code` is Node's (ECONNREFUSED). */
export class FetchNetworkError extends GoProfilerError {
  override readonly name = 'FetchNetworkError';
  constructor(
    readonly url: string,
    readonly code: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`fetch ${url}`, reason, options);
  }
}

/** The whole answer did not arrive within the time limit. */
export class FetchTimeoutError extends GoProfilerError {
  override readonly name = 'FetchTimeoutError';
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`fetch ${url}`, `timed out: no complete answer within ${formatSeconds(timeoutMs)}`);
  }
}

/**
 * The target answered with a status other than 200 (and not a redirect). Only the code is named,
 * never the reason phrase; `body` says what kind of body came and its size, not its content.
 * `goError` is Go's own error line when the answer came from net/http/pprof (`X-Go-Pprof: 1`),
 * e.g. "failed to collect profile" (Go's refusals of a CPU profile are target-refusals.ts' own errors).
 */
export class FetchStatusError extends GoProfilerError {
  override readonly name = 'FetchStatusError';
  constructor(
    readonly url: string,
    readonly status: number,
    body: string,
    readonly goError: string | undefined,
  ) {
    const detail = goError === undefined ? ` with ${body}` : `: ${JSON.stringify(goError)}`;
    super(`fetch ${url}`, `the target answered HTTP ${status}${detail}`);
  }
}

/** The target answered with a redirect: never followed (it could lead the token anywhere). */
export class FetchRedirectError extends GoProfilerError {
  override readonly name = 'FetchRedirectError';
  constructor(
    readonly url: string,
    readonly status: number,
    /** The Location as shown: printable, capped, or a note that it was withheld. */
    readonly location: string,
  ) {
    super(`fetch ${url}`, `the target answered HTTP ${status} redirecting to ${location} (redirects are not followed)`);
  }
}

/** The answer is larger than allowed (compressed as it arrives, or once gunzipped). */
export class FetchTooLargeError extends GoProfilerError {
  override readonly name = 'FetchTooLargeError';
  constructor(
    readonly url: string,
    readonly maxBytes: number,
    what: 'answer' | 'decompressed profile',
    options?: { cause?: unknown },
  ) {
    super(`fetch ${url}`, `the ${what} exceeds the limit of ${maxBytes} bytes`, options);
  }
}

/** The answer arrived but is not a profile.proto (HTML, text, corrupt, empty); the cause says what it is. */
export class NotAProfileError extends GoProfilerError {
  override readonly name = 'NotAProfileError';
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`fetch ${url}`, `not a profile: ${reason}`, options);
  }
}

/**
 * What a body is, for messages: `an HTML page (48 bytes)`, `JSON (129 bytes)`, `text (…)`,
 * `gzip data (…)`, `binary data (…)`, `an empty body`; `at least N bytes` when it was cut short.
 */
export function describeBody(bytes: Uint8Array, complete = true): string {
  if (bytes.length === 0 && complete) return 'an empty body';
  const kind = isGzip(bytes) ? 'gzip data' : (classifyText(bytes) ?? 'binary data');
  const size = `${complete ? '' : 'at least '}${bytes.length} byte${bytes.length === 1 ? '' : 's'}`;
  return `${kind} (${size})`;
}

/** `text` with every character outside printable ASCII replaced by `?`, at most `maxLength` long. */
export function printableText(text: string, maxLength: number): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > maxLength ? `${printable.slice(0, maxLength - 3)}...` : printable;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
