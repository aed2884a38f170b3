// Where pprof looks for a source file a profile names (internal/report/source.go's trimPath and
// openSourceFile, with Go's path/filepath rules on a Unix system), as pure path arithmetic: the
// caller tries the candidates on its own file system, or refuses them.

import { baseName, cleanPath } from '../go/clean-path.js';

/** pprof's -source_path and -trim_path: lists separated by ':' (filepath.ListSeparator on Unix). */
export interface SourceLookup {
  /** Directories searched for relative names; pprof's default is the working directory. */
  readonly sourcePath: string;
  /** Prefixes cut from the names first; "" lets pprof guess from the source path's base names. */
  readonly trimPath: string;
}

/** Go's filepath.SplitList: "" is no element at all, otherwise every ':'-separated part (empty ones too). */
export function splitPathList(list: string): string[] {
  return list === '' ? [] : list.split(':');
}

/** Go's filepath.Join: the non-empty elements joined by '/', cleaned; "" when all are empty. */
function joinPath(...elements: string[]): string {
  const kept = elements.filter((element) => element !== '');
  return kept.length === 0 ? '' : cleanPath(kept.join('/'));
}

/** Go's filepath.Dir: everything before the last '/', cleaned ("." when there is no '/'). */
function parentPath(name: string): string {
  return cleanPath(name.slice(0, name.lastIndexOf('/') + 1));
}

/**
 * pprof's trimPath: without a trim path, the part after the first `/<base of a search dir>/`
 * ("/build/x/gotarget/main.go" with source path ".../gotarget" is "main.go"); then the configured
 * prefixes and /proc/self/cwd/ are cut. pprof applies it to every function's file name before a
 * report (what -list's ROUTINE lines print), and once more to look a file up.
 */
export function trimSourcePath(file: string, lookup: SourceLookup): string {
  if (lookup.trimPath === '') {
    for (const dir of splitPathList(lookup.sourcePath)) {
      const want = `/${baseName(dir)}/`;
      const found = file.indexOf(want);
      if (found !== -1) return file.slice(found + want.length);
    }
  }
  for (let prefix of [...splitPathList(lookup.trimPath), '/proc/self/cwd/./', '/proc/self/cwd/']) {
    if (!prefix.endsWith('/')) prefix += '/';
    if (file.startsWith(prefix)) return file.slice(prefix.length);
  }
  return file;
}

/**
 * The paths pprof's openSourceFile tries, in order, for a (report) file name: the trimmed name if it
 * is absolute, else the name under each search directory and under each of its parents.
 */
export function sourceFileCandidates(file: string, lookup: SourceLookup): string[] {
  const trimmed = trimSourcePath(file, lookup);
  if (trimmed.startsWith('/')) return [trimmed];
  const candidates: string[] = [];
  for (let dir of splitPathList(lookup.sourcePath)) {
    for (;;) {
      candidates.push(joinPath(dir, trimmed));
      const parent = parentPath(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return candidates;
}

/** pprof's error when no candidate opens, or the open error of an absolute name. */
export function sourceNotFoundMessage(file: string, lookup: SourceLookup): string {
  return `could not find file ${trimSourcePath(file, lookup)} on path ${lookup.sourcePath}`;
}
