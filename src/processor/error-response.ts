// The one table from typed errors to HTTP answers (SPEC §1's code table): 400 for a wrong
// request, 500 for a failed capture, and a JSON body `{"error", "key"}` either way.

import {
  FetchNetworkError,
  FetchStatusError,
  FetchTimeoutError,
  FetchTooLargeError,
  NotAProfileError,
  SecretIncompleteError,
  SecretNotFoundError,
  SecretReadError,
  TargetNotAllowedError,
} from '../fetch/index.js';
import { SessionExpirationError, SessionsClosedError } from '../session/index.js';
import { CaptureStoreError, UnsafeCapturePathError } from '../store/index.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { ViewerPortsBusyError, ViewerStartError } from './viewer-start-error.js';

export interface ErrorBody {
  readonly error: string;
  readonly key?: string;
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly body: ErrorBody;
  /** False for an error no row of the table expected (a bug): log it with its stack. */
  readonly expected: boolean;
  /** A 503's `Retry-After` (seconds), when the error knows when to come back. */
  readonly retryAfterSeconds?: number;
}

type ErrorClass = abstract new (...args: never[]) => Error;

const STATUS_TABLE: ReadonlyArray<readonly [ErrorClass, number]> = [
  [InvalidRequestError, 400],
  // A policy's refusal (allow-lists, SPEC "Trust"): no default policy refuses anything yet.
  [TargetNotAllowedError, 403],
  [FetchNetworkError, 500],
  [FetchTimeoutError, 500],
  [FetchStatusError, 500],
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
];

/** Maps any thrown value to its status code and JSON body. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (!(error instanceof Error)) {
    return {
      statusCode: 500,
      body: { error: `capture profile: unexpected failure: ${String(error)}` },
      expected: false,
    };
  }
  for (const [ErrorType, statusCode] of STATUS_TABLE) {
    if (error instanceof ErrorType) {
      const key = error instanceof InvalidRequestError ? error.key : undefined;
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      return {
        statusCode,
        body: key === undefined ? { error: error.message } : { error: error.message, key },
        expected: true,
        ...(typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}),
      };
    }
  }
  // Fastify's own client errors (unsupported media type, body too large) keep their status.
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { statusCode: status, body: { error: `parse request body: ${error.message}` }, expected: true };
  }
  return { statusCode: 500, body: { error: `capture profile: internal error: ${error.message}` }, expected: false };
}
