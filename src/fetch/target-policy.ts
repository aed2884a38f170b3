// Where allow-lists plug in (SPEC "Trust"): any caller may name a Secret and a source, so a
// policy decides, before the Secret is read, whether this source may receive that Secret's token.

import type { SecretReference } from './secret-errors.js';

/** The policy refused the target; nothing was read or sent. */
export class TargetNotAllowedError extends Error {
  override readonly name = 'TargetNotAllowedError';
  constructor(url: URL, reason: string) {
    super(`check target ${url.origin}: ${reason}`);
  }
}

export interface TargetPolicy {
  /** Throws TargetNotAllowedError when `url` may not be fetched (with `secret`'s token, when given). */
  checkTarget(url: URL, secret: SecretReference | undefined): void;
}

/** Today's default: every target is allowed (allow-lists are a planned requirement). */
export const ALLOW_ALL_TARGETS: TargetPolicy = { checkTarget: () => undefined };
