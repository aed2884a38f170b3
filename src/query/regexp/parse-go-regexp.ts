// Parses a regexp with re2js (a port of Go's regexp package, as of Go 1.22+) so that it accepts
// and rejects exactly what Go 1.19's regexp.Compile does (the `go tool pprof` we are byte-equal
// to), with Go's error text. Three things changed in Go since 1.19 and re2js follows the newer Go:
// `(?<name>...)` (rejected by 1.19), duplicate group names (accepted by 1.19), and the Unicode
// class names (1.19 knows Unicode 13's scripts and categories, re2js later ones and properties).

import { GoProfilerError } from '../../errors/index.js';
import { RE2JS, RE2JSSyntaxException } from 're2js';

/** A pattern Go's regexp package would not compile; `reason` is Go's own error text. */
export class GoRegexpSyntaxError extends GoProfilerError {
  override readonly name = 'GoRegexpSyntaxError';
  constructor(
    readonly pattern: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`parse regexp ${JSON.stringify(pattern)}`, reason, options);
  }
}

/** Go 1.19's Unicode class names (unicode.Categories and unicode.Scripts, Unicode 13.0.0), and Any. */
const GO_UNICODE_CLASS_LIST = `Any Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali
  Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid C Canadian_Aboriginal Carian Caucasian_Albanian Cc
  Cf Chakma Cham Cherokee Chorasmian Co Common Coptic Cs Cuneiform Cypriot Cyrillic Deseret
  Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian
  Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo
  Hatran Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian
  Javanese Kaithi Kannada Katakana Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi L
  Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Ll Lm Lo Lt Lu Lycian Lydian M Mahajani Makasar
  Malayalam Mandaic Manichaean Marchen Masaram_Gondi Mc Me Medefaidrin Meetei_Mayek Mende_Kikakui
  Meroitic_Cursive Meroitic_Hieroglyphs Miao Mn Modi Mongolian Mro Multani Myanmar N Nabataean
  Nandinagari Nd New_Tai_Lue Newa Nko Nl No Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian
  Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Oriya
  Osage Osmanya P Pahawh_Hmong Palmyrene Pau_Cin_Hau Pc Pd Pe Pf Phags_Pa Phoenician Pi Po Ps
  Psalter_Pahlavi Rejang Runic S Samaritan Saurashtra Sc Sharada Shavian Siddham SignWriting Sinhala
  Sk Sm So Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le
  Tai_Tham Tai_Viet Takri Tamil Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Ugaritic Vai
  Wancho Warang_Citi Yezidi Yi Z Zanabazar_Square Zl Zp Zs`;
// Built on first use: a module-level Set would stay in every bundle importing the query layer
// (the browser client's), whether it compiles a regexp or not.
let goUnicodeClasses: ReadonlySet<string> | undefined;

/** A place in the pattern where Go 1.19's parser stands, outside any class, escape or \Q...\E. */
type Site =
  | { readonly kind: 'named-group'; readonly start: number; readonly end: number }
  | { readonly kind: 'angle-group'; readonly start: number }
  | { readonly kind: 'unicode-class'; readonly start: number; readonly text: string; readonly name: string };

const CAPTURE_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Finds the named groups, `(?<` groups and braced Unicode classes that Go's parser would meet, in
 * order. It only needs to be right up to Go's first error: a site after it is never reached, and
 * re2js (the same parser) reports that error first. So it stops where it sees one coming.
 */
function findSites(pattern: string): Site[] {
  const sites: Site[] = [];
  let at = 0;
  let classStart = -1;
  let classFirst = false;
  while (at < pattern.length) {
    const c = pattern[at]!;
    if (classStart >= 0) {
      if (c === ']' && !classFirst) {
        classStart = -1;
        at++;
        continue;
      }
      classFirst = false;
      const posixEnd = pattern.startsWith('[:', at) ? pattern.indexOf(':]', at + 2) : -1;
      if (posixEnd >= 0) {
        at = posixEnd + 2;
        continue;
      }
    } else if (c === '[') {
      classStart = at;
      at += pattern[at + 1] === '^' ? 2 : 1;
      classFirst = true;
      continue;
    } else if (c === '(' && pattern.startsWith('(?<', at)) {
      // Go 1.19 supports no `(?<`: the parser stops here.
      sites.push({ kind: 'angle-group', start: at });
      return sites;
    } else if (c === '(' && pattern.startsWith('(?P<', at)) {
      const end = pattern.indexOf('>', at);
      if (end < 0 || !CAPTURE_NAME.test(pattern.slice(at + 4, end))) return sites;
      sites.push({ kind: 'named-group', start: at, end: end + 1 });
      at = end + 1;
      continue;
    }
    if (c !== '\\') {
      at++;
      continue;
    }
    const next = pattern[at + 1];
    if (next === undefined || (next === 'Q' && classStart >= 0)) return sites;
    if (next === 'Q') {
      const end = pattern.indexOf('\\E', at + 2);
      at = end < 0 ? pattern.length : end + 2;
    } else if ((next === 'p' || next === 'P') && pattern[at + 2] === '{') {
      const end = pattern.indexOf('}', at);
      if (end < 0) return sites;
      const name = pattern.slice(at + 3, end).replace(/^\^/, '');
      sites.push({ kind: 'unicode-class', start: at, text: pattern.slice(at, end + 1), name });
      at = end + 1;
    } else if (next === 'x' && pattern[at + 2] === '{') {
      const end = pattern.indexOf('}', at);
      if (end < 0) return sites;
      at = end + 1;
    } else {
      at += 1 + String.fromCodePoint(pattern.codePointAt(at + 1)!).length;
    }
  }
  return sites;
}

