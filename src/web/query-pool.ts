// The viewer sessions' query workers: a few worker threads (one per core by default, at most
// MAX_QUERY_WORKERS) shared by every session of the process. Each session lives in one of them,
// placed where the fewest decoded bytes are, and is decoded there from its raw capture; so no
// session's decoding or query runs on the processor's event loop, and the memory grows with the
// profiles held rather than with a thread per session. A session idle for the idle time gives its
// decoded profile back and is decoded again by its next query (query-pool-idle.ts); so does the
// least recently queried one when the budget needs room (`dropLeastRecentlyQueried`). One thread
// stays warm while the pool holds sessions, so that decoding one again does not wait for a start.
// A session whose query waits behind another session's long one moves to a free worker, or to an
// extra one when every worker is busy (query-pool-relief.ts).

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { DecodeOptions, Profile } from '../pprof/index.js';
import type { QueryOptions } from '../query/index.js';
import type { GraphLayoutSettings } from './call-graph-view.js';
import { GRAPH_LAYOUT_TIME_LIMIT_MS, sharedGraphLayout } from './graph-layout.js';
import { QueryWorkerError } from './query-pool-errors.js';
import type { DecodedBytesBudget } from './query-pool-idle.js';
import {
  summarizeDecodedProfile,
  type DecodedProfileSummary,
  type PoolCaptureFacts,
  type QueryCalls,
  type QueryMethod,
} from './query-pool-messages.js';
import { EXTRA_WORKER_WAIT_MS, RELIEF_WAIT_MS, reliefSlot, reliefWaitMs } from './query-pool-relief.js';
import { FIRST_PAINT_HOLD_MS, FirstPaintGate } from './query-pool-schedule.js';
import { newPoolSession, type PoolSession } from './query-pool-session.js';
import { PoolSlot, type SlotSettings } from './query-pool-slot.js';
import type { FoldedStacks, JsonQueryMethod, QueryService } from './query-service.js';
import type { SourceFiles } from './source-files.js';
import { realTimers, type Timers } from './timers.js';

/** The most query workers: each costs ~36 MB before any profile (its heap, code and GC headroom). */
export const MAX_QUERY_WORKERS = 4;

/**
 * A session's first queries that go ahead of other sessions' (query-pool-schedule.ts): its summary
 * and flame graph warm-up, the page's first other requests (diff bases, presets).
 */
export const FIRST_PAINT_CALLS = 4;

/** Until a capture is decoded, its size is guessed from its raw bytes (gzipped profiles decode to ~6×). */
const DECODED_BYTES_PER_RAW_BYTE = 6;

export interface QueryPoolOptions {
  /** Worker threads; default the machine's cores, at most MAX_QUERY_WORKERS. */
  readonly workerCount?: number;
  /** A query running longer is abandoned with a 503 (`--query-timeout-seconds`); default no limit. */
  readonly queryTimeoutMs?: number;
  /**
   * A served session without a query for this long has its decoded profile dropped, and its next
   * query decodes it again (`--session-idle-seconds`); default never.
   */
  readonly idleMs?: number;
  /** Times the query limit and the idle time; default Node's timers (the processor passes its clock, tests a manual one). */
  readonly timers?: Timers;
  /** Who lays out the sessions' call graphs, and for how long; default the process's Graphviz workers, 10 s. */
  readonly graphLayout?: GraphLayoutSettings;
  /**
   * Whether a session's first-paint work holds back the other workers' other queries (so that it
   * has a core of its own); default when there are no more cores than workers.
   */
  readonly firstPaintHoldsOthers?: boolean;
  /**
   * How long a query waits behind another session's before its session moves to a free worker (or
   * an extra one), plus the time decoding it again takes (query-pool-relief.ts); default
   * RELIEF_WAIT_MS, Infinity: never.
   */
  readonly reliefWaitMs?: number;
}

/** How a session is served: its call graphs' layout and its source files (`go-profiler view`). */
export interface ServeOptions {
  readonly graphLayout?: GraphLayoutSettings;
  readonly sources?: SourceFiles;
  /** The budget's hold on the session's decoded bytes: given back while dropped, claimed again to decode. */
  readonly budget?: DecodedBytesBudget;
}

