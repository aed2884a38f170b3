// The one error that makes a 400: the request itself is wrong, and `key` names what is wrong.

import { GoProfilerError } from '../errors/index.js';

export class InvalidRequestError extends GoProfilerError {
  override readonly name = 'InvalidRequestError';
  constructor(
    /** The offending key as the client sent it (long or short form); undefined for the body itself. */
    readonly key: string | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(key === undefined ? 'parse request body' : `parse request key ${key}`, reason, options);
  }
}
