// Typed errors of the session layer: shutdown, an expiry no timer can wait for, and the two bounds
// (live sessions, decoded-profile bytes) a new session must fit in.

import { GoProfilerError } from '../errors/index.js';
import { MAX_TIMER_MS } from './clock.js';

/** The manager is shut down (SIGTERM); no new session may open. */
export class SessionsClosedError extends GoProfilerError {
  override readonly name = 'SessionsClosedError';
  /** A restarting processor is usually back within seconds. */
  readonly retryAfterSeconds = 10;
  constructor() {
    super('open session', 'the processor is shutting down');
  }
}

/** A session's expiry is beyond what a timer can wait for. */
export class SessionExpirationError extends GoProfilerError {
  override readonly name = 'SessionExpirationError';
  constructor(expirationSeconds: number) {
    super('open session', `an expiration of ${expirationSeconds} s is beyond the longest timer (${MAX_TIMER_MS} ms)`);
  }
}

/** Every place is taken, by live sessions and sessions being opened (`--max-sessions`). */
export class SessionLimitError extends GoProfilerError {
  override readonly name = 'SessionLimitError';
  constructor(
    readonly maxSessions: number,
    /** Seconds until the earliest live session expires (a guess while every place is still opening). */
    readonly retryAfterSeconds: number,
  ) {
    super(
      'open session',
      `${maxSessions} viewer sessions are live or opening, the most --max-sessions allows; ` +
        `retry in ${retryAfterSeconds} s`,
    );
  }
}

/** The sessions' decoded profiles would exceed the decoded-profile budget. */
export class SessionBudgetError extends GoProfilerError {
  override readonly name = 'SessionBudgetError';
  constructor(
    readonly maxBytes: number,
    readonly heldBytes: number,
    /** The new profile's decoded bytes; undefined when refused before its fetch. */
    readonly bytes: number | undefined,
    readonly retryAfterSeconds: number,
    options: {
      /** `reopen idle session` when a dropped profile's bytes no longer fit to decode it again. */
      readonly operation?: string;
      /** Idle profiles were dropped for room, and every one left is being queried or opened. */
      readonly nothingToDrop?: boolean;
    } = {},
  ) {
    const budget = `the decoded-profile budget of ${formatMiB(maxBytes)}`;
    const held = `the live sessions hold ${formatMiB(heldBytes)}`;
    const reason =
      bytes === undefined
        ? `${budget} is used up (${held})`
        : bytes > maxBytes
          ? `this profile's ${formatMiB(bytes)} decoded exceed ${budget} on their own`
          : `this profile's ${formatMiB(bytes)} decoded do not fit in ${budget} (${held})`;
    const busy =
      options.nothingToDrop === true && !(bytes !== undefined && bytes > maxBytes)
        ? '; every session left is being queried or opened'
        : '';
    super(options.operation ?? 'open session', `${reason}${busy}; retry in ${retryAfterSeconds} s`);
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
