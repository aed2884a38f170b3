// Turns a pasted `go tool pprof` command line into go-profiler's before commander parses it:
// `-top -nodecount=20 heap.pb.gz` → `top --nodecount 20 heap.pb.gz`, `-http=:8080 f` → `view
// --listen localhost:8080 f`. Only single-dash words of two letters or more are pprof's; every
// `--flag` and its value pass through untouched, so go-profiler's own syntax means what it meant.

import type { Command } from 'commander';
import {
  parseGoBool,
  PPROF_CHOICES,
  PPROF_CONFIG_FLAGS,
  PPROF_FORMATS,
  PPROF_LEGACY_SAMPLE_FLAGS,
  UNSUPPORTED_FORMATS,
  UNSUPPORTED_SOURCE_FLAGS,
  type PprofFlagKind,
} from './pprof-flags.js';
import { UsageError } from './usage-errors.js';

/** A command's own option words (`--focus`, `-h`): those that take a value and those that do not. */
export interface CommandFlags {
  readonly withValue: ReadonlySet<string>;
  readonly alone: ReadonlySet<string>;
}

/** Each command's flags by command name, as commander defines them. */
export type ProgramFlags = ReadonlyMap<string, CommandFlags>;

export function programFlagsOf(program: Command): ProgramFlags {
  const flags = new Map<string, CommandFlags>();
  for (const command of program.commands) {
    const withValue = new Set<string>();
    const alone = new Set<string>();
    for (const option of command.options) {
      const words = [option.long, option.short].filter((word): word is string => word !== undefined);
      for (const word of words) (option.required || option.optional ? withValue : alone).add(word);
    }
    flags.set(command.name(), { withValue, alone });
  }
  return flags;
}

const PPROF_WORD = /^-([A-Za-z][A-Za-z0-9_]+)(?:=([\s\S]*))?$/;

/** A pprof flag on the command line: `-name`, `-name=inline` or `-name value`. */
interface PprofFlag {
  readonly word: string;
  readonly name: string;
  readonly value: string | undefined;
}

type Item = { readonly ours: string } | { readonly pprof: PprofFlag };

function kindOf(name: string): PprofFlagKind {
  return (
    PPROF_FORMATS[name]?.kind ??
    PPROF_CONFIG_FLAGS[name] ??
    UNSUPPORTED_FORMATS[name] ??
    UNSUPPORTED_SOURCE_FLAGS[name]?.kind ??
    (name === 'symbolize' ? 'value' : 'bool')
  );
}

/** Splits the words into ours and pprof's, pairing each value flag with its value. */
function scan(args: readonly string[], ourValueFlags: ReadonlySet<string>): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const match = PPROF_WORD.exec(word);
    if (match === null) {
      items.push({ ours: word });
      // `--focus -x`: the value of one of our flags is never read as a pprof flag.
      if (ourValueFlags.has(word) && i + 1 < args.length) items.push({ ours: args[++i]! });
      continue;
    }
    const name = match[1]!;
    let value = match[2];
    if (value === undefined && kindOf(name) === 'value') {
      // Go's flag package takes the next word as the value, whatever it looks like.
      if (i + 1 >= args.length) throw new UsageError(`option ${word}`, 'missing its value');
      value = args[++i]!;
    }
    items.push({ pprof: { word, name, value } });
  }
  return items;
}

/** pprof's -http=[host]:[port]: host localhost and a free port when omitted, as pprof's getHostAndPort. */
export function listenAddressOfHttpFlag(value: string): string {
  const colon = value.lastIndexOf(':');
  let host = colon < 0 ? '' : value.slice(0, colon);
  const port = value.slice(colon + 1);
  const bracketed = host.startsWith('[') && host.endsWith(']');
  if (bracketed) host = host.slice(1, -1);
  if (colon < 0 || (!bracketed && host.includes(':')) || !/^\d*$/.test(port)) {
    throw new UsageError(`option -http=${value}`, 'not [host]:[port] (e.g. :8080, localhost:0, [::1]:8080)');
  }
  host = host === '' ? 'localhost' : host;
  return `${host.includes(':') ? `[${host}]` : host}:${port === '' ? '0' : port}`;
}

