// The caller hung up before its answer: the capture is abandoned (fetch aborted, no viewer).

import { GoProfilerError } from '../errors/index.js';

export class CaptureAbandonedError extends GoProfilerError {
  override readonly name = 'CaptureAbandonedError';
  constructor(url: string) {
    super(`capture profile ${url}`, `abandoned: the caller disconnected before its answer`);
  }
}
