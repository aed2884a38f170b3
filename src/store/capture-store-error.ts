// The store's error for a file that could not be written, read or deleted.

import { GoProfilerError } from '../errors/index.js';

/** Writing, reading or deleting a capture failed; the cause is the file system's error. */
export class CaptureStoreError extends GoProfilerError {
  override readonly name = 'CaptureStoreError';
  constructor(operation: string, file: string, reason: string, options?: { cause?: unknown }) {
    super(`${operation} ${file}`, reason, options);
  }
}