/** The report the pprof words ask for, and the -peek/-list regexp. */
function commandOf(items: readonly Item[], explicit: string | undefined): { command: string; pattern?: string } {
  let found: { flag: PprofFlag; command: string } | undefined;
  for (const item of items) {
    if (!('pprof' in item)) continue;
    const format = PPROF_FORMATS[item.pprof.name];
    if (format === undefined) continue;
    if (explicit !== undefined && !(explicit === 'view' && item.pprof.name === 'http')) {
      throw new UsageError(`option ${item.pprof.word}`, `go-profiler ${explicit} already names the report`);
    }
    if (found !== undefined) {
      const reason =
        found.command === 'view' || format.command === 'view'
          ? '-http is not compatible with an output format on the command line'
          : `must set at most one output format (already ${found.flag.word})`;
      throw new UsageError(`option ${item.pprof.word}`, reason);
    }
    found = { flag: item.pprof, command: format.command };
  }
  if (explicit !== undefined) return { command: explicit };
  if (found === undefined) {
    const format = items.find((item) => 'pprof' in item && UNSUPPORTED_FORMATS[item.pprof.name] !== undefined);
    if (format !== undefined && 'pprof' in format) throw unsupportedFormat(format.pprof);
    throw new UsageError(
      'command',
      "missing: give a report (-top, -peek=REGEXP, -list=REGEXP, -traces, -tags, -tree, -dot, -svg, -raw, -callgrind, -proto) or -http=[host]:[port]; pprof's interactive shell is not supported",
    );
  }
  const hasPattern = found.command === 'peek' || found.command === 'list';
  return hasPattern ? { command: found.command, pattern: found.flag.value ?? '' } : { command: found.command };
}

/** Tracks pprof's one-per-group rules: one sort order, one granularity, one sample type. */
class Selections {
  private readonly chosen = new Map<string, string>();
  choose(group: string, word: string): void {
    const earlier = this.chosen.get(group);
    if (earlier !== undefined) throw new UsageError(`option ${word}`, `conflicts with ${earlier}`);
    this.chosen.set(group, word);
  }
}

function unsupported(flag: PprofFlag, command: string): UsageError {
  return new UsageError(`option ${flag.word}`, `pprof's -${flag.name} is not supported by go-profiler ${command}`);
}

function unsupportedFormat(flag: PprofFlag): UsageError {
  return new UsageError(
    `option ${flag.word}`,
    "pprof's output format is not supported: go-profiler prints -top, -peek, -list, -traces, -tags, -tree, -dot, -svg, -raw, -callgrind, -proto and serves -http",
  );
}

function boolValueOf(flag: PprofFlag): boolean {
  if (flag.value === undefined) return true;
  const value = parseGoBool(flag.value);
  if (value === undefined)
    throw new UsageError(`option ${flag.word}`, `${JSON.stringify(flag.value)} is not true or false`);
  return value;
}

/** pprof's config flag in go-profiler's spelling, when the command has it. */
function configFlagWords(flag: PprofFlag, command: string, ours: CommandFlags): string[] {
  const long = `--${flag.name.replace(/_/g, '-')}`;
  if (PPROF_CONFIG_FLAGS[flag.name] === 'value') {
    if (!ours.withValue.has(long)) throw unsupported(flag, command);
    return [long, flag.value ?? ''];
  }
  const on = boolValueOf(flag);
  const negated = `--no-${long.slice(2)}`;
  if (!ours.alone.has(long) && !ours.alone.has(negated)) throw unsupported(flag, command);
  // Our booleans are off unless given (on unless --no-… is given): the default needs no word.
  if (on) return ours.alone.has(long) ? [long] : [];
  return ours.alone.has(negated) ? [negated] : [];
}

