// The timer edge of the viewer's workers: query and layout time limits are set through it, so a
// test expires them by moving a manual clock rather than by waiting (the session layer's Clock
// has this shape, so the processor passes its own).

export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  /** Runs `callback` once after `delayMs`. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
}

/** Node's timers, unref'd: a pending limit alone does not keep the process alive (busy workers do). */
export const realTimers: Timers = {
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
