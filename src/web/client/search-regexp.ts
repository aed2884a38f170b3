// The searches the browser answers itself (the offline report's, the Goroutines view's) with the
// server's rules for `q`: Go's regexp syntax and semantics (case-sensitive unless `(?i)`), linear
// in the text (re2js, through query/), and the server's error text for a pattern Go refuses.

import { GoProfilerError } from '../../errors/index.js';
import { compileGoRegexp, GoRegexpSyntaxError, type GoRegexp } from './query-options.js';

export type { GoRegexp };

/** A search pattern Go would not compile; the message is the server's for `q` (`search "(": error parsing regexp: …`). */
export class SearchPatternError extends GoProfilerError {
  override readonly name = 'SearchPatternError';
  readonly key = 'q';
  constructor(
    readonly pattern: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`search ${JSON.stringify(pattern)}`, reason, options);
  }
}

/** Compiles a search as the server compiles `q`; throws SearchPatternError for what Go 1.19 refuses. */
export function compileSearch(pattern: string): GoRegexp {
  try {
    return compileGoRegexp(pattern);
  } catch (error) {
    if (error instanceof GoRegexpSyntaxError) throw new SearchPatternError(pattern, error.reason, { cause: error });
    throw error;
  }
}
