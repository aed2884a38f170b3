// The pprof-style flags every report command takes (--focus, --sample-index, ...), defined from the
// query layer's one table of options (OPTION_FIELDS: each flag's pprof name and argument) and
// turned into the one QueryOptions type the viewer's URL parameters also produce.

import type { Command } from 'commander';
import {
  DEFAULT_QUERY_OPTIONS,
  OPTION_FIELDS,
  OPTION_KEYS,
  setOption,
  type OptionFlag,
  type QueryOptions,
} from '../query/index.js';

/** Each flag's help, as pprof's configHelp beside its configFieldMap. */
const FLAG_HELP: Partial<Record<keyof QueryOptions, string>> = {
  sampleIndex: 'sample type to show, by name or index (default: the profile default)',
  mean: 'show the mean value per sample (pprof -mean)',
  normalize: 'scale the profile to the base profile total first',
  granularity: 'functions, filefunctions, files, lines or addresses (default functions)',
  sort: 'sort by cumulative value (default: by flat value)',
  nodeCount: 'show at most this many nodes',
  nodeFraction: 'hide nodes below this fraction of the total (default 0.005)',
  edgeFraction: 'hide edges below this fraction of the total (default 0.001)',
  focus: 'only samples with a frame matching the Go regexp',
  ignore: 'drop samples with a frame matching',
  hide: 'remove matching frames from stacks',
  show: 'keep only matching frames in stacks',
  showFrom: 'drop frames above the outermost matching one',
  pruneFrom: 'drop frames beneath the innermost matching one',
  tagFocus: 'only samples with labels matching (key=regexp or numeric range 1kb:2mb)',
  tagIgnore: 'drop samples with labels matching',
  tagShow: 'only show label keys matching',
  tagHide: 'hide label keys matching',
  tagRoot: 'add frames for these label keys (comma-separated) at the root of every stack',
  tagLeaf: 'add frames for these label keys (comma-separated) at the leaf of every stack',
  relativePercentages: 'percentages of the focused total rather than of the whole profile',
  unit: 'show values in this unit (e.g. MB, ms; default: pick per report)',
  dropNegative: 'hide nodes with negative values',
  noInlines: 'attribute inlined frames to their caller',
};

/** The options the CLI has a flag for, with the flag: `--` and pprof's name with dashes for underscores. */
const FLAGS = OPTION_KEYS.flatMap((key) => {
  const flag: OptionFlag | undefined = OPTION_FIELDS[key].flag;
  if (flag === undefined) return [];
  const help = FLAG_HELP[key];
  // A programming error: every flag of the table has its help here.
  if (help === undefined) throw new Error(`define flag ${flag.name}: no help text`);
  return [{ key, flag, help, name: `--${flag.name.replaceAll('_', '-')}` }];
});

function addFlags(command: Command, scope: OptionFlag['scope']): Command {
  for (const { flag, help, name } of FLAGS) {
    if (flag.scope === scope) command.option(flag.argument === undefined ? name : `${name} ${flag.argument}`, help);
  }
  return command;
}

export function addReportFlags(command: Command): Command {
  return addBaseFlags(addFlags(command, undefined));
}

/** --diff-base, --base and --normalize, as pprof's flags of those names (see loadProfiles). */
export function addBaseFlags(command: Command): Command {
  command
    .option('--diff-base <file>', 'subtract this profile; percentages relative to it (repeatable)', collect, [])
    .option('--base <file>', 'subtract this profile (repeatable)', collect, []);
  return addFlags(command, 'load');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Builds QueryOptions from parsed flags; throws QueryOptionError naming the flag. */
export function queryOptionsFromFlags(flags: Record<string, unknown>): QueryOptions {
  const options: { -readonly [K in keyof QueryOptions]: QueryOptions[K] } = { ...DEFAULT_QUERY_OPTIONS };
  for (const { key, flag, name } of FLAGS) {
    // Commander's property: the flag's name in camelCase.
    const property = name.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const value = flags[property];
    if (value === undefined || value === false) continue;
    const text = flag.sets ?? (value === true ? 'true' : String(value));
    setOption(options, key, text, name);
  }
  return Object.freeze(options);
}
