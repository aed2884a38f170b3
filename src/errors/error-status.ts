// The one table from typed errors to HTTP statuses, for the processor's API and every viewer alike
// (SPEC §1's codes, §5's refusals), and the function both error handlers answer with. Keyed by
// name, not by class: an error rebuilt after crossing a worker thread keeps only its name.

import { GoProfilerError } from './go-profiler-error.js';

/** nginx's "client closed request": nobody reads it, the logs do. */
const CLIENT_CLOSED_REQUEST = 499;

/**
 * The status of each error that is an answer. A GoProfilerError without a row (a decode error
 * the fetch step should have wrapped, ...) is a bug when it reaches a handler: 500, logged with
 * its stack.
 */
export const ERROR_STATUS: Readonly<Record<string, number>> = Object.freeze({
  // The request is wrong: a key, a header, a parameter, a regexp, a query this profile cannot answer.
  InvalidRequestError: 400,
  QueryOptionError: 400,
  QueryError: 400,
  GoRegexpSyntaxError: 400,
  ViewerRequestError: 400,
  InvalidSavedConfigError: 400,
  PodPortError: 400,
  PodNameError: 400,
  // The target's WriteTimeout refuses these CPU seconds: the body says which would fit.
  WriteTimeoutExceededError: 400,
  ViewerAuthError: 401,
  ForeignOriginError: 403,
  CrossOriginRequestError: 403,
  SavedConfigNotFoundError: 404,
  // The capture was to have a goroutine dump and has none: the Goroutines view says why.
  GoroutineDumpMissingError: 404,
  SavedConfigsFullError: 409,
  // The target runs a CPU profile already (Go allows one): not a failure of ours, try later.
  CpuProfilingInUseError: 409,
  UrlTooLongError: 414,
  UnsupportedContentTypeError: 415,
  MisdirectedRequestError: 421,
  // Well formed, but this graph is too large to lay out in time (the body says which n would be).
  GraphTooLargeError: 422,
  CaptureAbandonedError: CLIENT_CLOSED_REQUEST,
  // Refusals (SPEC §5): the source, or the Secret for this source.
  TargetNotAllowedError: 403,
  SecretNotAllowedError: 403,
  // RBAC (SPEC §6): the API server's 403, quoted; a pod it does not know.
  KubeForbiddenError: 403,
  PodNotFoundError: 404,
  // The capture failed: the target, its Secret, the disk, the viewer (SPEC §1's 500).
  FetchNetworkError: 500,
  FetchTimeoutError: 500,
  FetchStatusError: 500,
  CpuProfileCutError: 500,
  FetchRedirectError: 500,
  FetchTooLargeError: 500,
  NotAProfileError: 500,
  GoroutineDumpError: 500,
  NotAGoroutineDumpError: 500,
  GoroutineDumpWorkerError: 500,
  EmptyBundleError: 500,
  SecretNotFoundError: 500,
  SecretIncompleteError: 500,
  SecretReadError: 500,
  PodUnreachableError: 500,
  KubeApiError: 500,
  UnsafeCapturePathError: 500,
  CaptureStoreError: 500,
  SettingsFileError: 500,
  ViewerStartError: 500,
  SessionExpirationError: 500,
  // Full or shutting down: come back later (Retry-After when the error knows when).
  ViewerPortsBusyError: 503,
  SessionsClosedError: 503,
  SessionLimitError: 503,
  SessionBudgetError: 503,
  CaptureLimitError: 503,
  LocalResourceError: 503,
  DataRootNotReadyError: 503,
  // The query pool's: this answer is missing, the session keeps serving.
  QueryTimeoutError: 503,
  QueryWorkerError: 503,
});

export interface ErrorAnswer {
  readonly status: number;
  readonly message: string;
  /** The error's own `key`, as it names it: each handler spells it for its callers. */
  readonly key?: string;
  /** Only on a 503. */
  readonly retryAfterSeconds?: number;
}

/** The answer to a typed error with a row in ERROR_STATUS; undefined for anything else. */
export function errorAnswerOf(error: unknown): ErrorAnswer | undefined {
  if (!(error instanceof GoProfilerError) || !Object.hasOwn(ERROR_STATUS, error.name)) return undefined;
  const status = ERROR_STATUS[error.name]!;
  const { key, retryAfterSeconds } = error as { key?: unknown; retryAfterSeconds?: unknown };
  return {
    status,
    message: error.message,
    ...(typeof key === 'string' ? { key } : {}),
    ...(status === 503 && typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
  };
}
