// What the query pool keeps of a session and of each query asked of it, in this thread: enough to
// decode and serve the session again in another worker (a replacement, or a free one when its own
// is busy with another session's query: query-pool-relief.ts) and to ask its queries there.

import type { DecodeOptions } from '../pprof/index.js';
import type { SourceLookup } from '../query/index.js';
import type { GraphLayoutSettings } from './call-graph-view.js';
import type { DecodedBytesBudget } from './query-pool-idle.js';
import type { KeptAnswers } from './query-pool-kept-answers.js';
import type { PoolCaptureFacts, QueryMethod } from './query-pool-messages.js';
import type { TimerHandle } from './timers.js';

/** What a session is answered for, once its capture is known. */
export interface ServedCapture {
  readonly capture: PoolCaptureFacts;
  readonly graphLayout: GraphLayoutSettings;
  readonly sources?: SourceLookup;
  /** The budget's hold on the session's decoded bytes, given back while they are dropped. */
  readonly budget?: DecodedBytesBudget;
}

/** One session as the pool keeps it: enough to decode and serve it again in a new worker. */
export interface PoolSession {
  readonly id: number;
  readonly rawBytes: Uint8Array;
  readonly decodeOptions: DecodeOptions;
  /** Known once decoded; until then an estimate, so that placement counts sessions being opened. */
  decodedBytes: number;
  /** Decoded once: until then, a worker that crashes while decoding it twice is blamed on it. */
  decoded: boolean;
  crashesWhileDecoding: number;
  served: ServedCapture | undefined;
  /** Queries (method and arguments) that ran past the time limit: refused at once if asked again. */
  readonly timedOut: Set<string>;
  /** Why the session can answer no more (its worker cannot start); undefined while it can. */
  brokenBy: Error | undefined;
  /** Its decoded profile was dropped while idle: its next query decodes it again. */
  dropped: boolean;
  /** Its next queries that go in the first-paint lane (the page's first requests). */
  firstPaintCalls: number;
  /** Answers a page load asks for, kept in this thread (keptAnswerOf): it needs no worker then. */
  readonly kept: KeptAnswers;
  /** When it was last served or queried (an order, not a time): the least recent is dropped first for room. */
  lastUsed: number;
}

export interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export interface PoolCall extends Pending<unknown> {
  readonly id: number;
  readonly session: PoolSession;
  readonly method: QueryMethod;
  readonly args: readonly unknown[];
  readonly asJson: boolean;
  readonly key: string;
  /** Its lane in the worker's schedule (FIRST_PAINT_LANE or OTHER_LANE). */
  readonly lane: number;
  /** Workers it was posted to: a call is asked twice at most. */
  attempts: number;
  timer: TimerHandle | undefined;
  /** Layouts it waits for: past the limit then, it is Graphviz that is slow, not its worker. */
  awaitingLayouts: number;
  /** While it waits behind another session's query: when its session moves to a free worker. */
  relief: TimerHandle | undefined;
}

/** A session as the pool keeps it before its first decoding: nothing decoded, dropped or kept yet. */
export function newPoolSession(
  fields: Pick<PoolSession, 'id' | 'rawBytes' | 'decodeOptions' | 'decodedBytes' | 'firstPaintCalls'>,
): PoolSession {
  return {
    ...fields,
    decoded: false,
    crashesWhileDecoding: 0,
    served: undefined,
    timedOut: new Set(),
    brokenBy: undefined,
    dropped: false,
    kept: new Map(),
    lastUsed: 0,
  };
}
