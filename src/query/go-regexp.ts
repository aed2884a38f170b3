// Compiles regular expressions written in Go's RE2 syntax (what pprof's -focus, -ignore, ...
// accept) into JavaScript RegExps with the same meaning: inline flags `(?i)`, `(?s)`, `(?m)`,
// `(?U)` anywhere, `(?P<name>...)`, `\A`, `\z`, `\Q...\E`, POSIX classes `[[:alpha:]]`, Go's `\s`
// and `.`; and rejects what Go rejects (look-around, back-references) rather than silently
// accepting a different language.

import { QueryOptionError } from './query-options.js';
import {
  classChar,
  complement,
  foldRanges,
  GO_SPACE,
  POSIX_CLASSES,
  rangesText,
  type Range,
} from './regexp-classes.js';

/** A pattern Go's regexp package would not compile (or that has no JavaScript equivalent). */
export class GoRegexpSyntaxError extends Error {
  override readonly name = 'GoRegexpSyntaxError';
  constructor(
    readonly pattern: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`parse regexp ${JSON.stringify(pattern)}: ${reason}`, options);
  }
}

interface Flags {
  caseInsensitive: boolean;
  multiLine: boolean;
  dotNewline: boolean;
  ungreedy: boolean;
}

function codePointText(code: number): string {
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  const offset = code - 0x10000;
  return `(?:\\u${(0xd800 + (offset >> 10)).toString(16)}\\u${(0xdc00 + (offset & 0x3ff)).toString(16)})`;
}

const META = new Set('\\.+*?()|[]{}^$'.split(''));

class Translator {
  private pos = 0;
  private out = '';
  private groupFlags: Flags[] = [];

  constructor(private readonly pattern: string) {}

  fail(reason: string): never {
    throw new GoRegexpSyntaxError(this.pattern, reason);
  }

