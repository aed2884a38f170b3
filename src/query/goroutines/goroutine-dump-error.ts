// The analyser's typed error: a dump that is not Go's `debug=2` text, naming the line at fault.

import { GoProfilerError } from '../../errors/index.js';

/** The text is not a goroutine dump (`/debug/pprof/goroutine?debug=2`); `line` is 1-based, 0 when no line is at fault. */
export class GoroutineDumpError extends GoProfilerError {
  override readonly name = 'GoroutineDumpError';
  constructor(
    readonly source: string,
    readonly line: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`parse goroutine dump ${source}`, line > 0 ? `line ${line}: ${reason}` : reason, options);
  }
}
