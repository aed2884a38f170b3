// Stores captures under the data root and lists them back. Never overwrites, and a kill at any
// moment leaves either a complete capture (profile and sidecar) or leftovers that
// sweepLeftovers() removes at the next start: the profile is written under a temporary name and
// hard-linked to its final name (the link fails with EEXIST rather than overwrite, so a name taken
// in the same second gets `-2`, `-3`...), then the sidecar is written and renamed beside it.

import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { buildCapturePath, CAPTURES_DIR, resolveCaptureFile, type CapturePathParts } from './capture-path.js';
import { describeRecordError, parseCaptureRecord, type CaptureRecord } from './capture-record.js';
import { CaptureStoreError } from './capture-store-error.js';
import { fsReason } from './fs-reason.js';

export { CaptureStoreError } from './capture-store-error.js';

/** Far more than one second can hold; a bound so a broken file system cannot loop us forever. */
const MAX_SUFFIX = 1000;

/** Every temporary file of the store ends so; sweepLeftovers() deletes any found at start. */
export const TEMPORARY_SUFFIX = '.tmp';

export interface SaveCaptureInput {
  /** The bytes exactly as served. */
  readonly bytes: Uint8Array;
  readonly path: CapturePathParts;
  /** Everything the sidecar records except `file` and `bytes`, which the store fills in. */
  readonly record: Omit<CaptureRecord, 'version' | 'file' | 'bytes'>;
  /** A Goroutine capture's `debug=2` text, stored beside as `<stem>.debug2.txt` (sidecar `goroutineDump`). */
  readonly goroutineDump?: Uint8Array;
}

/** Writes the profile and its sidecar; returns the sidecar's record (its `file` is the stored path). */
export async function saveCapture(dataRoot: string, input: SaveCaptureInput): Promise<CaptureRecord> {
  const { dir, stem } = buildCapturePath(input.path);
  const absoluteDir = path.resolve(dataRoot, dir);
  const temporary = await writeTemporary(absoluteDir, stem, input.bytes, `${dir}/${stem}.prof`);
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    const file = `${dir}/${name}.prof`;
    const profile = path.join(absoluteDir, `${name}.prof`);
    if (!(await linkExclusive(temporary, profile, file))) continue;
    const dump = input.goroutineDump === undefined ? undefined : `${dir}/${name}.debug2.txt`;
    const record: CaptureRecord = {
      version: 1,
      file,
      bytes: input.bytes.length,
      ...input.record,
      ...(dump === undefined ? {} : { goroutineDump: dump }),
    };
    const dumpPath = path.join(absoluteDir, `${name}.debug2.txt`);
    try {
      await unlink(temporary);
      if (input.goroutineDump !== undefined) await writeNewFile(dumpPath, input.goroutineDump);
      await writeSidecar(path.join(absoluteDir, `${name}.json`), record, file);
    } catch (error) {
      const failure =
        error instanceof CaptureStoreError
          ? error
          : new CaptureStoreError('store capture', file, fsReason(error), { cause: error });
      throw await discard([profile, temporary, ...(dump === undefined ? [] : [dumpPath])], failure);
    }
    return record;
  }
  throw await discard(
    [temporary],
    new CaptureStoreError('store capture', `${dir}/${stem}.prof`, `more than ${MAX_SUFFIX} captures in one second`),
  );
}

/**
 * Writes `bytes` to a new temporary file in `absoluteDir` (created if need be). A retention sweep
 * may remove the folder between mkdir and open when it was empty: then the folder is made again.
 */
async function writeTemporary(absoluteDir: string, stem: string, bytes: Uint8Array, file: string): Promise<string> {
  const temporary = path.join(absoluteDir, `${stem}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`);
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(absoluteDir, { recursive: true });
      await writeNewFile(temporary, bytes);
      return temporary;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT' && attempt < 3) continue;
      throw new CaptureStoreError('store capture', file, fsReason(error), { cause: error });
    }
  }
}

