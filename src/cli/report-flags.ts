// The pprof-style flags every report command takes (--focus, --sample-index, ...), turned into the
// one QueryOptions type the viewer's URL parameters also produce.

import type { Command } from 'commander';
import { DEFAULT_QUERY_OPTIONS, setOption, type QueryOptions } from '../query/index.js';

/** Flag name → option, with its help text; flags follow pprof's names (dashes for underscores). */
const FLAGS: readonly [flag: string, key: keyof QueryOptions, help: string][] = [
  ['--sample-index <name|n>', 'sampleIndex', 'sample type to show, by name or index (default: the profile default)'],
  ['--mean', 'mean', 'show the mean value per sample (pprof -mean)'],
  ['--nodecount <n>', 'nodeCount', 'show at most this many nodes'],
  ['--nodefraction <f>', 'nodeFraction', 'hide nodes below this fraction of the total (default 0.005)'],
  ['--edgefraction <f>', 'edgeFraction', 'hide edges below this fraction of the total (default 0.001)'],
  ['--focus <regexp>', 'focus', 'only samples with a frame matching the Go regexp'],
  ['--ignore <regexp>', 'ignore', 'drop samples with a frame matching'],
  ['--hide <regexp>', 'hide', 'remove matching frames from stacks'],
  ['--show <regexp>', 'show', 'keep only matching frames in stacks'],
  ['--show-from <regexp>', 'showFrom', 'drop frames above the outermost matching one'],
  ['--prune-from <regexp>', 'pruneFrom', 'drop frames beneath the innermost matching one'],
  ['--tagfocus <filter>', 'tagFocus', 'only samples with labels matching (key=regexp or numeric range 1kb:2mb)'],
  ['--tagignore <filter>', 'tagIgnore', 'drop samples with labels matching'],
  ['--tagshow <regexp>', 'tagShow', 'only show label keys matching'],
  ['--taghide <regexp>', 'tagHide', 'hide label keys matching'],
  ['--tagroot <keys>', 'tagRoot', 'add frames for these label keys (comma-separated) at the root of every stack'],
  ['--tagleaf <keys>', 'tagLeaf', 'add frames for these label keys (comma-separated) at the leaf of every stack'],
  ['--granularity <g>', 'granularity', 'functions, filefunctions, files, lines or addresses (default functions)'],
  ['--noinlines', 'noInlines', 'attribute inlined frames to their caller'],
  ['--unit <unit>', 'unit', 'show values in this unit (e.g. MB, ms; default: pick per report)'],
  ['--drop-negative', 'dropNegative', 'hide nodes with negative values'],
  [
    '--relative-percentages',
    'relativePercentages',
    'percentages of the focused total rather than of the whole profile',
  ],
];

export function addReportFlags(command: Command, options: { sort?: boolean } = {}): Command {
  for (const [flag, , help] of FLAGS) command.option(flag, help);
  if (options.sort !== false) command.option('--cum', 'sort by cumulative value (default: by flat value)');
  return addBaseFlags(command);
}

/** --diff-base, --base and --normalize, as pprof's flags of those names (see loadProfiles). */
export function addBaseFlags(command: Command): Command {
  return command
    .option('--diff-base <file>', 'subtract this profile; percentages relative to it (repeatable)', collect, [])
    .option('--base <file>', 'subtract this profile (repeatable)', collect, [])
    .option('--normalize', 'scale the profile to the base profile total first');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Builds QueryOptions from parsed flags; throws QueryOptionError naming the flag. */
export function queryOptionsFromFlags(flags: Record<string, unknown>): QueryOptions {
  const options: { -readonly [K in keyof QueryOptions]: QueryOptions[K] } = { ...DEFAULT_QUERY_OPTIONS };
  for (const [flag, key] of FLAGS) {
    const name = flag.split(' ')[0]!;
    const property = name.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const value = flags[property];
    if (value === undefined) continue;
    setOption(options, key, value === true ? 'true' : String(value), name);
  }
  if (flags.cum === true) options.sort = 'cum';
  return Object.freeze(options);
}
