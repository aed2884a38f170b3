// The query pool's typed errors, both answered 503 (viewer-errors.ts) with a Retry-After: the
// session keeps serving, only this answer is missing.

import { GoProfilerError } from '../errors/index.js';

/** A viewer query ran past the query time limit and was abandoned (its worker ended, unless it was waiting for Graphviz). */
export class QueryTimeoutError extends GoProfilerError {
  override readonly name = 'QueryTimeoutError';
  readonly retryAfterSeconds: number;
  constructor(
    method: string,
    readonly timeLimitMs: number,
    /** True when the same query ran past the limit before and was refused without running. */
    readonly remembered = false,
  ) {
    super(
      `answer query ${method}`,
      `took longer than the query time limit of ${timeLimitMs / 1000} s (--query-timeout-seconds)` +
        (remembered ? ' when asked before; not run again' : ''),
    );
    this.retryAfterSeconds = Math.max(1, Math.ceil(timeLimitMs / 1000));
  }
}

/** The worker answering a session's query stopped (crashed, or ended for another query's time limit). */
export class QueryWorkerError extends GoProfilerError {
  override readonly name = 'QueryWorkerError';
  readonly retryAfterSeconds = 1;
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('run query', `the session's query worker stopped (${reason}); ask again`, options);
  }
}
