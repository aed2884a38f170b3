// Typed errors for reading the TLS Secret; messages are shaped `read secret <ns>/<name>: <reason>`
// and never hold the Secret's data.

export interface SecretReference {
  readonly namespace: string;
  readonly name: string;
}

/** The API server answered 404 for the Secret. */
export class SecretNotFoundError extends Error {
  override readonly name = 'SecretNotFoundError';
  constructor(
    readonly secret: SecretReference,
    options?: { cause?: unknown },
  ) {
    super(`read secret ${secret.namespace}/${secret.name}: not found`, options);
  }
}

/** The Secret exists but lacks `token` or `ca.crt`, or holds something unusable in them. */
export class SecretIncompleteError extends Error {
  override readonly name = 'SecretIncompleteError';
  constructor(
    readonly secret: SecretReference,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`read secret ${secret.namespace}/${secret.name}: ${reason}`, options);
  }
}

/** The Secret could not be read: no cluster configuration, API server unreachable, forbidden, ... */
export class SecretReadError extends Error {
  override readonly name = 'SecretReadError';
  constructor(
    readonly secret: SecretReference,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`read secret ${secret.namespace}/${secret.name}: ${reason}`, options);
  }
}
