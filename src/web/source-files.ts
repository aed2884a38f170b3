// The source files a viewer may show (`go-profiler view --source-path DIRS`): pprof's lookup, but a
// file is read only when its real path (symbolic links resolved) lies under one of the given
// directories, is a regular file and at most 4 MiB. A profile names whatever paths its producer
// wrote, so without this check a crafted profile could make the viewer show any file it can read.

import { GoProfilerError } from '../errors/index.js';
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { splitPathList, type ReadSourceFile, type SourceFileText, type SourceLookup } from '../query/index.js';

/** The lookup (pprof's -source_path/-trim_path) and the guarded reader the Source view uses. */
export interface SourceFiles {
  readonly lookup: SourceLookup;
  readonly read: ReadSourceFile;
}

/** Larger files are refused: a source file is rarely above a few hundred kB. */
export const MAX_SOURCE_FILE_BYTES = 4 * 1024 * 1024;
/** Files kept in memory after a read (the view model cache holds the lines it shows). */
const CACHED_FILES = 8;

/** A --source-path that cannot be used: a directory that does not exist, or is not a directory. */
export class SourcePathError extends GoProfilerError {
  override readonly name = 'SourcePathError';
  constructor(directory: string, reason: string, options?: { cause?: unknown }) {
    super(`read source path ${directory}`, reason, options);
  }
}

/**
 * The sources under `sourcePath` (':'-separated directories, relative ones to `cwd`), checked now so
 * that a typo fails at start-up. Files are read when a Source view asks, synchronously (the engine
 * is synchronous; a local source file takes well under a millisecond), and the last few are cached.
 */
export function sourceFilesUnder(sourcePath: string, trimPath: string, cwd = process.cwd()): SourceFiles {
  const roots = splitPathList(sourcePath).map((directory) => {
    let real: string;
    try {
      real = realpathSync(path.resolve(cwd, directory));
    } catch (error) {
      throw new SourcePathError(directory, (error as Error).message, { cause: error });
    }
    if (!statSync(real).isDirectory()) throw new SourcePathError(directory, 'not a directory');
    return real;
  });
  if (roots.length === 0) throw new SourcePathError('""', 'no directory given');
  const cache = new Map<string, SourceFileText>();
  const read = (file: string): SourceFileText => {
    const absolute = path.resolve(cwd, file);
    const cached = cache.get(absolute);
    if (cached !== undefined) {
      cache.delete(absolute);
      cache.set(absolute, cached);
      return cached;
    }
    const result = readUnder(roots, absolute);
    // Only found files are kept: a file created later is then found on the next request.
    if ('text' in result) {
      cache.set(absolute, result);
      if (cache.size > CACHED_FILES) cache.delete(cache.keys().next().value!);
    }
    return result;
  };
  return { lookup: { sourcePath, trimPath }, read };
}

function isUnder(root: string, file: string): boolean {
  return file.startsWith(root.endsWith('/') ? root : `${root}/`);
}

function readUnder(roots: readonly string[], absolute: string): SourceFileText {
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    return { error: 'no such file or directory' };
  }
  // Outside every root the file is "not there" for this viewer: pprof then tries its next candidate.
  if (!roots.some((root) => isUnder(root, real))) return { error: 'not under --source-path' };
  let fd: number;
  try {
    fd = openSync(real, 'r');
  } catch (error) {
    return { error: (error as Error).message };
  }
  try {
    // A directory swapped for a link between realpath and open would lead elsewhere: on Linux the
    // opened file's own path is checked again.
    const opened = `/proc/self/fd/${fd}`;
    if (existsSync(opened) && !roots.some((root) => isUnder(root, readlinkSync(opened))))
      return { error: 'not under --source-path' };
    // The type and size of the opened file, not of whatever the path names now.
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { error: 'not a regular file' };
    if (stats.size > MAX_SOURCE_FILE_BYTES) return { error: `larger than ${MAX_SOURCE_FILE_BYTES} bytes` };
    return { text: readFileSync(fd, 'utf8') };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    closeSync(fd);
  }
}
