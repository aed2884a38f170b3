import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixturePath } from '../../../test/support/fixtures.js';
import { GoRegexpSyntaxError } from './parse-go-regexp.js';
import { compileGoRegexp, compileOptionRegexp } from './go-regexp.js';
import { QueryOptionError } from '../errors/query-option-error.js';

const run = promisify(execFile);

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
    ['(?P<n>a)(?P<n>b)', 'ab', true],
    ['\\s', '\u00a0', false],
    ['[]a]', ']', true],
    ['x{2}', 'xx', true],
    ['a{,2}', 'a{,2}', true],
    ['(?U)a+', 'aaa', true],
    ['[a-c]', 'B', false],
    ['(?i)[a-c]', 'B', true],
    ['(?i)k', '\u212a', true],
    ['\\x41', 'A', true],
    ['\\101', 'A', true],
    ['runtime\\..*', 'runtime.gopark', true],
    ['\\.', 'a', false],
    ['^(runtime\\.mallocgc|runtime\\.newobject)$', 'runtime.newobject', true],
    ['a|(?i)B', 'b', true],
    ['\\pL', 'é', true],
    ['^\\pL+$', 'main.x', false],
    ['\\p{Greek}', 'λ', true],
    ['\\p{Greek}', 'l', false],
    ['\\P{Greek}', 'λ', false],
    ['\\p{^Greek}', 'l', true],
    ['[\\p{Han}x]', '中', true],
    ['(?i)\\p{Lu}', 'a', true],
    ['^.$', '😀', true],
    ['\\x{1F600}', '😀', true],
  ];
  for (const [pattern, input, expected] of cases) {
    it(`${pattern} on ${JSON.stringify(input)}`, () => {
      assert.equal(compileGoRegexp(pattern).test(input), expected);
    });
  }

  it('runs class-heavy programs on the NFA, skipping the DFA setup they would cost', () => {
    // 4000 copies of a 1300-rune class: the DFA would first walk 5.2 M runes (1000 times
    // that, 11 s, at the 9 KB that a URL can carry).
    const heavy = compileGoRegexp('1\\pL{1000}\\pL{1000}\\pL{1000}\\pL{1000}');
    assert.equal(heavy.engine, 'nfa');
    assert.equal(heavy.test(`1${'é'.repeat(3999)}2`), false);
    assert.equal(heavy.test(`21${'é'.repeat(4000)}`), true);
    assert.equal(heavy.test('1'.repeat(100_000)), false);
    assert.equal(compileGoRegexp('1\\pL{1000}').engine, 'dfa');
    assert.equal(compileGoRegexp('(.+)+QQQ').engine, 'dfa');
  });

  it("names the option and keeps Go's text in a query option's error", () => {
    assert.throws(
      () => compileOptionRegexp('focus', '(?=x)'),
      (error: Error) =>
        error instanceof QueryOptionError &&
        error.key === 'focus' &&
        error.message ===
          'parse option focus: parse regexp "(?=x)": error parsing regexp: invalid or unsupported Perl syntax: `(?=`' &&
        error.cause instanceof GoRegexpSyntaxError,
    );
  });
});

/**
 * go tool pprof's own answer to `-focus PATTERN`: its error text without the "parsing focus
 * regexp: " it prepends, or undefined when it accepts the pattern.
 */
async function goFocusError(pattern: string): Promise<string | undefined> {
  const args = ['tool', 'pprof', '-top', '-focus', pattern, fixturePath('heap-small.pb.gz')];
  try {
    await run('go', args, { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 16 * 1024 * 1024 });
    return undefined;
  } catch (error) {
    const { stderr } = error as { stderr: string };
    const match = /^parsing focus regexp: (.*)\n$/s.exec(stderr);
    if (match === null) throw new Error(`go tool pprof failed otherwise: ${stderr}`, { cause: error });
    return match[1];
  }
}

function ourError(pattern: string): string | undefined {
  try {
    compileGoRegexp(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof GoRegexpSyntaxError) return error.reason;
    throw error;
  }
}

describe('Go regexp syntax, accepted and refused as go tool pprof (Go 1.19) does, with its error text', () => {
  const patterns = [
    // Refused: Go's parse errors.
    ['(', 'a)', '[z-a]', 'x**', 'a++', '.*?+', 'x{2}{3}', 'a{2,1}', 'a{1001}', '(a{1000}){1000}', '[a', 'a\\'],
    ['\\8', '\\1', '\\C', '\\Z', '\\X', '\\k<n>', '\\G', '\\x{110000}', '[[:foo:]]', '[[:alpha:]', '[\\Q]\\E]'],
    ['(?=x)', '(?!x)', '(?<=x)', '(?<!x)', '(?<name>x)', '(?P=n)', '(?P<>x)', '(?P<n!>x)', '(?#c)', '(?i', '(?ix-)'],
    ['\\pX', '\\p{Foo}', '\\p{Kawi}', '\\P{^Vithkuqi}', '[a\\p{Alphabetic}]', '\\p{Ascii}', '\\p{Lc}', '\\p{}'],
    ['(?P<n>x)(?P<n>y)(?<m>z)', `${'('.repeat(1001)}a${')'.repeat(1001)}`, 'a{1000}'.repeat(3400)],
    // Accepted: Go 1.19 compiles them (Unicode classes, duplicate names, \Q...\E, POSIX classes).
    [
      '\\pL',
      '\\p{Greek}',
      '\\PL',
      '\\p{^Greek}',
      '[\\p{Han}\\d]',
      '\\p{Any}',
      '(?P<n>x)(?P<n>y)',
      '\\Q(?<\\E',
      '[(?<]',
    ],
    ['[[:alpha:]]', '(?i)MAIN', '(?s).', '(?U)a+', '\\z', '(?m)^main', '(.+)+QQQ', '(a*)*b', 'x{1000}'],
  ].flat();

  it('matches the live oracle on each pattern', async () => {
    // Two at a time: the machine's two cores.
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < patterns.length; i += 2) {
      answers.push(...(await Promise.all(patterns.slice(i, i + 2).map(goFocusError))));
    }
    patterns.forEach((pattern, i) => {
      assert.equal(ourError(pattern), answers[i], pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern);
    });
    // The table holds both kinds.
    assert.equal(answers.filter((answer) => answer === undefined).length, 18);
  });
});