  translate(): string {
    let flags: Flags = { caseInsensitive: false, multiLine: false, dotNewline: false, ungreedy: false };
    const p = this.pattern;
    while (this.pos < p.length) {
      const c = p[this.pos]!;
      if (c === '\\') {
        this.out += this.escape(flags, false);
      } else if (c === '[') {
        this.out += this.charClass(flags);
      } else if (c === '(') {
        flags = this.openGroup(flags);
      } else if (c === ')') {
        const outer = this.groupFlags.pop();
        if (outer === undefined) this.fail('unexpected )');
        flags = outer;
        this.out += ')';
        this.pos++;
      } else if (c === '|') {
        this.out += '|';
        this.pos++;
      } else if (c === '.') {
        this.out += flags.dotNewline ? '[^]' : '[^\\n]';
        this.pos++;
      } else if (c === '^') {
        this.out += flags.multiLine ? '(?<![^\\n])' : '^';
        this.pos++;
      } else if (c === '$') {
        this.out += flags.multiLine ? '(?![^\\n])' : '$';
        this.pos++;
      } else if (c === '*' || c === '+' || c === '?') {
        this.pos++;
        this.quantifier(c, flags);
      } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(p.slice(this.pos))) {
        const match = /^\{\d+(,\d*)?\}/.exec(p.slice(this.pos))!;
        this.pos += match[0].length;
        this.quantifier(match[0], flags);
      } else {
        this.out += this.literal(p.codePointAt(this.pos)!, flags);
        this.pos += c.length === 1 && p.codePointAt(this.pos)! > 0xffff ? 2 : 1;
      }
    }
    if (this.groupFlags.length > 0) this.fail('missing closing )');
    return this.out;
  }

  private quantifier(text: string, flags: Flags): void {
    let lazy = false;
    if (this.pattern[this.pos] === '?') {
      lazy = true;
      this.pos++;
    }
    if (flags.ungreedy) lazy = !lazy;
    const next = this.pattern[this.pos];
    if (next === '*' || next === '+' || (next === '?' && !lazy)) this.fail('invalid nested repetition operator');
    this.out += text + (lazy ? '?' : '');
  }

  private literal(code: number, flags: Flags): string {
    const char = String.fromCodePoint(code);
    if (flags.caseInsensitive && /[a-zA-Z]/.test(char)) return `[${char.toLowerCase()}${char.toUpperCase()}]`;
    if (META.has(char) || char === '/' || char === '-') return `\\${char}`;
    return code > 0xffff ? codePointText(code) : char;
  }

  private openGroup(flags: Flags): Flags {
    const p = this.pattern;
    this.pos++;
    if (p[this.pos] !== '?') {
      this.groupFlags.push(flags);
      this.out += '(';
      return flags;
    }
    const rest = p.slice(this.pos);
    const named = /^\?P<([A-Za-z0-9_]+)>/.exec(rest);
    if (named !== null) {
      this.pos += named[0].length;
      this.groupFlags.push(flags);
      this.out += `(?<${named[1]}>`;
      return flags;
    }
    const flagGroup = /^\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
    if (flagGroup === null || (flagGroup[1] === '' && flagGroup[2] === undefined && flagGroup[3] === ')')) {
      this.fail(`invalid or unsupported Perl syntax: \`(${rest.slice(0, 2)}\``);
    }
    if (flagGroup[2] === '') this.fail(`missing argument to negation in \`(${flagGroup[0]}\``);
    this.pos += flagGroup[0].length;
    const next = { ...flags };
    const set = (letters: string, value: boolean) => {
      for (const letter of letters) {
        if (letter === 'i') next.caseInsensitive = value;
        else if (letter === 'm') next.multiLine = value;
        else if (letter === 's') next.dotNewline = value;
        else next.ungreedy = value;
      }
    };
    set(flagGroup[1]!, true);
    set(flagGroup[2] ?? '', false);
    if (flagGroup[3] === ':') {
      this.groupFlags.push(flags);
      this.out += '(?:';
    }
    // `(?i)` changes the flags until the end of the enclosing group.
    return next;
  }

  /** Translates the escape at `pos`; inside a class it returns class content rather than an atom. */
  private escape(flags: Flags, inClass: boolean): string {
    const p = this.pattern;
    const next = p[this.pos + 1];
    if (next === undefined) this.fail('trailing backslash at end of expression');
    this.pos += 2;
    switch (next) {
      case 'A':
        if (inClass) this.fail('invalid escape sequence: `\\A`');
        return '^';
      case 'z':
        if (inClass) this.fail('invalid escape sequence: `\\z`');
        return '$';
      case 'b':
      case 'B':
        if (inClass) this.fail(`invalid escape sequence: \`\\${next}\``);
        return `\\${next}`;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return `\\${next}`;
      case 's':
        return inClass ? rangesText(GO_SPACE) : `[${rangesText(GO_SPACE)}]`;
      case 'S':
        return inClass ? rangesText(complement(GO_SPACE)) : `[^${rangesText(GO_SPACE)}]`;
      case 'Q': {
        const end = p.indexOf('\\E', this.pos);
        const literal = end < 0 ? p.slice(this.pos) : p.slice(this.pos, end);
        this.pos = end < 0 ? p.length : end + 2;
        let text = '';
        for (const char of literal) {
          text += inClass ? this.classLiteral(char.codePointAt(0)!) : this.literal(char.codePointAt(0)!, flags);
        }
        return text;
      }
      case 'a':
        return '\\x07';
      case 'f':
      case 't':
      case 'n':
      case 'r':
      case 'v':
        return `\\${next}`;
      case 'x': {
        const braced = /^\{([0-9A-Fa-f]+)\}/.exec(p.slice(this.pos));
        const plain = /^[0-9A-Fa-f]{2}/.exec(p.slice(this.pos));
        const hex = braced?.[1] ?? plain?.[0];
        if (hex === undefined) this.fail('invalid escape sequence: `\\x`');
        this.pos += (braced ?? plain)![0].length;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) this.fail(`invalid escape sequence: \`\\x{${hex}}\``);
        return inClass ? this.classLiteral(code) : this.literal(code, flags);
      }
      case 'p':
      case 'P':
        this.fail('Unicode classes (\\p, \\P) are not supported');
    }
    if (next >= '0' && next <= '7') {
      const octal = /^[0-7]{0,2}/.exec(p.slice(this.pos))![0];
      if (next !== '0' && octal === '') this.fail(`invalid escape sequence: \`\\${next}\``);
      this.pos += octal.length;
      const code = parseInt(next + octal, 8);
      return inClass ? this.classLiteral(code) : this.literal(code, flags);
    }
    if (/[A-Za-z0-9]/.test(next)) this.fail(`invalid escape sequence: \`\\${next}\``);
    const code = next.codePointAt(0)!;
    return inClass ? this.classLiteral(code) : this.literal(code, flags);
  }

  private classLiteral(code: number): string {
    return classChar(code);
  }

  private charClass(flags: Flags): string {
    const p = this.pattern;
    this.pos++;
    let negated = false;
    if (p[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: Range[] = [];
    let extra = '';
    let first = true;
    for (;;) {
      if (this.pos >= p.length) this.fail('missing closing ]');
      const c = p[this.pos]!;
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.pos));
      if (posix !== null) {
        const classRanges = POSIX_CLASSES[posix[2]!];
        if (classRanges === undefined) this.fail(`invalid character class range: \`${posix[0]}\``);
        ranges.push(...(posix[1] === '^' ? complement(classRanges) : classRanges));
        this.pos += posix[0].length;
        continue;
      }
      const low = this.classAtom(flags);
      if (typeof low === 'string') {
        extra += low;
        continue;
      }
      if (p[this.pos] === '-' && p[this.pos + 1] !== ']' && this.pos + 1 < p.length) {
        this.pos++;
        const high = this.classAtom(flags);
        if (typeof high === 'string' || high < low) this.fail('invalid character class range');
        ranges.push([low, high]);
      } else ranges.push([low, low]);
    }
    const all = flags.caseInsensitive ? foldRanges(ranges) : ranges;
    const body = rangesText(all.filter(([low]) => low <= 0xffff)) + extra;
    const astral = all.filter(([, high]) => high > 0xffff);
    if (astral.length > 0) this.fail('character classes beyond U+FFFF are not supported');
    if (body === '') return negated ? '[^]' : '[]';
    return `[${negated ? '^' : ''}${body}]`;
  }

  /** One class member: a code point, or (for \d, \w, \s and their negations) class text. */
  private classAtom(flags: Flags): number | string {
    const p = this.pattern;
    if (p[this.pos] === '\\') {
      const next = p[this.pos + 1];
      if (next !== undefined && 'dDwWsS'.includes(next)) return this.escape(flags, true);
      const text = this.escape(flags, true);
      return decodeClassChar(text);
    }
    const code = p.codePointAt(this.pos)!;
    this.pos += code > 0xffff ? 2 : 1;
    return code;
  }
}

