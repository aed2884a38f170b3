// Refusals (SPEC §5 "Refusals"): decided before the source is contacted and before a Secret's
// token leaves the process. `refused` says which request key is to blame (the processor maps it).

import { GoProfilerError } from '../errors/index.js';
import type { SecretReference } from './secret-errors.js';

/** The source may not be fetched: the allow-list, or an address that is always refused. */
export class TargetNotAllowedError extends GoProfilerError {
  override readonly name = 'TargetNotAllowedError';
  readonly refused = 'source';
  constructor(url: URL, reason: string) {
    super(`check source ${url.origin}`, reason);
  }
}

/** The Secret may not be used here: another namespace, or its owner did not allow this source. */
export class SecretNotAllowedError extends GoProfilerError {
  override readonly name = 'SecretNotAllowedError';
  readonly refused = 'secret';
  constructor(secret: SecretReference, reason: string) {
    super(`check secret ${secret.namespace}/${secret.name}`, reason);
  }
}
