// How an error crosses between a worker thread and the viewer: its name, message and own fields
// (`key`, a status, GraphTooLargeError's counts, ProfileTooLargeError's limit) travel, and the
// receiving side rebuilds it on its class's prototype, so that instanceof checks and the status
// table (errors/error-status.ts) answer as if it had been thrown in this thread.

import { ERROR_STATUS, GoProfilerError } from '../errors/index.js';
import { ProfileDecodeError, ProfileTooLargeError } from '../pprof/index.js';
import { GoRegexpSyntaxError, QueryError, QueryOptionError } from '../query/index.js';
import { GraphLayoutError, GraphLayoutTimeLimitError } from './graph-layout.js';
import { GraphTooLargeError, ViewerRequestError } from './viewer-errors.js';

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
  ['ProfileDecodeError', ProfileDecodeError.prototype],
  ['ProfileTooLargeError', ProfileTooLargeError.prototype],
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

/** The prototype an error named `name` is rebuilt on: its class's, else our base class's when the status table knows the name. */
function prototypeOf(name: string): object {
  return PROTOTYPES.get(name) ?? (Object.hasOwn(ERROR_STATUS, name) ? GoProfilerError.prototype : Error.prototype);
}

export function deserializeError(serialized: SerializedError): Error {
  const error = Object.create(prototypeOf(serialized.name)) as Error;
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
