// The messages between the query pool (query-pool.ts, query-pool-slot.ts) and its worker threads
// (query-pool-worker.ts), and the plain data they carry: each worker hosts several sessions, each
// known by a number; queries go by id and are answered (or fail) by id.

import type { END_THREAD_MESSAGE } from './module-worker.js';
import type { DecodeOptions, Profile, ValueType } from '../pprof/index.js';
import type { SourceLookup, QueryOptions } from '../query/index.js';
import type { PivotPart } from './refine-queries.js';
import type { SerializedError } from './worker-errors.js';
import type { FlameGraphVariant } from './flame-graph-variant.js';
import type { ProfileSummary } from './view-models.js';

/** What a decoded profile holds, told by the worker that decoded it (the processor stores and answers it). */
export interface DecodedProfileSummary {
  readonly sampleTypes: readonly ValueType[];
  /** The profile's default_sample_type ('' when unset): `go-profiler view` names the profile kind from it. */
  readonly defaultSampleType: string;
  readonly sampleCount: number;
  /** Each sample type's total, in the order of `sampleTypes`. */
  readonly totals: readonly number[];
  /** The memory the decoded profile takes: its typed arrays and its strings. */
  readonly decodedBytes: number;
  /** The profile's period (a heap profile's: runtime.MemProfileRate) and duration: the preflight advice reads them. */
  readonly period: number;
  readonly durationNanos: number;
}

/** What identifies a capture to its queries (query-service.ts's ServiceCaptureFacts, as plain data). */
export interface PoolCaptureFacts {
  readonly file: string;
  readonly type: string;
  readonly source: string;
  readonly capturedAt: Date;
  readonly dataRoot?: string;
}

/** The QueryService calls a worker answers (close is the pool's, not the worker's). */
export interface QueryCalls {
  summary: [];
  bases: [];
  top: [options: QueryOptions, pattern: string];
  flameGraph: [options: QueryOptions, zoom: readonly string[], variant?: FlameGraphVariant];
  graph: [options: QueryOptions, pattern: string];
  search: [options: QueryOptions, pattern: string, zoom: readonly string[], variant?: FlameGraphVariant];
  peek: [options: QueryOptions, pattern: string];
  source: [options: QueryOptions, pattern: string];
  pivot: [options: QueryOptions, part: PivotPart];
  labels: [options: QueryOptions];
  presets: [];
  filteredProfile: [options: QueryOptions];
  foldedStacks: [options: QueryOptions];
}

export type QueryMethod = keyof QueryCalls;

export type ToPoolWorker =
  /** Decode a capture and keep it as session `session` (answered by `opened`). */
  | {
      readonly kind: 'open';
      readonly session: number;
      readonly rawBytes: Uint8Array;
      readonly decodeOptions: DecodeOptions;
      /** False when an idle session is decoded again: its next query, not a flame graph, comes first. */
      readonly prebuild?: boolean;
    }
  /** Keep a profile decoded elsewhere (its buffers transferred) as session `session` (answered by `opened`). */
  | { readonly kind: 'adopt'; readonly session: number; readonly profile: Profile }
  /** Start answering the session's queries, now that its capture is known. */
  | {
      readonly kind: 'serve';
      readonly session: number;
      readonly capture: PoolCaptureFacts;
      readonly graphTimeLimitMs: number;
      /** The Source view's lookup (`--source-path`); the worker reads the files itself. */
      readonly sources?: SourceLookup;
    }
  | { readonly kind: 'close'; readonly session: number }
  /** Exit now, between two tasks (module-worker.ts `endModuleWorker`). */
  | typeof END_THREAD_MESSAGE
  | {
      readonly kind: 'call';
      readonly id: number;
      readonly session: number;
      readonly method: QueryMethod;
      readonly args: readonly unknown[];
      /** Answer with the JSON text's bytes (transferred) rather than the value (cloned). */
      readonly asJson: boolean;
    }
  | { readonly kind: 'laid-out'; readonly layoutId: number; readonly svg: string }
  | { readonly kind: 'laid-out'; readonly layoutId: number; readonly error: SerializedError };

export type FromPoolWorker =
  | { readonly kind: 'opened'; readonly session: number; readonly summary: DecodedProfileSummary }
  | { readonly kind: 'opened'; readonly session: number; readonly error: SerializedError }
  /** Done with a session's decoding and its first flame graph (after `opened`): the worker takes queries again. */
  | { readonly kind: 'ready'; readonly session: number }
  /** A served session's summary, sent unasked once it is served (every page asks for it first). */
  | { readonly kind: 'summary'; readonly session: number; readonly summary: ProfileSummary }
  /** The worker began call `id`: its time limit runs from now (not while it waited its turn). */
  | { readonly kind: 'started'; readonly id: number }
  | { readonly kind: 'answer'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'answer'; readonly id: number; readonly error: SerializedError }
  /** Call `call` of session `session` needs a call graph laid out by the process's Graphviz workers. */
  | {
      readonly kind: 'layout';
      readonly layoutId: number;
      readonly session: number;
      readonly call: number | undefined;
      readonly dot: string;
      readonly timeLimitMs: number;
    };

/** Sums what a decoded profile holds, in whichever thread holds it. */
export function summarizeDecodedProfile(profile: Profile): DecodedProfileSummary {
  const columns = profile.sampleTypes.length;
  const totals = new Array<number>(columns).fill(0);
  const { values } = profile.samples;
  for (let at = 0; at < values.length; at++) totals[at % columns]! += values[at]!;
  let decodedBytes = 0;
  for (const table of [profile.samples, profile.locations, profile.functions]) {
    for (const column of Object.values(table)) if (ArrayBuffer.isView(column)) decodedBytes += column.byteLength;
  }
  // Strings are two bytes a character at most; the table is small next to the arrays, but not nothing.
  for (const text of profile.strings) decodedBytes += 2 * text.length;
  const { period, durationNanos } = profile;
  return {
    sampleTypes: profile.sampleTypes,
    defaultSampleType: profile.defaultSampleType,
    sampleCount: profile.samples.count,
    totals,
    decodedBytes,
    period,
    durationNanos,
  };
}
