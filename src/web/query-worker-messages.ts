// The messages between a session and its query worker (query-worker.ts), and how an error crosses
// between them: its name, message and own fields (`key`, a status, GraphTooLargeError's counts)
// travel, and the receiving side rebuilds it with its class's prototype, so that the error table
// (viewer-errors.ts) answers the same status and body as if the query had run in-process.

import type { Profile } from '../pprof/index.js';
import { GoRegexpSyntaxError, QueryError, QueryOptionError } from '../query/index.js';
import type { SourceLookup } from '../query/index.js';
import type { QueryOptions } from '../query/query-options.js';
import { GraphLayoutError, GraphLayoutTimeLimitError } from './graph-layout.js';
import type { PivotPart } from './refine-queries.js';
import { GraphTooLargeError, ViewerRequestError } from './viewer-errors.js';

/** What a worker starts with: the profile (handed over, or its raw bytes to decode) and the capture. */
export interface QueryWorkerData {
  /** The decoded profile; its typed arrays' buffers are transferred. */
  readonly profile?: Profile;
  /** The raw capture, decoded in the worker when no `profile` is given (a restart after a crash). */
  readonly rawBytes?: Uint8Array;
  readonly capture: {
    readonly file: string;
    readonly type: string;
    readonly source: string;
    readonly capturedAt: Date;
    readonly dataRoot?: string;
  };
  readonly graphTimeLimitMs: number;
  /** The Source view's lookup (`--source-path`), the files read under it by the worker itself. */
  readonly sources?: SourceLookup;
}

/** The QueryService calls a worker answers (close is the session's, not the worker's). */
export interface QueryCalls {
  summary: [];
  bases: [];
  top: [options: QueryOptions, pattern: string];
  flameGraph: [options: QueryOptions, zoom: readonly string[]];
  graph: [options: QueryOptions, pattern: string];
  search: [options: QueryOptions, pattern: string, zoom: readonly string[]];
  peek: [options: QueryOptions, pattern: string];
  source: [options: QueryOptions, pattern: string];
  pivot: [options: QueryOptions, part: PivotPart];
  labels: [options: QueryOptions];
  presets: [];
  filteredProfile: [options: QueryOptions];
  foldedStacks: [options: QueryOptions];
}

export type QueryMethod = keyof QueryCalls;

export type ToQueryWorker =
  | { readonly id: number; readonly method: QueryMethod; readonly args: readonly unknown[] }
  | { readonly layoutId: number; readonly svg: string }
  | { readonly layoutId: number; readonly error: SerializedError };

export type FromQueryWorker =
  | { readonly id: number; readonly value: unknown }
  | { readonly id: number; readonly error: SerializedError }
  /** The worker asks the session's thread to lay out a call graph with the process's shared Graphviz worker. */
  | { readonly layoutId: number; readonly dot: string; readonly timeLimitMs: number };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** Own fields with plain values: `key`, `statusCode`, `nodeCount`, ... */
  readonly fields: Readonly<Record<string, string | number | boolean>>;
}

/** The classes rebuilt as themselves: some are told apart with instanceof rather than by name. */
const PROTOTYPES: ReadonlyMap<string, object> = new Map<string, object>([
  ['GraphTooLargeError', GraphTooLargeError.prototype],
  ['GraphLayoutError', GraphLayoutError.prototype],
  ['GraphLayoutTimeLimitError', GraphLayoutTimeLimitError.prototype],
  ['ViewerRequestError', ViewerRequestError.prototype],
  ['QueryOptionError', QueryOptionError.prototype],
  ['QueryError', QueryError.prototype],
  ['GoRegexpSyntaxError', GoRegexpSyntaxError.prototype],
]);

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, string | number | boolean> = {};
  for (const [field, value] of Object.entries(error)) {
    if (field !== 'name' && ['string', 'number', 'boolean'].includes(typeof value))
      fields[field] = value as string | number | boolean;
  }
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    fields,
  };
}

export function deserializeError(serialized: SerializedError): Error {
  const error = Object.create(PROTOTYPES.get(serialized.name) ?? Error.prototype) as Error;
  const own = { ...serialized.fields, name: serialized.name, message: serialized.message, stack: serialized.stack };
  for (const [field, value] of Object.entries(own)) {
    Object.defineProperty(error, field, {
      value,
      enumerable: field !== 'message' && field !== 'stack',
      writable: true,
      configurable: true,
    });
  }
  return error;
}