/** A capture decoded in the pool, not yet answering queries (its stored file is not known yet). */
export interface OpenedProfile {
  readonly summary: DecodedProfileSummary;
  /** Starts answering the session's queries for its capture; closing the service frees the profile. */
  serve(capture: PoolCaptureFacts, options?: ServeOptions): PooledQueryService;
  /** Frees the decoded profile (the capture failed before its viewer opened); safe to call twice. */
  close(): Promise<void>;
}

export interface QueryPoolStats {
  /**
   * Per worker: its sessions, those of them whose profile is dropped (idle), the decoded bytes held,
   * the queries in flight, the threads ended under it so far, whether its thread runs now.
   */
  readonly workers: readonly {
    readonly sessions: number;
    readonly droppedSessions: number;
    readonly heldBytes: number;
    readonly running: boolean;
    readonly callsInFlight: number;
    readonly ended: number;
  }[];
}

export class QueryPool {
  /** The workers: the first `placing` take new sessions; the others, started for relief, only moved ones. */
  private readonly slots: PoolSlot[];
  private readonly placing: number;
  private readonly slotSettings: SlotSettings;
  /** Each served session's slot: a dropped session may move to a slot whose thread runs. */
  private readonly homes = new Map<PoolSession, PoolSlot>();
  private readonly graphLayout: GraphLayoutSettings;
  private nextSession = 1;
  private closed = false;

  constructor(options: QueryPoolOptions = {}) {
    const count = Math.max(1, options.workerCount ?? Math.min(availableParallelism(), MAX_QUERY_WORKERS));
    const reliefBaseMs = options.reliefWaitMs ?? RELIEF_WAIT_MS;
    const timers = options.timers ?? realTimers;
    const holdsOthers = options.firstPaintHoldsOthers ?? count >= availableParallelism();
    this.slotSettings = {
      queryTimeoutMs: options.queryTimeoutMs ?? Infinity,
      idleMs: options.idleMs ?? Infinity,
      timers,
      gate: new FirstPaintGate(holdsOthers, { timers, holdMs: FIRST_PAINT_HOLD_MS }),
      keepWarm: (slot: PoolSlot) => this.keepsWarm(slot),
      ...(Number.isFinite(reliefBaseMs)
        ? {
            relief: {
              waitMs: (session: PoolSession) => reliefWaitMs(reliefBaseMs, session),
              relieve: (from: PoolSlot, session: PoolSession, waitedMs: number) =>
                this.relieve(from, session, waitedMs, reliefWaitMs(EXTRA_WORKER_WAIT_MS, session)),
            },
          }
        : {}),
    };
    this.placing = count;
    this.slots = Array.from({ length: count }, () => new PoolSlot(this.slotSettings));
    this.graphLayout = options.graphLayout ?? { layout: sharedGraphLayout, timeLimitMs: GRAPH_LAYOUT_TIME_LIMIT_MS };
  }

  /**
   * Decodes a capture in a worker (`decodeOptions` go to pprof's decodeProfile as they are). A
   * capture that does not decode rejects with pprof's own ProfileDecodeError or ProfileTooLargeError.
   */
  async open(rawBytes: Uint8Array, decodeOptions: DecodeOptions = {}): Promise<OpenedProfile> {
    const session = this.newSession(rawBytes, decodeOptions, rawBytes.byteLength * DECODED_BYTES_PER_RAW_BYTE);
    const slot = this.place();
    const summary = await slot.open(session);
    let service: PooledQueryService | undefined;
    return {
      summary,
      serve: (capture, options = {}) => {
        service ??= this.serve(slot, session, capture, options);
        return service;
      },
      close: async () => this.closeSession(session, slot),
    };
  }

  /**
   * Drops the decoded profile of the served session least recently queried that has no query in
   * flight and is not being decoded (its next query decodes it again), giving its bytes back to its
   * budget: the budget calls it when a new profile does not fit. False when no session can be dropped.
   */
  dropLeastRecentlyQueried(): boolean {
    let oldest: { slot: PoolSlot; session: PoolSession } | undefined;
    for (const slot of this.slots) {
      const session = slot.dropCandidate();
      if (session !== undefined && (oldest === undefined || session.lastUsed < oldest.session.lastUsed))
        oldest = { slot, session };
    }
    return oldest !== undefined && oldest.slot.drop(oldest.session);
  }

