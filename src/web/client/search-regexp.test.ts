import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRegexpParameter } from '../viewer-errors.js';
import { compileSearch, SearchPatternError } from './search-regexp.js';

/** What compileSearch throws for `pattern` (it must throw). */
function refusalOf(pattern: string): SearchPatternError {
  try {
    compileSearch(pattern);
  } catch (error) {
    assert.ok(error instanceof SearchPatternError, String(error));
    return error;
  }
  assert.fail(`${pattern} compiled`);
}

/** The server's refusal of `q=pattern` (viewer-queries.ts compiles q so). */
function serverRefusalOf(pattern: string): string {
  try {
    compileRegexpParameter('q', 'search', pattern);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail(`the server compiled ${pattern}`);
}

describe("compileSearch: the in-page searches with the server's Go regexps", () => {
  it("takes Go's syntax that JavaScript refuses or reads otherwise", () => {
    const cases: [string, string, boolean][] = [
      ['(?i)ALLOC', 'runtime.mallocgc', true],
      ['ALLOC', 'runtime.mallocgc', false],
      ['(?i)alloc', 'main.allocIndex', true],
      ['^\\pL+\\.', 'main.run', true],
      ['^\\pL+$', 'main.run', false],
      ['^[[:alpha:]]+$', 'main', true],
      ['^[[:alpha:]]+$', 'main2', false],
      ['main\\z', 'x.main', true],
      ['main\\z', 'main\n', false],
      ['(?s)a.b', 'a\nb', true],
      ['a.b', 'a\nb', false],
      // JavaScript refuses (?U) ("Invalid group"); Go makes a* lazy, anchored here so the answer is the same.
      ['(?U)^a*$', 'aaa', true],
      ['\\Q(*T).run\\E', 'main.(*T).run', true],
      ['\\Q(*T).run\\E', 'main.T.run', false],
    ];
    for (const [pattern, text, matched] of cases) {
      assert.equal(compileSearch(pattern).test(text), matched, `${pattern} on ${JSON.stringify(text)}`);
    }
  });

  it("refuses what Go 1.19 refuses, with the server's message for q, naming the pattern", () => {
    const cases: [string, string][] = [
      ['(', 'search "(": error parsing regexp: missing closing ): `(`'],
      ['(*T)', 'search "(*T)": error parsing regexp: missing argument to repetition operator: `*`'],
      ['x**', 'search "x**": error parsing regexp: invalid nested repetition operator: `**`'],
      ['(?<n>a)', 'search "(?<n>a)": error parsing regexp: invalid or unsupported Perl syntax: `(?<`'],
      ['\\p{Kawi}', 'search "\\\\p{Kawi}": error parsing regexp: invalid character class range: `\\p{Kawi}`'],
      ['a\\', 'search "a\\\\": error parsing regexp: trailing backslash at end of expression: ``'],
    ];
    for (const [pattern, message] of cases) {
      const refusal = refusalOf(pattern);
      assert.equal(refusal.message, message);
      assert.equal(refusal.message, serverRefusalOf(pattern));
      assert.equal(refusal.name, 'SearchPatternError');
      assert.equal(refusal.pattern, pattern);
    }
  });

  it('answers patterns that stall a backtracking engine on long names, as Go does', () => {
    // test/support/evil-regexps.ts's cases (which this folder's tests may not import) in short.
    const cases: [string, string, boolean][] = [
      ['(.+)+QQQ', 'a'.repeat(100_000), false],
      ['(a*)*b', `main.${'ab'.repeat(40_000)}`, true],
      ['(x+x+)+y', 'x'.repeat(100_000), false],
      ['(a|a)*c', `${'a'.repeat(50_000)}c`, true],
      ['^(a+)+$', `${'a'.repeat(50_000)}c`, false],
    ];
    for (const [pattern, text, matched] of cases) assert.equal(compileSearch(pattern).test(text), matched, pattern);
  });
});
