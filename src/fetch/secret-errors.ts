// Typed errors for reading the TLS Secret; messages are shaped `read secret <ns>/<name>: <reason>`
// and never hold the Secret's data.

import { GoProfilerError } from '../errors/index.js';

export interface SecretReference {
  readonly namespace: string;
  readonly name: string;
}

/** What every Secret failure carries: which Secret, and the message shape. */
abstract class SecretError extends GoProfilerError {
  constructor(
    readonly secret: SecretReference,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`read secret ${secret.namespace}/${secret.name}`, reason, options);
  }
}

/** The API server answered 404 for the Secret. */
export class SecretNotFoundError extends SecretError {
  override readonly name = 'SecretNotFoundError';
  constructor(secret: SecretReference, options?: { cause?: unknown }) {
    super(secret, 'not found', options);
  }
}

/** The Secret exists but lacks `token` or `ca.crt`, or holds something unusable in them. */
export class SecretIncompleteError extends SecretError {
  override readonly name = 'SecretIncompleteError';
}

/** The Secret could not be read: no cluster configuration, API server unreachable, forbidden, ... */
export class SecretReadError extends SecretError {
  override readonly name = 'SecretReadError';
}
