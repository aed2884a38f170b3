// Reads the folders that hold captures (`profilers/go/pprof/[<pod>/]<stamp>/`) for the sweeps:
// each folder's regular files with their sizes. Symbolic links are neither followed nor listed,
// and a captures folder that is itself reached through a link is refused, so no sweep can reach
// a file outside the data root's captures folder.

import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { CAPTURES_DIR } from './capture-path.js';
import { CaptureStoreError } from './capture-store-error.js';
import { fsReason } from './fs-reason.js';

export interface CaptureFolder {
  /** Relative to the data root, with `/` separators (`profilers/go/pprof/20261125093000`). */
  readonly dir: string;
  readonly absolute: string;
  /** Regular files only: name → size in bytes. */
  readonly files: ReadonlyMap<string, number>;
  /** Nesting under the captures folder: 0 for itself, 1 for a stamp or pod folder, 2 below a pod. */
  readonly depth: number;
}

/**
 * Every folder under the captures folder (itself included), deepest first, so emptied folders
 * can be removed in order. A missing captures folder means none. Folders or files that vanish
 * while being read (another sweep, a capture) are skipped.
 */
export async function readCaptureFolders(dataRoot: string): Promise<CaptureFolder[]> {
  const root = path.resolve(dataRoot, CAPTURES_DIR);
  if (!(await isRealFolder(dataRoot, root))) return [];
  const folders: CaptureFolder[] = [];
  const relative = (absolute: string) => path.relative(path.resolve(dataRoot), absolute).split(path.sep).join('/');
  const visit = async (absolute: string, depth: number): Promise<void> => {
    const entries = await readEntries(absolute, relative(absolute));
    if (entries === undefined) return;
    const files = new Map<string, number>();
    for (const entry of entries) {
      const child = path.join(absolute, entry.name);
      if (entry.isDirectory() && depth < 2) await visit(child, depth + 1);
      else if (entry.isFile()) {
        const size = await sizeOf(child, relative(child));
        if (size !== undefined) files.set(entry.name, size);
      }
    }
    folders.push({ dir: relative(absolute), absolute, files, depth });
  };
  await visit(root, 0);
  return folders;
}

/** False when the captures folder does not exist; throws when it is reached through a link. */
async function isRealFolder(dataRoot: string, root: string): Promise<boolean> {
  let real: string;
  try {
    real = await realpath(root);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return false;
    throw new CaptureStoreError('sweep captures', CAPTURES_DIR, fsReason(error), { cause: error });
  }
  const expected = path.join(await realpath(dataRoot), CAPTURES_DIR);
  if (real !== expected) {
    throw new CaptureStoreError('sweep captures', CAPTURES_DIR, 'it leads out of the data root through a link');
  }
  return true;
}

async function readEntries(absolute: string, dir: string): Promise<Dirent[] | undefined> {
  try {
    return await readdir(absolute, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new CaptureStoreError('sweep captures', dir, fsReason(error), { cause: error });
  }
}

async function sizeOf(absolute: string, file: string): Promise<number | undefined> {
  try {
    return (await lstat(absolute)).size;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new CaptureStoreError('sweep captures', file, fsReason(error), { cause: error });
  }
}

/**
 * Bytes of every regular file under the captures folder (profiles, sidecars and what interrupted
 * writes left): what the data root's captures take on disk. It reads the whole tree: callers keep
 * the result rather than measure on every question.
 */
export async function measureCaptureBytes(dataRoot: string): Promise<number> {
  let bytes = 0;
  for (const folder of await readCaptureFolders(dataRoot)) for (const size of folder.files.values()) bytes += size;
  return bytes;
}
