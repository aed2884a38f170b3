// Readiness (`GET /readyz`, SPEC §5): the data root exists, is writable and has free space, checked
// without writing anything.

import { GoProfilerError } from '../errors/index.js';
import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';

/** The data root cannot take a capture now; `/readyz` answers 503 with why. */
export class DataRootNotReadyError extends GoProfilerError {
  override readonly name = 'DataRootNotReadyError';
  /** A kubelet probes every few seconds; this is for other callers. */
  readonly retryAfterSeconds = 10;
  constructor(dataRoot: string, reason: string, options?: { cause?: unknown }) {
    super(`check data root ${dataRoot}`, reason, options);
  }
}

/** Resolves when a capture could be stored under `dataRoot`; throws DataRootNotReadyError otherwise. */
export async function checkDataRootReady(dataRoot: string): Promise<void> {
  try {
    if (!(await stat(dataRoot)).isDirectory()) throw new DataRootNotReadyError(dataRoot, 'not a directory');
    // access() answers EROFS for a read-only mount and EACCES for a directory we may not write.
    await access(dataRoot, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (error instanceof DataRootNotReadyError) throw error;
    const code = String((error as { code?: unknown }).code);
    const reason = code === 'ENOENT' ? 'missing (ENOENT)' : `not writable (${code})`;
    throw new DataRootNotReadyError(dataRoot, reason, { cause: error });
  }
  const space = await statfs(dataRoot);
  if (space.bavail === 0) throw new DataRootNotReadyError(dataRoot, 'no free space left (ENOSPC)');
  if (space.ffree === 0 && space.files > 0) throw new DataRootNotReadyError(dataRoot, 'no free inodes left');
}
