// The session's expiry, counted down in the page: the server says how long the session has left
// (by its own clock, so the browser's clock may be wrong), the page counts from the moment it
// heard, and says "expired" at zero, when the viewer's port closes.

/** `1h 59m 58s`, `4m 05s`, `9s`; `expired` at or below zero. */
export function formatRemaining(remainingMs: number): string {
  if (remainingMs <= 0) return 'expired';
  const total = Math.ceil(remainingMs / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** Below this the header warns that the session is about to close. */
export const WARN_BEFORE_MS = 5 * 60_000;

export interface Countdown {
  stop(): void;
}

/**
 * Calls `tick` with the time left now and then every second until it reaches zero (the last
 * call has 0). The deadline is fixed when this is called: `expiresInMs` from now.
 */
export function startCountdown(expiresInMs: number, tick: (remainingMs: number) => void): Countdown {
  const deadline = Date.now() + expiresInMs;
  let timer: ReturnType<typeof setInterval> | undefined;
  const step = () => {
    const remaining = Math.max(deadline - Date.now(), 0);
    tick(remaining);
    if (remaining === 0 && timer !== undefined) clearInterval(timer);
    return remaining;
  };
  if (step() > 0) timer = setInterval(step, 1000);
  return { stop: () => clearInterval(timer) };
}