function decodeClassChar(text: string): number {
  if (text.startsWith('\\x')) return parseInt(text.slice(2), 16);
  if (text.startsWith('\\u')) return parseInt(text.slice(2), 16);
  if (text === '\\t') return 9;
  if (text === '\\n') return 10;
  if (text === '\\v') return 11;
  if (text === '\\f') return 12;
  if (text === '\\r') return 13;
  return text.codePointAt(text.startsWith('\\') ? 1 : 0)!;
}

const cache = new Map<string, RegExp>();

/**
 * Compiles a Go regular expression; throws GoRegexpSyntaxError for what Go rejects. Matching is
 * unanchored, as Go's MatchString.
 */
export function compileGoRegexp(pattern: string): RegExp {
  let compiled = cache.get(pattern);
  if (compiled !== undefined) return compiled;
  const source = new Translator(pattern).translate();
  try {
    compiled = new RegExp(source);
  } catch (error) {
    throw new GoRegexpSyntaxError(pattern, (error as Error).message.replace(/^Invalid regular expression: /, ''), {
      cause: error,
    });
  }
  if (cache.size > 256) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

/** Compiles the Go regexp of a query option; a bad one is a QueryOptionError naming the option. */
export function compileOptionRegexp(option: string, pattern: string): RegExp {
  try {
    return compileGoRegexp(pattern);
  } catch (error) {
    if (error instanceof GoRegexpSyntaxError) throw new QueryOptionError(option, error.message, { cause: error });
    throw error;
  }
}
