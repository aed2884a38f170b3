// The viewer for a stored capture could not be started (e.g. the advertised address is not local),
// or could not be given a port of `--viewer-ports` (503: one frees when a viewer expires).

import { GoProfilerError } from '../errors/index.js';
import { noFreePortReason, type ViewerPortsExhaustedError } from '../web/viewer-ports.js';

export class ViewerStartError extends GoProfilerError {
  override readonly name = 'ViewerStartError';
  constructor(host: string, file: string, options: { cause: unknown }) {
    super(
      `start viewer on ${host} for ${file}`,
      `${(options.cause as Error).message} (the profile is stored)`,
      options,
    );
  }
}

/** Every port of `--viewer-ports` is taken: a 503 whose Retry-After is the earliest expiry of a viewer. */
export class ViewerPortsBusyError extends GoProfilerError {
  override readonly name = 'ViewerPortsBusyError';
  constructor(
    file: string,
    /** Seconds until the earliest live viewer expires (and frees its port). */
    readonly retryAfterSeconds: number,
    options: { cause: ViewerPortsExhaustedError },
  ) {
    const { host, range } = options.cause;
    super(`start viewer on ${host}`, `${noFreePortReason(range)} (the profile is stored: ${file})`, options);
  }
}
