// Stores captures under the data root and lists them back. Never overwrites and never deletes:
// each profile file is created exclusively, and a name taken in the same second gets `-2`, `-3`...

import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCapturePath, CAPTURES_DIR, resolveCaptureFile, type CapturePathParts } from './capture-path.js';
import { describeRecordError, parseCaptureRecord, type CaptureRecord } from './capture-record.js';
import { fsReason } from './fs-reason.js';

/** Writing or reading a capture failed; the cause is the file system's error. */
export class CaptureStoreError extends Error {
  override readonly name = 'CaptureStoreError';
  constructor(operation: string, file: string, reason: string, options?: { cause?: unknown }) {
    super(`${operation} ${file}: ${reason}`, options);
  }
}

/** Far more than one second can hold; a bound so a broken file system cannot loop us forever. */
const MAX_SUFFIX = 1000;

export interface SaveCaptureInput {
  /** The bytes exactly as served. */
  readonly bytes: Uint8Array;
  readonly path: CapturePathParts;
  /** Everything the sidecar records except `file` and `bytes`, which the store fills in. */
  readonly record: Omit<CaptureRecord, 'version' | 'file' | 'bytes'>;
}

/** Writes the profile and its sidecar; returns the sidecar's record (its `file` is the stored path). */
export async function saveCapture(dataRoot: string, input: SaveCaptureInput): Promise<CaptureRecord> {
  const { dir, stem } = buildCapturePath(input.path);
  const absoluteDir = path.resolve(dataRoot, dir);
  try {
    await mkdir(absoluteDir, { recursive: true });
  } catch (error) {
    throw new CaptureStoreError('store capture', dir, fsReason(error), { cause: error });
  }
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    const file = `${dir}/${name}.prof`;
    const created = await createExclusive(path.join(absoluteDir, `${name}.prof`), input.bytes, file);
    if (!created) continue;
    const record: CaptureRecord = { version: 1, file, bytes: input.bytes.length, ...input.record };
    try {
      await writeSidecar(path.join(absoluteDir, `${name}.json`), record, file);
    } catch (error) {
      throw await discard(path.join(absoluteDir, `${name}.prof`), error as CaptureStoreError);
    }
    return record;
  }
  throw new CaptureStoreError('store capture', `${dir}/${stem}.prof`, `more than ${MAX_SUFFIX} captures in one second`);
}

/** Writes `bytes` to a new file; false when the name is taken (EEXIST). */
async function createExclusive(absolute: string, bytes: Uint8Array, file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(absolute, 'wx');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw new CaptureStoreError('store capture', file, fsReason(error), { cause: error });
  }
  try {
    await handle.writeFile(bytes);
  } catch (error) {
    await handle.close();
    throw await discard(absolute, new CaptureStoreError('store capture', file, fsReason(error), { cause: error }));
  }
  await handle.close();
  return true;
}

/**
 * Removes what a failed save wrote (a capture without its sidecar, or half a profile), so a failed
 * request leaves nothing behind; returns the error to throw, which says so if even that failed.
 */
async function discard(absolute: string, failure: CaptureStoreError): Promise<CaptureStoreError> {
  try {
    await rm(absolute, { force: true });
    return failure;
  } catch (error) {
    return new CaptureStoreError(
      'store capture',
      absolute,
      `${failure.message}; removing the partial file failed too: ${fsReason(error)}`,
      {
        cause: failure,
      },
    );
  }
}

/**
 * Writes the sidecar through a temporary name, so a lister never reads half of one. The name is
 * ours alone (the exclusive `.prof` reserved it), so a stale temporary left by a crash is overwritten.
 */
async function writeSidecar(absolute: string, record: CaptureRecord, file: string): Promise<void> {
  const temporary = `${absolute}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temporary, absolute);
  } catch (error) {
    throw new CaptureStoreError('store capture sidecar', file.replace(/\.prof$/, '.json'), fsReason(error), {
      cause: error,
    });
  }
}

export interface ListCapturesOptions {
  /** Told about each sidecar that cannot be read or parsed (it is skipped, not deleted). */
  readonly onProblem?: (error: CaptureStoreError) => void;
}

/** Every capture under the data root with a readable sidecar, oldest first. */
export async function listCaptures(dataRoot: string, options: ListCapturesOptions = {}): Promise<CaptureRecord[]> {
  const root = path.resolve(dataRoot, CAPTURES_DIR);
  const records: CaptureRecord[] = [];
  for (const sidecar of await findSidecars(root)) {
    const relative = path.relative(path.resolve(dataRoot), sidecar).split(path.sep).join('/');
    try {
      const record = parseCaptureRecord(await readFile(sidecar, 'utf8'));
      resolveCaptureFile(dataRoot, record.file);
      records.push(record);
    } catch (error) {
      options.onProblem?.(
        new CaptureStoreError('list capture', relative, describeRecordError(error), { cause: error }),
      );
    }
  }
  return records.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.file.localeCompare(b.file));
}

/** The stored bytes of `file` (a path relative to the data root, as in `result.file`). */
export async function readCaptureBytes(dataRoot: string, file: string): Promise<Uint8Array> {
  const absolute = resolveCaptureFile(dataRoot, file);
  try {
    return new Uint8Array(await readFile(absolute));
  } catch (error) {
    throw new CaptureStoreError('read capture', file, fsReason(error), { cause: error });
  }
}

/** Sidecars lie at most three folders down (pod, stamp); a missing root means no captures yet. */
async function findSidecars(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return;
      throw new CaptureStoreError('list captures', dir, fsReason(error), { cause: error });
    }
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 2) await walk(absolute, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.json')) found.push(absolute);
    }
  };
  await walk(root, 0);
  return found;
}
