// When a session moves to another worker. A worker runs one query at a time, so a session's click
// waits behind whatever another session in the same worker runs: a Peek of every line of a large
// profile held a small profile's Top for 7–10 s while the other worker sat idle. A query that has
// waited behind another session's work for the relief wait moves its session to a free worker,
// which decodes it again from its raw bytes and answers; when every worker is busy and the query
// has waited EXTRA_WORKER_WAIT_MS behind the same work, an extra one is started (at most MAX_QUERY_WORKERS in all: the OS then shares the cores between the threads, so a
// small query finishes in its share of a core rather than after the long one). The wait grows with
// the session's decoded size: moving pays a decoding, which must be worth what waiting costs.

import type { PoolSession } from './query-pool-session.js';

/** How long a query waits behind another session's before its session moves (a small profile's). */
export const RELIEF_WAIT_MS = 500;

/**
 * How long before it moves to an extra worker, when no worker is free: a thread more than cores
 * slows every other thread (a first paint under ten busy sessions went from 1.0 to 1.8 s when
 * relief started extra workers after 500 ms), so only a really long query is worth one.
 */
export const EXTRA_WORKER_WAIT_MS = 2000;

/**
 * Decoded bytes decoded per millisecond, on the slow side (measured 60–130 KB/ms on heap-large and
 * heap-medium, with their flame-graph pre-build): the relief wait adds the session's decoding time.
 */
const DECODED_BYTES_PER_MS = 50_000;

/** The wait before a query of `session` moves it: `baseMs` plus what decoding it again would take. */
export function reliefWaitMs(baseMs: number, session: PoolSession): number {
  return baseMs + Math.ceil(session.decodedBytes / DECODED_BYTES_PER_MS);
}

/** What relief needs of a slot. */
export interface ReliefCandidate {
  readonly free: boolean;
  readonly thread: unknown;
  readonly heldBytes: number;
}

/**
 * Where a session waiting in `from` goes: a free slot whose thread runs (the fewest bytes first),
 * else a free one without a thread (it starts one); undefined when every other slot is busy.
 */
export function reliefSlot<Slot extends ReliefCandidate>(slots: readonly Slot[], from: Slot): Slot | undefined {
  let best: Slot | undefined;
  for (const slot of slots) {
    if (slot === from || !slot.free) continue;
    const running = slot.thread !== undefined;
    const bestRunning = best !== undefined && best.thread !== undefined;
    if (best === undefined || (running && !bestRunning) || (running === bestRunning && slot.heldBytes < best.heldBytes))
      best = slot;
  }
  return best;
}
