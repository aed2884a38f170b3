// The records of live viewer sessions under `<dataRoot>/go-profiler/sessions/`, one JSON file per
// session, so a restarted processor serves them again (SPEC §6). Beside `profilers/`, so capture
// listings, retention and `--max-data-bytes` never meet them. A record holds the viewer's token:
// it is created 0600, under a temporary name, flushed and renamed, so a kill leaves the old record
// or the new one, never half of one. Records are read back as hostile input: each is parsed with a
// schema, and its capture must lie inside the data root's captures folder.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { resolveCaptureFile } from './capture-path.js';
import { describeRecordError } from './capture-record.js';
import { CaptureStoreError } from './capture-store-error.js';
import { TEMPORARY_SUFFIX } from './capture-store.js';
import { fsReason } from './fs-reason.js';

/** The records' folder, relative to the data root. */
export const SESSIONS_DIR = 'go-profiler/sessions';

/** A record is a few hundred bytes; a larger file is not one of ours and is not read whole. */
const MAX_RECORD_BYTES = 16 * 1024;

const IsoDate = v.pipe(v.string(), v.isoTimestamp());
const Positive = v.pipe(v.number(), v.integer(), v.minValue(1));

const SessionRecordSchema = v.strictObject({
  version: v.literal(1),
  /** The capture's `.prof`, relative to the data root (as its sidecar's `file`). */
  file: v.string(),
  /** The viewer's port: the restarted viewer asks for it first. */
  port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)),
  openedAt: IsoDate,
  /** The original expiry: a restored session closes then, not later. */
  expiresAt: IsoDate,
  /** `--viewer-auth token`'s token (128 bits, hex); absent when the viewer asked for none. */
  token: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/))),
  /** The caps the profile was decoded with (SPEC §5), so the restored viewer shows the same profile. */
  decode: v.strictObject({ maxDecompressedBytes: Positive, maxStackDepth: Positive }),
});

export type SessionRecord = v.InferOutput<typeof SessionRecordSchema>;

/** One record file read back: its record, or why it cannot be one. */
export type StoredSessionRecord =
  { readonly name: string; readonly record: SessionRecord } | { readonly name: string; readonly problem: string };

/** Writes, reads and deletes session records; names are file names inside SESSIONS_DIR. */
export class SessionRecords {
  readonly #dataRoot: string;
  readonly #dir: string;

  constructor(dataRoot: string) {
    this.#dataRoot = path.resolve(dataRoot);
    this.#dir = path.join(this.#dataRoot, SESSIONS_DIR);
  }

  /** Writes a new record and returns its name; its capture must lie inside the captures folder. */
  async create(record: SessionRecord): Promise<string> {
    const name = `${randomBytes(8).toString('hex')}.json`;
    await this.replace(name, record);
    return name;
  }

  /** Writes `record` under `name`, replacing what was there in one rename. */
  async replace(name: string, record: SessionRecord): Promise<void> {
    resolveCaptureFile(this.#dataRoot, record.file);
    const target = this.#pathOf(name);
    const temporary = `${target}.${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`;
    try {
      await mkdir(this.#dir, { recursive: true, mode: 0o700 });
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new CaptureStoreError('write session record', `${SESSIONS_DIR}/${name}`, fsReason(error), {
        cause: error,
      });
    }
  }

  /** Deletes a record; one already gone is no error. */
  async remove(name: string): Promise<void> {
    try {
      await rm(this.#pathOf(name), { force: true });
    } catch (error) {
      throw new CaptureStoreError('delete session record', `${SESSIONS_DIR}/${name}`, fsReason(error), {
        cause: error,
      });
    }
  }

  /**
   * Every record file, parsed, and deletes the temporary files an interrupted write left. A
   * missing folder means no records; a folder reached through a link is refused (its records
   * could name anything).
   */
  async readAll(): Promise<StoredSessionRecord[]> {
    if (!(await this.#isRealFolder())) return [];
    let entries;
    try {
      entries = await readdir(this.#dir, { withFileTypes: true });
    } catch (error) {
      throw new CaptureStoreError('list session records', SESSIONS_DIR, fsReason(error), { cause: error });
    }
    const stored: StoredSessionRecord[] = [];
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.endsWith(TEMPORARY_SUFFIX)) await this.remove(entry.name);
      else stored.push(await this.#read(entry.name, entry.isFile()));
    }
    return stored;
  }

  async #read(name: string, isFile: boolean): Promise<StoredSessionRecord> {
    if (!isFile) return { name, problem: 'not a regular file' };
    if (!name.endsWith('.json')) return { name, problem: 'not a .json record' };
    const read = await readRecordText(this.#pathOf(name));
    if ('problem' in read) return { name, problem: read.problem };
    let record: SessionRecord;
    try {
      record = v.parse(SessionRecordSchema, JSON.parse(read.text));
    } catch (error) {
      return { name, problem: error instanceof SyntaxError ? 'not JSON' : describeRecordError(error) };
    }
    try {
      resolveCaptureFile(this.#dataRoot, record.file);
    } catch (error) {
      return { name, problem: (error as Error).message };
    }
    return { name, record };
  }

  async #isRealFolder(): Promise<boolean> {
    try {
      if ((await realpath(this.#dir)) === path.join(await realpath(this.#dataRoot), SESSIONS_DIR)) return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return false;
      throw new CaptureStoreError('list session records', SESSIONS_DIR, fsReason(error), { cause: error });
    }
    throw new CaptureStoreError('list session records', SESSIONS_DIR, 'it leads out of the data root through a link');
  }

  /** The record's path; a name is only ever a file name of ours or one read from the folder. */
  #pathOf(name: string): string {
    if (name !== path.basename(name) || name === '.' || name === '..') {
      throw new CaptureStoreError('resolve session record', name, 'not a file name');
    }
    return path.join(this.#dir, name);
  }
}

/**
 * The record's text, or why it cannot be read: never following a link, never blocking on a FIFO,
 * never reading more than MAX_RECORD_BYTES.
 */
async function readRecordText(absolute: string): Promise<{ text: string } | { problem: string }> {
  let handle;
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return { problem: (error as { code?: unknown }).code === 'ELOOP' ? 'a symbolic link' : fsReason(error) };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { problem: 'not a regular file' };
    if (stats.size > MAX_RECORD_BYTES) return { problem: `larger than ${MAX_RECORD_BYTES} bytes` };
    const buffer = Buffer.alloc(stats.size);
    const { bytesRead } = await handle.read(buffer, 0, stats.size, 0);
    return { text: buffer.subarray(0, bytesRead).toString('utf8') };
  } catch (error) {
    return { problem: fsReason(error) };
  } finally {
    await handle.close();
  }
}
