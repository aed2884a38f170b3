// Typed errors for fetching a profile; messages are shaped `fetch <url>: <reason>` and never hold
// a credential (URLs carry none: profile-url.ts refuses user:password).

/** No HTTP answer at all: refused, reset, DNS, TLS verification, ... `code` is Node's (ECONNREFUSED). */
export class FetchNetworkError extends Error {
  override readonly name = 'FetchNetworkError';
  constructor(
    readonly url: string,
    readonly code: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`fetch ${url}: ${reason}`, options);
  }
}

/** The whole answer did not arrive within the time limit. */
export class FetchTimeoutError extends Error {
  override readonly name = 'FetchTimeoutError';
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`fetch ${url}: timed out: no complete answer within ${formatSeconds(timeoutMs)}`);
  }
}

/**
 * The target answered with a status other than 200. `goError` is Go's own error text when the
 * answer came from net/http/pprof (`X-Go-Pprof: 1`), e.g. "Could not enable CPU profiling: ...".
 */
export class FetchStatusError extends Error {
  override readonly name = 'FetchStatusError';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly goError: string | undefined,
  ) {
    const status_ = `the target answered HTTP ${status}${statusText === '' ? '' : ` ${statusText}`}`;
    super(`fetch ${url}: ${status_}${goError === undefined ? '' : `: ${JSON.stringify(goError)}`}`);
  }
}

/** The answer is larger than allowed (compressed as it arrives, or once gunzipped). */
export class FetchTooLargeError extends Error {
  override readonly name = 'FetchTooLargeError';
  constructor(
    readonly url: string,
    readonly maxBytes: number,
    what: 'answer' | 'decompressed profile',
    options?: { cause?: unknown },
  ) {
    super(`fetch ${url}: the ${what} exceeds the limit of ${maxBytes} bytes`, options);
  }
}

/** The answer arrived but is not a profile.proto (HTML, text, corrupt, empty); the cause says what it is. */
export class NotAProfileError extends Error {
  override readonly name = 'NotAProfileError';
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`fetch ${url}: not a profile: ${reason}`, options);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