  /**
   * Takes a profile decoded in this thread (`go-profiler view`, tests): copied to its worker, or with
   * `handOver` its buffers transferred (this thread's arrays are emptied). `rawBytes` decode to it
   * again should the worker be replaced.
   */
  adopt(
    profile: Profile,
    rawBytes: Uint8Array,
    capture: PoolCaptureFacts,
    options: ServeOptions & { readonly handOver?: boolean } = {},
  ): PooledQueryService {
    const session = this.newSession(rawBytes, {}, summarizeDecodedProfile(profile).decodedBytes);
    const slot = this.place();
    const transfer = options.handOver === true ? profileBuffers(profile) : [];
    // A failure to take it is the session's for good (brokenBy), and each of its queries says so.
    slot.open(session, { profile, transfer }).catch(() => undefined);
    return this.serve(slot, session, capture, options);
  }

  /** The decoded bytes every session holds (estimates for those still being decoded). */
  get heldBytes(): number {
    return this.slots.reduce((sum, slot) => sum + slot.heldBytes, 0);
  }

  stats(): QueryPoolStats {
    return {
      workers: this.slots.map((slot) => ({
        sessions: slot.sessionCount,
        droppedSessions: slot.droppedCount,
        heldBytes: slot.heldBytes,
        running: slot.thread !== undefined,
        callsInFlight: slot.callsInFlight,
        ended: slot.workersEnded,
      })),
    };
  }

  /**
   * Where a session's query goes: its slot, unless its profile is dropped and that slot's thread has
   * ended, when it moves to the running slot holding the fewest bytes (the warm one, say) rather
   * than wait for a thread to start (~0.3 s of module loading).
   */
  slotFor(session: PoolSession): PoolSlot {
    const home = this.homes.get(session);
    if (home === undefined || !session.dropped || home.thread !== undefined) return home ?? this.slots[0]!;
    let warm: PoolSlot | undefined;
    for (const slot of this.slots) {
      if (slot.thread !== undefined && (warm === undefined || slot.heldBytes < warm.heldBytes)) warm = slot;
    }
    if (warm === undefined || !home.moveDropped(session, warm)) return home;
    this.homes.set(session, warm);
    return warm;
  }

  /** Forgets a session in the slot it lives in now; the warm thread ends with the pool's last session. */
  closeSession(session: PoolSession, placed?: PoolSlot): void {
    const slot = this.homes.get(session) ?? placed;
    this.homes.delete(session);
    slot?.closeSession(session);
    for (const other of this.slots) other.endIfAllDropped();
  }

  /** Each worker's thread now running (none while it holds no session): diagnostics, tests. */
  threads(): readonly (Worker | undefined)[] {
    return this.slots.map((slot) => slot.thread);
  }

  /** Ends every worker; the sessions' queries fail from now on. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.close()));
  }

  private newSession(rawBytes: Uint8Array, decodeOptions: DecodeOptions, decodedBytes: number): PoolSession {
    if (this.closed) throw new QueryWorkerError('the query pool closed');
    return newPoolSession({
      id: this.nextSession++,
      rawBytes,
      decodeOptions,
      decodedBytes,
      firstPaintCalls: FIRST_PAINT_CALLS,
    });
  }

  /**
   * The slot for a new session: one with nothing in flight before a busy one (its decoding would
   * wait behind another session's query), then the fewest decoded bytes, then the fewest sessions.
   */
  private place(): PoolSlot {
    let best = this.slots[0]!;
    for (const slot of this.slots.slice(0, this.placing)) {
      if (slot.free !== best.free) {
        if (slot.free) best = slot;
      } else if (
        slot.heldBytes < best.heldBytes ||
        (slot.heldBytes === best.heldBytes && slot.sessionCount < best.sessionCount)
      )
        best = slot;
    }
    return best;
  }

  /**
   * A query of `session` has waited `waitedMs` behind the same work of another session in `from`:
   * the session moves to a free slot; to a new one (while the pool has fewer than
   * MAX_QUERY_WORKERS) only once it has waited `extraAfterMs`. Says whether it moved.
   */
  private relieve(from: PoolSlot, session: PoolSession, waitedMs: number, extraAfterMs: number): boolean {
    if (this.closed || this.homes.get(session) !== from) return false;
    let to = reliefSlot(this.slots, from);
    if (to === undefined && waitedMs >= extraAfterMs && this.slots.length < MAX_QUERY_WORKERS) {
      to = new PoolSlot(this.slotSettings);
      this.slots.push(to);
    }
    if (to === undefined || !from.handOver(session, to)) return false;
    this.homes.set(session, to);
    return true;
  }

