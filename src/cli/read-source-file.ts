// The CLI's source reader for `go-profiler list`: any path, as `go tool pprof -list` opens it on the
// user's own machine, with Go's words for the failures pprof prints.

import { readFileSync } from 'node:fs';
import type { SourceFileText } from '../query/index.js';

/** Go's texts (syscall.Errno.Error) for the errors opening a file meets. */
const GO_ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

export function readSourceFileFromDisk(file: string): SourceFileText {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    // Go opens a directory fine and then reads nothing from it: pprof shows no lines and no error.
    if (code === 'EISDIR') return { text: '' };
    return { error: GO_ERRNO_TEXT[code] ?? (error as Error).message };
  }
}
