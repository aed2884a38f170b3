// Typed errors for reading and writing profiles; messages are shaped `<operation> <object>: <reason>`.

import { GoProfilerError } from '../errors/index.js';

/** The bytes are not a profile, or a malformed one (bad wire data, ids pointing nowhere, ...). */
export class ProfileDecodeError extends GoProfilerError {
  override readonly name = 'ProfileDecodeError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super('decode profile', reason, options);
  }
}

/** The profile is larger than the caller allows (compressed or after decompression). */
export class ProfileTooLargeError extends GoProfilerError {
  override readonly name = 'ProfileTooLargeError';
  constructor(
    readonly what: 'compressed' | 'decompressed',
    readonly maxBytes: number,
    options?: { cause?: unknown },
  ) {
    super('decode profile', `${what} size exceeds the limit of ${maxBytes} bytes`, options);
  }
}
