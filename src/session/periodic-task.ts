// Runs a task every interval on the injected Clock (the capture sweeps of `--retention`): the next
// run is timed from the end of the last, so runs never overlap, until the handle is cancelled.

import type { Clock, TimerHandle } from './clock.js';

/**
 * Runs `task` `intervalMs` after now, then `intervalMs` after each run settles. A rejected run is
 * handed to `onError` and the schedule goes on.
 */
export function startPeriodicTask(
  clock: Clock,
  intervalMs: number,
  task: () => Promise<unknown>,
  onError: (error: unknown) => void,
): TimerHandle {
  let cancelled = false;
  let timer: TimerHandle | undefined;
  const arm = () => {
    if (cancelled) return;
    timer = clock.setTimer(() => {
      timer = undefined;
      task().then(arm, (error: unknown) => {
        onError(error);
        arm();
      });
    }, intervalMs);
  };
  arm();
  return {
    cancel() {
      cancelled = true;
      timer?.cancel();
    },
  };
}