/** One pprof flag as go-profiler words for `command` (the format flag itself was taken by commandOf). */
function wordsOf(flag: PprofFlag, command: string, ours: CommandFlags, selections: Selections): string[] {
  const { name, word } = flag;
  const format = PPROF_FORMATS[name];
  if (format !== undefined) {
    return format.command === 'view' ? ['--listen', listenAddressOfHttpFlag(flag.value ?? '')] : [];
  }
  if (name === 'no_browser') {
    if (command !== 'view') throw new UsageError(`option ${word}`, '-no_browser only makes sense with -http');
    return boolValueOf(flag) ? ['--no-browser'] : [];
  }
  if (name === 'h' || name === 'help') return ['--help'];
  if (name === 'symbolize') {
    // Go profiles carry their symbols: go-profiler never symbolizes, which is what -symbolize=none asks.
    if (flag.value === 'none') return [];
    throw new UsageError(`option ${word}`, 'go-profiler does not symbolize (only -symbolize=none is accepted)');
  }
  const choice = PPROF_CHOICES[name];
  if (choice !== undefined) {
    if (!boolValueOf(flag)) return [];
    selections.choose(choice.group, word);
    if (choice.group === 'granularity') {
      if (!ours.withValue.has('--granularity')) throw unsupported(flag, command);
      return ['--granularity', name];
    }
    if (name === 'flat') return [];
    if (!ours.alone.has('--cum')) throw unsupported(flag, command);
    return ['--cum'];
  }
  const legacy = PPROF_LEGACY_SAMPLE_FLAGS[name];
  if (legacy !== undefined) {
    if (!boolValueOf(flag)) return [];
    selections.choose('sample', word);
    if (!ours.withValue.has('--sample-index')) throw unsupported(flag, command);
    return ['--sample-index', legacy.sampleIndex, ...(legacy.mean === true ? ['--mean'] : [])];
  }
  if (PPROF_CONFIG_FLAGS[name] !== undefined) {
    if (name === 'sample_index') selections.choose('sample', word);
    return configFlagWords(flag, command, ours);
  }
  // `-http=: -seconds=5 http://host:6060`: view captures a URL, so the CPU profile's length has a home.
  if (name === 'seconds' && ours.withValue.has('--seconds')) return ['--seconds', flag.value ?? ''];
  const source = UNSUPPORTED_SOURCE_FLAGS[name];
  if (source !== undefined) throw new UsageError(`option ${word}`, `pprof's -${name} is not supported: ${source.why}`);
  if (UNSUPPORTED_FORMATS[name] !== undefined) throw unsupportedFormat(flag);
  throw new UsageError(`option ${word}`, `neither a go-profiler ${command} option nor a pprof flag`);
}

/**
 * go-profiler's words for `args` (the command line after the program name). A line without pprof
 * words is returned as it is; pprof's flags are translated wherever they stand before `--`.
 * Throws UsageError naming a pprof flag go-profiler does not support, or a line pprof would refuse.
 */
export function translatePprofArgs(args: readonly string[], flags: ProgramFlags): string[] {
  const stop = args.indexOf('--');
  const head = stop < 0 ? args : args.slice(0, stop);
  const tail = stop < 0 ? [] : args.slice(stop);
  if (!head.some((word) => PPROF_WORD.test(word))) return [...args];
  const explicit = flags.has(head[0] ?? '') ? head[0] : undefined;
  const union = new Set([...flags.values()].flatMap((command) => [...command.withValue]));
  const items = scan(explicit === undefined ? head : head.slice(1), flags.get(explicit ?? '')?.withValue ?? union);
  const { command, pattern } = commandOf(items, explicit);
  const ours = flags.get(command) ?? { withValue: new Set<string>(), alone: new Set<string>() };
  const selections = new Selections();
  const words = items.flatMap((item) =>
    'ours' in item ? [item.ours] : wordsOf(item.pprof, command, ours, selections),
  );
  return [command, ...(pattern === undefined ? [] : [pattern]), ...words, ...tail];
}
