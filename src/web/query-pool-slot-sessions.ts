// The sessions placed in one query pool slot, and which of them are still being decoded: what they
// hold (decoded bytes, dropped or not), which could give their decoded profile back now, and the
// messages that give a session to a worker (again, after a drop, a move or a replacement).

import { ProfileDecodeError } from '../pprof/index.js';
import type { SlotCalls } from './query-pool-calls.js';
import type { DecodedProfileSummary, ToPoolWorker } from './query-pool-messages.js';
import type { Pending, PoolSession, ServedCapture } from './query-pool-session.js';

export class SlotSessions {
  private readonly placed = new Map<number, PoolSession>();
  /** Sessions whose first decoding (or adoption) is under way, and who waits for it. */
  private readonly opening = new Map<number, Pending<DecodedProfileSummary>>();

  get size(): number {
    return this.placed.size;
  }

  get openingCount(): number {
    return this.opening.size;
  }

  /** Decoded bytes of the sessions placed here (estimates for those still being decoded), dropped ones aside. */
  get heldBytes(): number {
    let bytes = 0;
    for (const session of this.placed.values()) if (!session.dropped) bytes += session.decodedBytes;
    return bytes;
  }

  /** Sessions placed here whose decoded profile is dropped (idle). */
  get droppedCount(): number {
    let count = 0;
    for (const session of this.placed.values()) if (session.dropped) count++;
    return count;
  }

  /** Every session here is dropped, or none is left. */
  get allDropped(): boolean {
    return this.droppedCount >= this.placed.size;
  }

  get(id: number): PoolSession | undefined {
    return this.placed.get(id);
  }

  /** Whether this very session is placed here. */
  holds(session: PoolSession): boolean {
    return this.placed.get(session.id) === session;
  }

  values(): IterableIterator<PoolSession> {
    return this.placed.values();
  }

  add(session: PoolSession): void {
    this.placed.set(session.id, session);
  }

  /** Forgets the session; says whether it was placed here. */
  delete(session: PoolSession): boolean {
    return this.placed.delete(session.id);
  }

  /** The session's first decoding starts: the promise settles with the worker's `opened`. */
  startOpening(session: PoolSession): Promise<DecodedProfileSummary> {
    return new Promise((resolve, reject) => this.opening.set(session.id, { resolve, reject }));
  }

  isOpening(id: number): boolean {
    return this.opening.has(id);
  }

  /** Who waits for the session's first decoding, which is over (or abandoned) from now. */
  opened(id: number): Pending<DecodedProfileSummary> | undefined {
    const pending = this.opening.get(id);
    this.opening.delete(id);
    return pending;
  }

  /** Whether the session could give its decoded profile back now: served, decoded, nothing in flight. */
  mayDrop(session: PoolSession, calls: SlotCalls): boolean {
    if (!this.holds(session) || session.dropped || this.opening.has(session.id)) return false;
    if (session.served === undefined || session.brokenBy !== undefined) return false;
    return !calls.has(session);
  }

  /** The least recently queried session here that could give its decoded profile back now. */
  dropCandidate(calls: SlotCalls): PoolSession | undefined {
    let candidate: PoolSession | undefined;
    for (const session of this.placed.values()) {
      if (session.served?.budget === undefined || !this.mayDrop(session, calls)) continue;
      if (candidate === undefined || session.lastUsed < candidate.lastUsed) candidate = session;
    }
    return candidate;
  }

  /**
   * A worker crashed: a capture whose first decoding took a worker down twice (out of memory, say)
   * would take the next one down too. It fails (and leaves); the others are decoded again.
   */
  blameDecoding(cause: Error, failure: Error): void {
    for (const session of this.placed.values()) {
      if (session.decoded || !this.opening.has(session.id) || ++session.crashesWhileDecoding < 2) continue;
      this.opened(session.id)!.reject(
        new ProfileDecodeError(`its decoding stopped the worker (${cause.message})`, { cause }),
      );
      this.placed.delete(session.id);
      session.brokenBy = failure;
    }
  }

  /** No worker can start: every session here fails from now on, saying why (`clear` then forgets them). */
  breakAll(failure: Error): void {
    for (const session of this.placed.values()) session.brokenBy = failure;
    for (const opening of this.opening.values()) opening.reject(failure);
    this.opening.clear();
  }

  clear(): void {
    this.placed.clear();
  }
}

/** Gives a worker the session's raw bytes to decode (`prebuild`: with its first flame graph). */
export function openMessage(session: PoolSession, prebuild = true): ToPoolWorker {
  const { id, rawBytes, decodeOptions } = session;
  return { kind: 'open', session: id, rawBytes, decodeOptions, prebuild };
}

/** Tells a worker what the session's capture is, so that it answers its queries. */
export function serveMessage(session: PoolSession, served: ServedCapture): ToPoolWorker {
  return {
    kind: 'serve',
    session: session.id,
    capture: served.capture,
    graphTimeLimitMs: served.graphLayout.timeLimitMs,
    ...(served.sources === undefined ? {} : { sources: served.sources }),
  };
}
