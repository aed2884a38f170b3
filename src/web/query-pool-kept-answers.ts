// The answers of a pooled session that a page load asks for, kept in the processor's thread: its
// summary (every page asks for it first; the worker sends it unasked once the session is served) and
// its first flame graph view (built in the worker right after decoding, kept once asked: the
// viewer's warm-up asks for it on listen). A page load then asks nothing of a worker busy with
// other sessions' queries. The flame graph's bytes (0.1–1.9 MB on the medium fixtures, a copy of
// the worker's cache) are kept for the first page only: a hundred idle-but-live sessions must not
// hold a hundred copies here.

import { isFirstFlameView } from './flame-graph-prebuild.js';
import type { QueryCalls, QueryMethod } from './query-pool-messages.js';

/** The summary is kept for good (small); the first flame view until one request has had it, or the profile is dropped. */
export type KeptAnswer = 'summary' | 'first flame view';

export type KeptAnswers = Map<KeptAnswer, Promise<unknown>>;

/** Which kept answer a query asks for, if any. */
export function keptAnswerOf(method: QueryMethod, args: readonly unknown[], asJson: boolean): KeptAnswer | undefined {
  if (asJson) return undefined;
  if (method === 'summary') return 'summary';
  const [options, zoom, variant] = args as QueryCalls['flameGraph'];
  return method === 'flameGraph' && isFirstFlameView(options, zoom, variant) ? 'first flame view' : undefined;
}

/** The kept answer, or `ask`'s, kept from now on unless it fails (the next request asks again). */
export function keptAnswer(
  kept: KeptAnswers,
  which: KeptAnswer,
  ask: () => Promise<unknown>,
): { readonly answer: Promise<unknown>; readonly hit: boolean } {
  const answered = kept.get(which);
  if (answered !== undefined) {
    if (which === 'first flame view') kept.delete(which);
    return { answer: answered, hit: true };
  }
  const answer = ask();
  kept.set(which, answer);
  answer.catch(() => {
    if (kept.get(which) === answer) kept.delete(which);
  });
  return { answer, hit: false };
}
