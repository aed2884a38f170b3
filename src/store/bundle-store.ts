// Stores a capture of several files under one sidecar (issue 10): a bundle's profiles
// (`<stem>.<profile>.prof`), the goroutine dump beside (`<stem>.goroutine.debug2.txt`), and the
// sidecar `<stem>.json`, whose `file` is itself. The sidecar's name is claimed first (exclusive
// create, so a name taken in the same second gets `-2`...), the files are written, and the sidecar
// is written last over its claim: a kill in between leaves files the sweeper's leftover rules find.

import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { buildCapturePath, type CapturePathParts } from './capture-path.js';
import type { CaptureRecord } from './capture-record.js';
import { CaptureStoreError, discard, writeNewFile, writeSidecar } from './capture-store.js';
import { fsReason } from './fs-reason.js';

const MAX_SUFFIX = 1000;

export interface BundleFile {
  /** What follows the stem: `cpu.prof`, `goroutine.debug2.txt`. */
  readonly suffix: string;
  readonly data: Uint8Array | string;
}

export interface SaveBundleInput {
  readonly path: CapturePathParts;
  readonly files: readonly BundleFile[];
  /**
   * The sidecar's facts but `file` and `bytes`, given each file's stored path (relative to the data
   * root) by its suffix, since the stem is known only once its name is claimed.
   */
  readonly record: (fileOf: (suffix: string) => string) => Omit<CaptureRecord, 'version' | 'file' | 'bytes'>;
}

/** Writes the files and the sidecar; returns the sidecar's record (its `file` is the sidecar's path). */
export async function saveBundle(dataRoot: string, input: SaveBundleInput): Promise<CaptureRecord> {
  const { dir, stem } = buildCapturePath(input.path);
  const absoluteDir = path.resolve(dataRoot, dir);
  const name = await claimSidecar(absoluteDir, dir, stem);
  const sidecar = `${dir}/${name}.json`;
  const written = [path.join(absoluteDir, `${name}.json`)];
  try {
    for (const file of input.files) {
      const absolute = path.join(absoluteDir, `${name}.${file.suffix}`);
      await writeNewFile(absolute, file.data);
      written.push(absolute);
    }
    const bytes = input.files.reduce((sum, file) => sum + Buffer.byteLength(file.data), 0);
    const fileOf = (suffix: string) => `${dir}/${name}.${suffix}`;
    const record: CaptureRecord = { version: 1, file: sidecar, bytes, ...input.record(fileOf) };
    await writeSidecar(written[0]!, record, sidecar);
    return record;
  } catch (error) {
    const failure =
      error instanceof CaptureStoreError
        ? error
        : new CaptureStoreError('store bundle', sidecar, fsReason(error), { cause: error });
    throw await discard(written, failure);
  }
}

/** Creates the sidecar's name empty (never an existing one); returns the stem it got. */
async function claimSidecar(absoluteDir: string, dir: string, stem: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(absoluteDir, { recursive: true });
      break;
    } catch (error) {
      if (attempt < 3) continue;
      throw new CaptureStoreError('store bundle', `${dir}/${stem}.json`, fsReason(error), { cause: error });
    }
  }
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    try {
      await (await open(path.join(absoluteDir, `${name}.json`), 'wx')).close();
      return name;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST') continue;
      throw new CaptureStoreError('store bundle', `${dir}/${name}.json`, fsReason(error), { cause: error });
    }
  }
  throw new CaptureStoreError('store bundle', `${dir}/${stem}.json`, `more than ${MAX_SUFFIX} captures in one second`);
}
