// The one table from typed errors to HTTP answers (SPEC §1's code table, §5's refusals): 400 for
// a wrong request, 403/413/415 for what a web page may not send, 503 (with Retry-After) for a full
// processor or host, 500 for a failed capture, and a JSON body `{"error", "key"}` every time.

import {
  FetchNetworkError,
  FetchRedirectError,
  FetchStatusError,
  FetchTimeoutError,
  FetchTooLargeError,
  NotAProfileError,
  SecretIncompleteError,
  SecretNotAllowedError,
  SecretNotFoundError,
  SecretReadError,
  TargetNotAllowedError,
} from '../fetch/index.js';
import {
  SessionBudgetError,
  SessionExpirationError,
  SessionLimitError,
  SessionsClosedError,
} from '../session/index.js';
import { CaptureStoreError, UnsafeCapturePathError } from '../store/index.js';
import { CaptureAbandonedError } from './capture-abandoned-error.js';
import { CaptureLimitError } from './capture-admission.js';
import { DataRootNotReadyError } from './data-root-check.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { PARAMETER_KEYS } from './request-keys.js';
import { MAX_REQUEST_BODY_BYTES } from './processor-limits.js';
import { asLocalResourceError, LocalResourceError } from './local-resource-error.js';
import { ForeignOriginError, UnsupportedContentTypeError } from './request-guard.js';
import { ViewerPortsBusyError, ViewerStartError } from './viewer-start-error.js';

export interface ErrorBody {
  readonly error: string;
  readonly key?: string;
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly body: ErrorBody;
  /** Extra headers (`retry-after` on a 503). */
  readonly headers: Readonly<Record<string, string>>;
  /** False for an error no row of the table expected (a bug): log it with its stack. */
  readonly expected: boolean;
  /** A 503's `Retry-After` (seconds), when the error knows when to come back. */
  readonly retryAfterSeconds?: number;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** nginx's "client closed request": nobody reads it, the logs do. */
const CLIENT_CLOSED_REQUEST = 499;

const STATUS_TABLE: ReadonlyArray<readonly [ErrorClass, number]> = [
  [InvalidRequestError, 400],
  [ForeignOriginError, 403],
  [UnsupportedContentTypeError, 415],
  [CaptureAbandonedError, CLIENT_CLOSED_REQUEST],
  // Refusals (SPEC §5): the source, or the Secret for this source.
  [TargetNotAllowedError, 403],
  [SecretNotAllowedError, 403],
  [FetchNetworkError, 500],
  [FetchTimeoutError, 500],
  [FetchStatusError, 500],
  [FetchRedirectError, 500],
  [FetchTooLargeError, 500],
  [NotAProfileError, 500],
  [SecretNotFoundError, 500],
  [SecretIncompleteError, 500],
  [SecretReadError, 500],
  [UnsafeCapturePathError, 500],
  [CaptureStoreError, 500],
  [ViewerStartError, 500],
  [ViewerPortsBusyError, 503],
  [SessionExpirationError, 500],
  [SessionsClosedError, 503],
  [SessionLimitError, 503],
  [SessionBudgetError, 503],
  [CaptureLimitError, 503],
  [LocalResourceError, 503],
  [DataRootNotReadyError, 503],
];

/** The request key a refusal blames (always the long form, as SPEC §5 names it). */
const REFUSED_KEYS = { source: PARAMETER_KEYS.source.long, secret: PARAMETER_KEYS.secretName.long } as const;

function errorKey(error: Error): string | undefined {
  if (
    error instanceof InvalidRequestError ||
    error instanceof ForeignOriginError ||
    error instanceof UnsupportedContentTypeError
  ) {
    return error.key;
  }
  if (error instanceof TargetNotAllowedError || error instanceof SecretNotAllowedError) {
    return REFUSED_KEYS[error.refused];
  }
  return undefined;
}
/** Fastify's own refusals of a body, in our words. */
const FASTIFY_ERRORS: Readonly<Record<string, { readonly statusCode: number; readonly error: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    statusCode: 413,
    error: `parse request body: larger than the limit of ${MAX_REQUEST_BODY_BYTES} bytes (1 MiB)`,
  },
};

/** Maps any thrown value to its status code and JSON body. */
export function toErrorResponse(thrown: unknown): ErrorResponse {
  if (!(thrown instanceof Error)) {
    return {
      statusCode: 500,
      body: { error: `capture profile: unexpected failure: ${String(thrown)}` },
      headers: {},
      expected: false,
    };
  }
  // Out of descriptors, memory or disk: whichever step noticed it, the host is at fault, not the target.
  const error = thrown instanceof InvalidRequestError ? thrown : (asLocalResourceError(thrown) ?? thrown);
  for (const [ErrorType, statusCode] of STATUS_TABLE) {
    if (error instanceof ErrorType) {
      const key = errorKey(error);
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      return {
        statusCode,
        body: key === undefined ? { error: error.message } : { error: error.message, key },
        headers: statusCode === 503 && typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {},
        expected: true,
      };
    }
  }
  const fastifyError = FASTIFY_ERRORS[String((error as { code?: unknown }).code)];
  if (fastifyError !== undefined) {
    return { statusCode: fastifyError.statusCode, body: { error: fastifyError.error }, headers: {}, expected: true };
  }
  // Fastify's other client errors (a malformed content length) keep their status.
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { statusCode: status, body: { error: `parse request body: ${error.message}` }, headers: {}, expected: true };
  }
  return {
    statusCode: 500,
    body: { error: `capture profile: internal error: ${error.message}` },
    headers: {},
    expected: false,
  };
}
