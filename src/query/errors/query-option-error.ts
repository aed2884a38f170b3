// The error of an option value that cannot be used, from a URL parameter or a CLI flag.

import { GoProfilerError } from '../../errors/index.js';

/** An option value that cannot be used; `key` names the URL parameter or flag. */
export class QueryOptionError extends GoProfilerError {
  override readonly name = 'QueryOptionError';
  constructor(
    readonly key: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`parse option ${key}`, reason, options);
  }
}
