// A capture failed for want of something of the processor's own host (file descriptors, memory,
// disk): a 503 that says so, never blamed on the target (SPEC §5 "Out of file descriptors").

import { GoProfilerError } from '../errors/index.js';
import { constants } from 'node:os';

/** The system error codes that mean "this host ran out of something", with what ran out. */
const LOCAL_RESOURCES: Readonly<Record<string, string>> = {
  EMFILE: 'out of file descriptors (the process limit, ulimit -n)',
  ENFILE: 'out of file descriptors (the system-wide limit)',
  ENOMEM: 'out of memory',
  ENOSPC: 'out of disk space',
};

/** errno numbers by their names' values (`24` → `EMFILE` on Linux). */
const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, value]) => [value, name]));

/**
 * The local-resource code of one error: its `code`, or — for Node's own SystemErrors, such as
 * os.networkInterfaces() failing with "uv_interface_addresses returned Unknown system error 24" —
 * the name of its errno.
 */
function localResourceCodeOf(error: Error): string | undefined {
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  if (typeof code === 'string' && code in LOCAL_RESOURCES) return code;
  const name = typeof errno === 'number' ? ERRNO_NAMES.get(Math.abs(errno)) : undefined;
  return name !== undefined && name in LOCAL_RESOURCES ? name : undefined;
}

/** Retrying is worth it once connections, memory or disk have been given back. */
const LOCAL_RESOURCE_RETRY_AFTER_SECONDS = 10;

export class LocalResourceError extends GoProfilerError {
  override readonly name = 'LocalResourceError';
  readonly retryAfterSeconds = LOCAL_RESOURCE_RETRY_AFTER_SECONDS;
  constructor(
    readonly code: string,
    /** The failed step, as its own error named it (`fetch http://…/heap`, `save capture …`). */
    operation: string,
    options: { cause: unknown },
  ) {
    super(
      operation,
      `the processor's host is ${LOCAL_RESOURCES[code] ?? code} (${code}); the target is not at fault, retry later`,
      options,
    );
  }
}

/** A LocalResourceError when `error` or one of its causes carries a local-resource code. */
export function asLocalResourceError(error: Error): LocalResourceError | undefined {
  let at: unknown = error;
  for (let depth = 0; depth < 8 && at instanceof Error; depth++) {
    const code = localResourceCodeOf(at);
    if (code !== undefined) {
      // "fetch http://h:1/debug/pprof/heap: connect EMFILE …" → "fetch http://h:1/debug/pprof/heap".
      const split = error.message.indexOf(': ');
      const operation = split > 0 ? error.message.slice(0, split) : 'capture profile';
      return new LocalResourceError(code, operation, { cause: error });
    }
    at = at.cause;
  }
  return undefined;
}
