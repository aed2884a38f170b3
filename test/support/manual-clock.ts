// A clock whose time moves only when a test says so: sessions expire at once, without waiting.
// It has the shape of the session layer's Clock and of the viewer's Timers and imports neither,
// so that the tests beside either layer's code may use it (scripts/eslint-layer-rule.js).

export interface ManualTimerHandle {
  cancel(): void;
}

export class ManualClock {
  #now: number;
  #timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  constructor(startMs = Date.UTC(2026, 10, 25, 9, 30, 0)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number): ManualTimerHandle {
    const timer = { at: this.#now + delayMs, callback, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward and runs every timer that came due, in order. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#timers.filter((timer) => !timer.cancelled && timer.at <= this.#now).sort((a, b) => a.at - b.at);
    this.#timers = this.#timers.filter((timer) => !due.includes(timer) && !timer.cancelled);
    for (const timer of due) timer.callback();
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }
}
