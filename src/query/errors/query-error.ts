// Typed errors of the query layer; messages are shaped `<operation> <object>: <reason>`.

import { GoProfilerError } from '../../errors/index.js';

/**
 * A query that cannot be answered for this profile (unknown sample type, incompatible merge, ...);
 * `key` names the option at fault, when one is (`sampleIndex`), so the viewer's 400 names its parameter.
 */
export class QueryError extends GoProfilerError {
  override readonly name = 'QueryError';
  readonly key: string | undefined;
  constructor(operation: string, object: string, reason: string, options?: { cause?: unknown; key?: string }) {
    super(`${operation} ${object}`, reason, options);
    this.key = options?.key;
  }
}
