// The idle side of the query pool's sessions: a timer per session, armed whenever none of its
// queries is in flight, that drops its decoded profile once it has been idle for the idle time
// (`--session-idle-seconds`). The raw capture stays (kept for /download and on disk): the next
// query decodes it again. Why: 100 decoded medium heap profiles would take ~2 GB, most of them
// sessions nobody has looked at for minutes.

import type { TimerHandle, Timers } from './timers.js';

/**
 * The processor's hold on one session's decoded bytes (its session place in the budget): given
 * back while the profile is dropped, claimed again before it is decoded anew.
 */
export interface DecodedBytesBudget {
  dropBytes(): void;
  /** Throws (SessionBudgetError: a 503 with Retry-After) when the bytes no longer fit. */
  reclaimBytes(): void;
}

export class IdleTimers<S> {
  private readonly timers = new Map<S, TimerHandle>();

  /**
   * @param idleMs time without a query after which `drop` runs; Infinity: never.
   * @param drop drops the session's profile (it checks again that nothing is in flight).
   */
  constructor(
    private readonly settings: { readonly idleMs: number; readonly timers: Timers },
    private readonly drop: (session: S) => void,
  ) {}

  /** (Re)starts the session's idle time: from now, `idleMs` without a query drops its profile. */
  arm(session: S): void {
    this.forget(session);
    const { idleMs, timers } = this.settings;
    if (!Number.isFinite(idleMs)) return;
    this.timers.set(
      session,
      timers.setTimer(() => {
        this.timers.delete(session);
        this.drop(session);
      }, idleMs),
    );
  }

  /** The session is busy, dropped or closed: no idle timer runs for it. */
  forget(session: S): void {
    this.timers.get(session)?.cancel();
    this.timers.delete(session);
  }
}
