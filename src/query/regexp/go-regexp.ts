// Compiles the regular expressions of URLs and flags (pprof's -focus, -ignore, ..., the viewer's
// search) with Go's RE2 syntax and semantics, matching in time linear in the text: re2js, a port
// of Go's regexp package, never backtracks, so no pattern can stall a query. The rest of the code
// sees only `GoRegexp` and `GoRegexpSyntaxError`, never re2js.

import type { RE2JS } from 're2js';
import { QueryOptionError } from '../errors/query-option-error.js';
import { GoRegexpSyntaxError, parseGoRegexp } from './parse-go-regexp.js';

export { GoRegexpSyntaxError };

/** A compiled Go regexp. `test` is Go's MatchString: unanchored, true when any part matches. */
export interface GoRegexp {
  readonly pattern: string;
  /** How `test` runs: re2js's DFA, or (for class-heavy programs, see below) its NFA. */
  readonly engine: 'dfa' | 'nfa';
  test(text: string): boolean;
}

/**
 * Above this many runes in the program's character classes, re2js's DFA spends seconds building
 * its rune classes before the first match (`\pL{1000}` repeated 1000 times: 1.4 G runes, 11 s for
 * the first test); its NFA skips that step and stays linear in the text.
 */
const DFA_CLASS_RUNE_LIMIT = 4_194_304; // 2^22

function classRuneCount(compiled: RE2JS): number {
  // re2js types its program as `any`: the instructions' `runes` are its own (pinned ~2.10).
  const program = compiled.re2().prog as { numInst(): number; getInst(pc: number): { runes?: ArrayLike<number> } };
  let count = 0;
  for (let pc = 0; pc < program.numInst() && count <= DFA_CLASS_RUNE_LIMIT; pc++) {
    count += program.getInst(pc).runes?.length ?? 0;
  }
  return count;
}

function goRegexpOf(pattern: string, compiled: RE2JS): GoRegexp {
  if (classRuneCount(compiled) > DFA_CLASS_RUNE_LIMIT) {
    // A Matcher asks for the match's bounds, which re2js finds with its NFA (or bounded backtracker), never the DFA.
    return { pattern, engine: 'nfa', test: (text) => compiled.matcher(text).find() };
  }
  return { pattern, engine: 'dfa', test: (text) => compiled.test(text) };
}

/**
 * Recently compiled patterns: a query compiles its options more than once, and re2js's DFA keeps
 * its states per pattern (at most 8 MB each, hence a short list).
 */
const cache = new Map<string, GoRegexp>();
const CACHE_SIZE = 16;

/** Compiles a Go regular expression; throws GoRegexpSyntaxError (Go's text) for what Go 1.19 rejects. */
export function compileGoRegexp(pattern: string): GoRegexp {
  let compiled = cache.get(pattern);
  if (compiled !== undefined) {
    // Most recently used last, so the oldest goes first.
    cache.delete(pattern);
  } else {
    compiled = goRegexpOf(pattern, parseGoRegexp(pattern));
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(pattern, compiled);
  return compiled;
}

/** Compiles the Go regexp of a query option; a bad one is a QueryOptionError naming the option. */
export function compileOptionRegexp(option: string, pattern: string): GoRegexp {
  try {
    return compileGoRegexp(pattern);
  } catch (error) {
    if (error instanceof GoRegexpSyntaxError) throw new QueryOptionError(option, error.message, { cause: error });
    throw error;
  }
}

/** `regexp.test` remembering each text's answer: for names that repeat (per line, per sample). */
export function memoizeTest(regexp: GoRegexp): (text: string) => boolean {
  const answers = new Map<string, boolean>();
  return (text) => {
    let matched = answers.get(text);
    if (matched === undefined) {
      matched = regexp.test(text);
      answers.set(text, matched);
    }
    return matched;
  };
}
