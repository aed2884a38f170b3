// Lowers the calling thread's CPU priority, for background work that must not slow what a user
// waits for: on Linux a nice value is a thread's own (setpriority takes a thread id), so a worker
// thread writing an offline report can yield its core to the query workers and the processor's
// thread without changing theirs. Elsewhere it changes nothing.

import { readlinkSync } from 'node:fs';
import os from 'node:os';

/** Nice value of background threads: ~10% of a core when every core is contended, all of an idle one. */
export const BACKGROUND_NICE = 10;

/** This thread's id ('/proc/thread-self' is `<pid>/task/<tid>`), or undefined where /proc has none. */
export function currentThreadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch (error) {
    void error; // not Linux: there is no thread of its own to name
    return undefined;
  }
}

/**
 * Lowers the calling thread's priority to `nice`, or leaves it lower (never the main thread's: that would be the whole
 * process's on Linux's first thread). Returns whether it did.
 */
export function lowerThreadPriority(nice = BACKGROUND_NICE): boolean {
  const tid = currentThreadId();
  if (tid === undefined || tid === process.pid) return false;
  try {
    // Never raised: a thread already nicer (the whole process niced) keeps its value.
    os.setPriority(tid, Math.max(nice, os.getPriority(tid)));
    return true;
  } catch (error) {
    void error; // refused (a sandbox without setpriority): the work runs at its usual priority
    return false;
  }
}
