import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GoRegexpSyntaxError, compileGoRegexp } from './go-regexp.js';

describe('Go regular expressions', () => {
  // [pattern, input, what Go 1.19's regexp.MatchString returns]
  const cases: [string, string, boolean][] = [
    ['(?i)sortkeys', 'main.sortKeys', true],
    ['sortkeys', 'main.sortKeys', false],
    ['main\\.(?i:SORT)Keys', 'main.sortKeys', true],
    ['^main\\.', 'main.sortKeys', true],
    ['^sortKeys', 'main.sortKeys', false],
    ['Keys$', 'main.sortKeys', true],
    ['\\Amain', 'main.x', true],
    ['a.b', 'a\nb', false],
    ['(?s)a.b', 'a\nb', true],
    ['(?m)^b', 'a\nb', true],
    ['^b', 'a\nb', false],
    ['[[:upper:]]+\\)', 'main.(*Builder)', false],
    ['[[:^alpha:]]', 'abc', false],
    ['\\Q(*Builder)\\E', 'strings.(*Builder).grow', true],
    ['(?P<pkg>\\w+)\\.', 'main.x', true],
    ['\\s', '\u00a0', false],
    ['[]a]', ']', true],
    ['x{2}', 'xx', true],
    ['a{,2}', 'a{,2}', true],
    ['(?U)a+', 'aaa', true],
    ['[a-c]', 'B', false],
    ['(?i)[a-c]', 'B', true],
    ['\\x41', 'A', true],
    ['\\101', 'A', true],
    ['runtime\\..*', 'runtime.gopark', true],
    ['\\.', 'a', false],
    ['^(runtime\\.mallocgc|runtime\\.newobject)$', 'runtime.newobject', true],
    ['a|(?i)B', 'b', true],
  ];
  for (const [pattern, input, expected] of cases) {
    it(`${pattern} on ${JSON.stringify(input)}`, () => {
      assert.equal(compileGoRegexp(pattern).test(input), expected);
    });
  }

  it('rejects what Go rejects, naming the pattern', () => {
    for (const bad of ['(?=a)', '\\1', 'a**', '(', '[z-a]', '\\y', '(?<n>a)']) {
      assert.throws(
        () => compileGoRegexp(bad),
        (error: Error) => error instanceof GoRegexpSyntaxError && error.message.includes(JSON.stringify(bad)),
        bad,
      );
    }
  });
});