  private serve(slot: PoolSlot, session: PoolSession, capture: PoolCaptureFacts, options: ServeOptions) {
    slot.serve(session, {
      capture,
      graphLayout: options.graphLayout ?? this.graphLayout,
      ...(options.sources === undefined ? {} : { sources: options.sources.lookup }),
      ...(options.budget === undefined ? {} : { budget: options.budget }),
    });
    this.homes.set(session, slot);
    return new PooledQueryService(this, session);
  }

  /**
   * One thread stays while the pool holds sessions (dropped ones come back through it): a slot
   * keeps its thread when no other slot's runs. Its cost, ~36 MB, is in docs/decisions.md.
   */
  private keepsWarm(slot: PoolSlot): boolean {
    if (this.closed) return false;
    let sessions = 0;
    for (const other of this.slots) {
      if (other !== slot && other.thread !== undefined) return false;
      sessions += other.sessionCount;
    }
    return sessions > 0;
  }
}

/** The distinct buffers of a profile's typed arrays (several arrays may share one). */
function profileBuffers(profile: Profile): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const table of [profile.samples, profile.locations, profile.functions]) {
    for (const column of Object.values(table)) {
      if (ArrayBuffer.isView(column) && column.buffer instanceof ArrayBuffer) buffers.add(column.buffer);
    }
  }
  return [...buffers];
}

/** One session's queries, answered in its pool worker. */
export class PooledQueryService implements QueryService {
  constructor(
    private readonly pool: QueryPool,
    private readonly session: PoolSession,
  ) {}

  /** The memory the session's decoded profile takes in its worker. */
  get decodedBytes(): number {
    return this.session.decodedBytes;
  }

  readonly summary: QueryService['summary'] = () => this.call('summary');
  readonly bases: QueryService['bases'] = () => this.call('bases');
  readonly top: QueryService['top'] = (options, pattern) => this.call('top', options, pattern);
  readonly flameGraph: QueryService['flameGraph'] = (options, zoom, variant) =>
    this.call('flameGraph', options, zoom, variant);
  readonly graph: QueryService['graph'] = (options, pattern) => this.call('graph', options, pattern);
  readonly search: QueryService['search'] = (options, pattern, zoom, variant) =>
    this.call('search', options, pattern, zoom, variant);
  readonly peek: QueryService['peek'] = (options, pattern) => this.call('peek', options, pattern);
  readonly source: QueryService['source'] = (options, pattern) => this.call('source', options, pattern);
  readonly pivot: QueryService['pivot'] = (options, part) => this.call('pivot', options, part);
  readonly labels: QueryService['labels'] = (options) => this.call('labels', options);
  readonly presets: QueryService['presets'] = () => this.call('presets');
  readonly filteredProfile: QueryService['filteredProfile'] = (options) => this.call('filteredProfile', options);

  async foldedStacks(options: QueryOptions): Promise<FoldedStacks> {
    const { sampleType, chunks } = (await this.call('foldedStacks', options)) as FoldedStacks;
    return { sampleType, chunks: [...chunks].map((chunk) => Buffer.from(chunk as Uint8Array)) };
  }

  json<M extends JsonQueryMethod>(method: M, ...args: Parameters<QueryService[M]>): Promise<Uint8Array> {
    const slot = this.pool.slotFor(this.session);
    return slot.call(this.session, method, args as unknown as QueryCalls[M], true) as Promise<Uint8Array>;
  }

  async close(): Promise<void> {
    this.pool.closeSession(this.session);
  }

  // The answers' types are the QueryService's; the worker sends what InProcessQueryService returns.
  private call<M extends QueryMethod>(method: M, ...args: QueryCalls[M]): Promise<never> {
    return this.pool.slotFor(this.session).call(this.session, method, args) as Promise<never>;
  }
}

let shared: QueryPool | undefined;

/** The process's pool without a query time limit, for viewers given a decoded profile (`go-profiler view`, tests). */
export function sharedQueryPool(): QueryPool {
  shared ??= new QueryPool();
  return shared;
}
