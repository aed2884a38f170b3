// Function names of 50k–100k characters and the patterns that make a backtracking engine run for
// ages on them (nested quantifiers that fail late), with what each pattern matches: the shared
// input of the query and viewer tests that no regexp can stall a query.

import { ProfileBuilder, type Profile } from '../../src/pprof/index.js';

export const LONG_NAMES = {
  A: 'a'.repeat(100_000),
  C: `${'a'.repeat(50_000)}c`,
  X: `${'x'.repeat(60_000)}y`,
  XX: 'x'.repeat(100_000),
  M: `main.${'ab'.repeat(40_000)}`,
} as const;
export type LongName = keyof typeof LONG_NAMES;
export const LONG: readonly LongName[] = Object.keys(LONG_NAMES) as LongName[];

/** Each long name's sample value: powers of two, so a sum tells which samples it holds. */
export const LONG_VALUES: Readonly<Record<LongName, number>> = { A: 1, C: 2, X: 4, XX: 8, M: 16 };
export const LONG_TOTAL = 31;

/**
 * [pattern, the long names it matches anywhere (unanchored, as -focus), those it matches whole
 * (as drop_frames, which pprof anchors)]. Each stalls V8 on one of the names it does not match.
 */
export const EVIL_PATTERNS: readonly [string, LongName[], LongName[]][] = [
  ['(.+)+QQQ', [], []],
  ['(a*)*b', ['M'], []],
  ['(x+x+)+y', ['X'], ['X']],
  ['(a|a)*c', ['C'], ['C']],
  ['^(a+)+$', ['A'], ['A']],
];

/** `main;LONG;leaf VALUE`, one line per long name. */
export const LONG_NAMES_COLLAPSED = LONG.map((s) => `main;${LONG_NAMES[s]};leaf ${LONG_VALUES[s]}`).join('\n');

/** The same stacks, each sample labelled `fn` = its long name. */
export function labelledLongNamesProfile(): Profile {
  const builder = new ProfileBuilder({ sampleTypes: [{ type: 'samples', unit: 'count' }] });
  const location = (name: string) => builder.addLocation([{ function: builder.addFunction(name) }]);
  const [main, leaf] = [location('main'), location('leaf')];
  for (const s of LONG) {
    builder.addSample([leaf, location(LONG_NAMES[s]), main], [LONG_VALUES[s]], [{ key: 'fn', value: LONG_NAMES[s] }]);
  }
  return builder.build();
}

const SHORT_OF = new Map(Object.entries(LONG_NAMES).map(([short, name]) => [name, short]));

/** A long name's key (`A`, `XX`, ...); other names as they are. */
export function shortName(name: string): string {
  return SHORT_OF.get(name) ?? name;
}

/** The sum of the values of these long names' samples. */
export function valueOf(names: readonly LongName[]): number {
  return names.reduce((total, s) => total + LONG_VALUES[s], 0);
}
