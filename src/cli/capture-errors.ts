// The typed failures of `capture` and `view URL|pod/NAME` that are neither a usage error nor a
// fetch's own: the selector's pods, the saved file, the captures that failed.

import { GoProfilerError } from '../errors/index.js';

/** `-l` matched no pod, or more than `--max-pods`. */
export class PodSelectionError extends GoProfilerError {
  override readonly name = 'PodSelectionError';
  constructor(selector: string, namespace: string, reason: string) {
    super(`select pods ${JSON.stringify(selector)} in namespace ${namespace}`, reason);
  }
}

/** A fetched profile could not be written where it was to go. */
export class CaptureSaveError extends GoProfilerError {
  override readonly name = 'CaptureSaveError';
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`save profile ${file}`, reason, options);
  }
}

/** Some of a selector's captures failed (each was reported as it did); the others are saved. */
export class CapturesFailedError extends GoProfilerError {
  override readonly name = 'CapturesFailedError';
  constructor(what: string, failed: readonly string[], total: number) {
    super(`capture ${what}`, `${failed.length} of ${total} failed (${failed.join(', ')}); the others are saved`);
  }
}
