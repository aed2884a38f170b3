// The base of every typed error of ours: a literal `name` saying which failure it is (the key of
// the one status table, error-status.ts), a message `<operation> <object>: <reason>`, a `cause`.

/**
 * Two fields are read by name when present, so that a subclass declares them as it likes (a
 * parameter property, a constant): `key: string`, the request key or URL parameter at fault (the
 * answer's `key`), and `retryAfterSeconds: number`, when asking again is worth it (a 503's
 * `Retry-After`).
 */
export abstract class GoProfilerError extends Error {
  /** The class's own name as a literal (`'FetchTimeoutError'`): it survives a worker thread, a class does not. */
  abstract override readonly name: string;

  /**
   * @param action what failed, `<operation> <object>` (`fetch http://10.0.0.7:6060/debug/pprof/heap`)
   * @param reason why, in words the caller can act on
   */
  constructor(action: string, reason: string, options?: { cause?: unknown }) {
    super(`${action}: ${reason}`, options);
  }
}
