// The processor's answer to any error: the status of the one table (errors/error-status.ts, shared
// with the viewers), SPEC §5's long key for a refusal, our words for Fastify's own refusals (413),
// and a JSON body `{"error", "key"}` every time; anything else is a bug, answered 500.

import { errorAnswerOf } from '../errors/index.js';
import { PARAMETER_KEYS } from './request-keys.js';
import { MAX_REQUEST_BODY_BYTES } from './processor-limits.js';
import { asLocalResourceError } from './local-resource-error.js';
import { InvalidRequestError } from './invalid-request-error.js';

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

/** The request key a refusal (`refused`: TargetNotAllowedError, SecretNotAllowedError, PodPortError, WriteTimeoutExceededError) blames: its long form. */
const REFUSED_KEYS: Readonly<Record<string, string>> = {
  source: PARAMETER_KEYS.source.long,
  secret: PARAMETER_KEYS.secretName.long,
  port: PARAMETER_KEYS.port.long,
  seconds: PARAMETER_KEYS.seconds.long,
};

function refusedKeyOf(error: Error): string | undefined {
  const { refused } = error as { refused?: unknown };
  return typeof refused === 'string' && Object.hasOwn(REFUSED_KEYS, refused) ? REFUSED_KEYS[refused] : undefined;
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
  const answer = errorAnswerOf(error);
  if (answer !== undefined) {
    const key = refusedKeyOf(error) ?? answer.key;
    const { retryAfterSeconds } = answer;
    return {
      statusCode: answer.status,
      body: key === undefined ? { error: answer.message } : { error: answer.message, key },
      headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
      expected: true,
    };
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
