// pprof's command-line flags as `go tool pprof` defines them (google/pprof internal/driver: cli.go's
// parseFlags, config.go's config fields and choices, commands.go's output formats), with what each
// becomes here. Data only; translate-pprof-args.ts applies it.

/** A flag Go's flag package parses alone (`-cum`, `-cum=false`) or with a value (`-focus=x`, `-focus x`). */
export type PprofFlagKind = 'bool' | 'value';

/** pprof's output formats (one per command line) that are go-profiler commands, by pprof name. */
export const PPROF_FORMATS: Readonly<Record<string, { readonly command: string; readonly kind: PprofFlagKind }>> = {
  top: { command: 'top', kind: 'bool' },
  text: { command: 'top', kind: 'bool' },
  traces: { command: 'traces', kind: 'bool' },
  tags: { command: 'tags', kind: 'bool' },
  tree: { command: 'tree', kind: 'bool' },
  dot: { command: 'dot', kind: 'bool' },
  proto: { command: 'proto', kind: 'bool' },
  raw: { command: 'raw', kind: 'bool' },
  callgrind: { command: 'callgrind', kind: 'bool' },
  svg: { command: 'svg', kind: 'bool' },
  peek: { command: 'peek', kind: 'value' },
  list: { command: 'list', kind: 'value' },
  // -http=HOST:PORT is the web UI: `view --listen`.
  http: { command: 'view', kind: 'value' },
};

/** pprof's output formats go-profiler does not produce. */
export const UNSUPPORTED_FORMATS: Readonly<Record<string, PprofFlagKind>> = {
  comments: 'bool',
  topproto: 'bool',
  gif: 'bool',
  pdf: 'bool',
  png: 'bool',
  ps: 'bool',
  eog: 'bool',
  evince: 'bool',
  gv: 'bool',
  web: 'bool',
  kcachegrind: 'bool',
  disasm: 'value',
  weblist: 'value',
};

/**
 * pprof's config flags (config.go), spelled here `--` + the name with dashes for underscores
 * (`-sample_index` → `--sample-index`) when the command has that option; which ones it has is read
 * from the command itself (report-flags.ts defines them), so a flag added there is accepted here.
 */
export const PPROF_CONFIG_FLAGS: Readonly<Record<string, PprofFlagKind>> = {
  call_tree: 'bool',
  relative_percentages: 'bool',
  unit: 'value',
  compact_labels: 'bool',
  source_path: 'value',
  trim_path: 'value',
  intel_syntax: 'bool',
  mean: 'bool',
  sample_index: 'value',
  divide_by: 'value',
  normalize: 'bool',
  tagroot: 'value',
  tagleaf: 'value',
  drop_negative: 'bool',
  nodecount: 'value',
  nodefraction: 'value',
  edgefraction: 'value',
  trim: 'bool',
  focus: 'value',
  ignore: 'value',
  prune_from: 'value',
  hide: 'value',
  show: 'value',
  show_from: 'value',
  tagfocus: 'value',
  tagignore: 'value',
  tagshow: 'value',
  taghide: 'value',
  noinlines: 'bool',
  showcolumns: 'bool',
  output: 'value',
  // cli.go's source flags, repeatable in pprof: --diff-base and --base here.
  diff_base: 'value',
  base: 'value',
};

/** config.go's choice groups: each choice is a boolean flag of its own (`-lines` = granularity lines). */
export const PPROF_CHOICES: Readonly<Record<string, { readonly group: 'sort' | 'granularity' }>> = {
  cum: { group: 'sort' },
  flat: { group: 'sort' },
  functions: { group: 'granularity' },
  filefunctions: { group: 'granularity' },
  files: { group: 'granularity' },
  lines: { group: 'granularity' },
  addresses: { group: 'granularity' },
};

/** cli.go's "legacy convenience options": each selects a sample type (-mean_delay also -mean). */
export const PPROF_LEGACY_SAMPLE_FLAGS: Readonly<
  Record<string, { readonly sampleIndex: string; readonly mean?: true }>
> = {
  inuse_space: { sampleIndex: 'inuse_space' },
  inuse_objects: { sampleIndex: 'inuse_objects' },
  alloc_space: { sampleIndex: 'alloc_space' },
  alloc_objects: { sampleIndex: 'alloc_objects' },
  total_delay: { sampleIndex: 'delay' },
  contentions: { sampleIndex: 'contentions' },
  mean_delay: { sampleIndex: 'delay', mean: true },
};

/** cli.go's source and misc flags go-profiler has no use for, with why (for the error). */
export const UNSUPPORTED_SOURCE_FLAGS: Readonly<
  Record<string, { readonly kind: PprofFlagKind; readonly why: string }>
> = {
  // Report commands and `view` take --seconds; this is for the commands that fetch nothing.
  seconds: { kind: 'value', why: 'this command fetches no URL' },
  timeout: {
    kind: 'value',
    why: "go-profiler's fetch has its own time limit (--seconds plus 15 s for a CPU profile, else 60 s)",
  },
  buildid: { kind: 'value', why: 'go-profiler does not symbolize: Go profiles carry their symbols' },
  tools: { kind: 'value', why: 'go-profiler does not symbolize: Go profiles carry their symbols' },
  add_comment: { kind: 'value', why: 'go-profiler does not rewrite profiles' },
  all_frames: { kind: 'bool', why: "go-profiler always honours the profile's drop_frames" },
};

/** Go's strconv.ParseBool, which the flag package uses for `-flag=value` on a boolean flag. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}
