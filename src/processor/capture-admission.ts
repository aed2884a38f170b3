// Admits a capture before anything is fetched (SPEC §5 "--max-concurrent-captures",
// "--max-sessions"): a slot among the captures in flight and a place among the viewer sessions,
// or a 503 with how long to wait.

import { GoProfilerError } from '../errors/index.js';
import type { Clock, SessionManager, SessionReservation } from '../session/index.js';

/** Every capture slot is taken (`--max-concurrent-captures`). */
export class CaptureLimitError extends GoProfilerError {
  override readonly name = 'CaptureLimitError';
  constructor(
    readonly maxConcurrentCaptures: number,
    /** Seconds until the capture in flight with the earliest deadline is over, at the latest. */
    readonly retryAfterSeconds: number,
  ) {
    super(
      'capture profile',
      `${maxConcurrentCaptures} captures are in flight, the most --max-concurrent-captures allows; ` +
        `retry in ${retryAfterSeconds} s`,
    );
  }
}

export interface AdmittedCapture {
  /** The session place held for this capture: claim its decoded bytes, then open its viewer. */
  readonly session: SessionReservation;
  /** Frees the capture slot and, unless the session opened, its place. Safe to call twice. */
  release(): void;
}

export interface CaptureAdmissionOptions {
  readonly sessions: SessionManager;
  readonly maxConcurrentCaptures: number;
  readonly clock: Clock;
}

export class CaptureAdmission {
  readonly #options: CaptureAdmissionOptions;
  /** Deadline (clock ms) of each capture in flight. */
  readonly #inFlight = new Set<{ readonly deadlineMs: number }>();

  constructor(options: CaptureAdmissionOptions) {
    this.#options = options;
  }

  /**
   * Takes a capture slot and a session place for a capture whose fetch may take `timeoutMs`; throws
   * CaptureLimitError, or the session manager's SessionLimitError / SessionBudgetError, taking nothing.
   */
  admit(timeoutMs: number): AdmittedCapture {
    const { sessions, maxConcurrentCaptures, clock } = this.#options;
    if (this.#inFlight.size >= maxConcurrentCaptures) {
      throw new CaptureLimitError(maxConcurrentCaptures, this.#retryAfterSeconds());
    }
    const session = sessions.reserve();
    const entry = { deadlineMs: clock.now() + timeoutMs };
    this.#inFlight.add(entry);
    return {
      session,
      release: () => {
        this.#inFlight.delete(entry);
        session.release();
      },
    };
  }

  /** Captures in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  #retryAfterSeconds(): number {
    let earliest = Infinity;
    for (const { deadlineMs } of this.#inFlight) earliest = Math.min(earliest, deadlineMs);
    return Math.max(1, Math.ceil((earliest - this.#options.clock.now()) / 1000));
  }
}