/** Go's Error.Error() for a re2js syntax exception (re2js leaves out some Expr Go prints). */
function goErrorText(exception: RE2JSSyntaxException, pattern: string): string {
  // Go 1.19 reports "expression too large" as an internal error (the code was added in Go 1.20).
  if (exception.error === 'expression too large')
    return `error parsing regexp: regexp/syntax: internal error: \`${pattern}\``;
  const wholePattern = ['missing closing )', 'unexpected )', 'expression nests too deeply'];
  const expr = wholePattern.includes(exception.error) ? pattern : (exception.input ?? '');
  return `error parsing regexp: ${exception.error}: \`${expr}\``;
}

/** Compiles `source` with re2js; Go 1.19 allows a group name twice (re2js does not), so unname them. */
function compileSource(source: string, sites: readonly Site[]): RE2JS {
  try {
    return RE2JS.compile(source);
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException) || error.error !== 'duplicate capture group name') throw error;
  }
  let unnamed = '';
  let copied = 0;
  for (const site of sites) {
    if (site.kind !== 'named-group' || site.end > source.length) continue;
    unnamed += `${source.slice(copied, site.start)}(`;
    copied = site.end;
  }
  return RE2JS.compile(unnamed + source.slice(copied));
}

/**
 * Where Go 1.19 stops with an error that re2js would not give: the site's offset, Go's reason, and
 * `cut`, the site's construct cut short so that re2js refuses it at once with a text (`(?<`,
 * `\p{Name`) no earlier part of the pattern can produce.
 */
interface Refusal {
  readonly start: number;
  readonly reason: string;
  readonly cut: string;
}

function go119Refusal(sites: readonly Site[]): Refusal | undefined {
  for (const site of sites) {
    if (site.kind === 'angle-group') {
      return { start: site.start, reason: 'invalid or unsupported Perl syntax: `(?<`', cut: '(?<' };
    }
    if (site.kind !== 'unicode-class') continue;
    goUnicodeClasses ??= new Set(GO_UNICODE_CLASS_LIST.split(/\s+/));
    if (!goUnicodeClasses.has(site.name)) {
      const cut = `\\p{${site.name}`;
      return { start: site.start, reason: `invalid character class range: \`${site.text}\``, cut };
    }
  }
  return undefined;
}

/** What to throw for an exception of re2js: Go's error for a syntax error, else the exception. */
function goSyntaxError(pattern: string, error: unknown): unknown {
  if (!(error instanceof RE2JSSyntaxException)) return error;
  return new GoRegexpSyntaxError(pattern, goErrorText(error, pattern), { cause: error });
}

/**
 * Compiles `pattern` with Go 1.19's syntax (Perl flags, as regexp.Compile); throws
 * GoRegexpSyntaxError with Go's error text for what Go rejects.
 */
export function parseGoRegexp(pattern: string): RE2JS {
  const sites = findSites(pattern);
  const refusal = go119Refusal(sites);
  if (refusal === undefined) {
    try {
      return compileSource(pattern, sites);
    } catch (error) {
      throw goSyntaxError(pattern, error);
    }
  }
  // Go stops at the refusal unless an error comes before it, which re2js then reports as well.
  try {
    compileSource(pattern.slice(0, refusal.start) + refusal.cut, sites);
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException) || error.input !== refusal.cut) throw goSyntaxError(pattern, error);
  }
  throw new GoRegexpSyntaxError(pattern, `error parsing regexp: ${refusal.reason}`);
}