/**
 * Creates `absolute` (never an existing file) with `data`, flushed to the disk before it is given
 * its final name, so that name never holds less than the whole file, even after a power cut. A
 * failed write removes what it wrote.
 */
export async function writeNewFile(absolute: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(absolute, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(absolute, { force: true });
    throw error;
  }
  await handle.close();
}

/** Gives the written profile its final name; false when the name is taken (EEXIST). */
async function linkExclusive(temporary: string, absolute: string, file: string): Promise<boolean> {
  try {
    await link(temporary, absolute);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw await discard([temporary], new CaptureStoreError('store capture', file, fsReason(error), { cause: error }));
  }
}

/**
 * Removes what a failed save wrote (a profile without its sidecar, a temporary file), so a failed
 * request leaves nothing behind; returns the error to throw, which says so if even that failed.
 */
export async function discard(absolutes: readonly string[], failure: CaptureStoreError): Promise<CaptureStoreError> {
  try {
    for (const absolute of absolutes) await rm(absolute, { force: true });
    return failure;
  } catch (error) {
    return new CaptureStoreError(
      'store capture',
      absolutes.join(', '),
      `${failure.message}; removing the partial file failed too: ${fsReason(error)}`,
      { cause: failure },
    );
  }
}

/** Writes the sidecar through a temporary name, so a lister never reads half of one. */
export async function writeSidecar(absolute: string, record: CaptureRecord, file: string): Promise<void> {
  const temporary = `${absolute}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`;
  try {
    await writeNewFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temporary, absolute);
  } catch (error) {
    throw await discard(
      [temporary],
      new CaptureStoreError('store capture sidecar', file.replace(/\.prof$/, '.json'), fsReason(error), {
        cause: error,
      }),
    );
  }
}

export interface ListCapturesOptions {
  /** Told about each sidecar that cannot be read or parsed (it is skipped, not deleted). */
  readonly onProblem?: (error: CaptureStoreError) => void;
}

/** Every capture under the data root with a readable sidecar, oldest first. */
export async function listCaptures(dataRoot: string, options: ListCapturesOptions = {}): Promise<CaptureRecord[]> {
  return (await listCapturesWithFolders(dataRoot, options)).records;
}

/** listCaptures, and the folders it read (the captures root first): what a cached listing watches. */
export async function listCapturesWithFolders(
  dataRoot: string,
  options: ListCapturesOptions = {},
): Promise<{ records: CaptureRecord[]; folders: string[] }> {
  const root = path.resolve(dataRoot, CAPTURES_DIR);
  const records: CaptureRecord[] = [];
  const folders: string[] = [];
  for (const sidecar of await findSidecars(root, folders)) {
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
  records.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.file.localeCompare(b.file));
  return { records, folders };
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

/** The sidecar of `file` (a stored `.prof`, relative to the data root), parsed; its `file` must be `file`. */
export async function readCaptureRecord(dataRoot: string, file: string): Promise<CaptureRecord> {
  // A bundle's `file` is its sidecar itself.
  const sidecar = resolveCaptureFile(dataRoot, file.replace(/\.prof$/, '.json'));
  let record: CaptureRecord;
  try {
    record = parseCaptureRecord(await readFile(sidecar, 'utf8'));
  } catch (error) {
    const reason = (error as { code?: unknown }).code === undefined ? describeRecordError(error) : fsReason(error);
    throw new CaptureStoreError('read capture sidecar', file, reason, { cause: error });
  }
  if (record.file !== file) throw new CaptureStoreError('read capture sidecar', file, `it is ${record.file}'s`);
  return record;
}

/**
 * Sidecars lie at most three folders down (pod, stamp); a missing root means no captures yet. Each
 * folder read is added to `folders` (the root even when missing: its creation is a change too).
 */
async function findSidecars(root: string, folders: string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    folders.push(dir);
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
