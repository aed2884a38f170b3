// The report commands: `go-profiler top|peek|tree|traces|tags|dot|list FILE...` print what `go tool
// pprof -top|-peek|-tree|-traces|-tags|-dot|-list FILE...` prints with the same options (several files are merged).

import { Command } from 'commander';
import process from 'node:process';
import { encodeProfile, type Profile } from '../pprof/index.js';
import { GRAPH_LAYOUT_TIME_LIMIT_MS } from '../web/graph-layout.js';
import {
  annotateSourceListing,
  buildCallGraph,
  computePeek,
  computeSourceListing,
  computeTags,
  computeTree,
  computeTop,
  filterProfile,
  formatCallgrind,
  formatDot,
  formatPeekText,
  formatRawReport,
  formatSourceListing,
  formatTagsText,
  formatTopText,
  formatTracesText,
  QueryError,
  type QueryOptions,
  type TimeZone,
} from '../query/index.js';
import { loadProfiles } from './load-profiles.js';
import { addReportFlags, queryOptionsFromFlags } from './report-flags.js';
import { readSourceFileFromDisk } from './read-source-file.js';
import { addSecondsFlag, reportSourceReader } from './report-sources.js';
import { renderSvgReport } from './report-svg.js';
import { parseSeconds } from './serve-config.js';
import { printWarnings, runCommand } from './run-command.js';
import { systemTimeZone } from './system-time-zone.js';
import { writeOutput } from './write-output.js';

/** A report's text in chunks, written as the reader takes them (writeOutput). */
export type Report = (
  profile: Profile,
  options: QueryOptions,
  argument: string | undefined,
  flags: Record<string, unknown>,
) => Iterable<string>;

function reportCommand(
  name: string,
  description: string,
  report: Report,
  argument?: string,
  addFlags: (command: Command) => Command = (command) => command,
): Command {
  const command = new Command(name).description(description);
  if (argument !== undefined) command.argument(argument, 'Go regular expression selecting the functions');
  command.argument(
    '<files...>',
    'profile files (profile.proto, gzip-compressed or plain, or a legacy format), or URLs',
  );
  addFlags(addSecondsFlag(addReportFlags(command)));
  return command.action(async (...args: unknown[]) => {
    const withArgument = argument !== undefined;
    const pattern = withArgument ? (args[0] as string) : undefined;
    const files = args[withArgument ? 1 : 0] as string[];
    const flags = args[withArgument ? 2 : 1] as Record<string, unknown>;
    await runCommand(async () => {
      const options = queryOptionsFromFlags(flags);
      const profile = await loadProfilesOfFlags(files, flags);
      await writeOutput(report(profile, options, pattern, flags));
    });
  });
}

/** The reports the golden tests run in-process. */
export type TextReportName = 'top' | 'peek' | 'traces' | 'tags' | 'dot' | 'tree' | 'raw' | 'callgrind';

/**
 * The reports without a source lookup, by command name, with the time zone of their Time: line and
 * where their warnings go: the commands below and the golden tests run the same code.
 */
export function textReports(
  timeZone: TimeZone,
  warn: (warnings: readonly string[]) => void = printWarnings,
): Readonly<Record<TextReportName, Report>> {
  return {
    top: (profile, options) => {
      const report = computeTop(profile, options, { timeZone });
      warn(report.warnings);
      return formatTopText(report);
    },
    peek: (profile, options, pattern) => {
      const report = computePeek(profile, options, pattern ?? '', { timeZone });
      warn(report.warnings);
      return formatPeekText(report);
    },
    traces: (profile, options) => formatTracesText(profile, options, { timeZone }),
    tags: (profile, options) => formatTagsText(computeTags(profile, options), options.unit),
    dot: (profile, options) => {
      const graph = buildCallGraph(profile, options, { timeZone });
      warn(graph.warnings);
      return formatDot(graph, { pprofBytes: true });
    },
    tree: (profile, options) => {
      const report = computeTree(profile, options, { timeZone });
      warn(report.warnings);
      return formatPeekText(report);
    },
    raw: (profile, options) => formatRawReport(profile, options, timeZone),
    callgrind: (profile, options) => formatCallgrind(profile, options, { timeZone }),
  };
}

/** Times in the legend are local, as go tool pprof prints them. */
const TEXT_REPORTS = textReports(systemTimeZone());

export function topCommand(): Command {
  return reportCommand(
    'top',
    'print the heaviest functions, as `go tool pprof -top` (several files are merged)',
    TEXT_REPORTS.top,
  );
}

export function peekCommand(): Command {
  return reportCommand(
    'peek',
    'print the callers and callees of the functions matching REGEXP, as `go tool pprof -peek REGEXP`',
    TEXT_REPORTS.peek,
    '<regexp>',
  );
}

export function tracesCommand(): Command {
  return reportCommand('traces', 'print every sample with its stack, as `go tool pprof -traces`', TEXT_REPORTS.traces);
}

export function tagsCommand(): Command {
  return reportCommand('tags', 'print the value of each label, as `go tool pprof -tags`', TEXT_REPORTS.tags);
}

export function dotCommand(): Command {
  return reportCommand('dot', 'print the call graph in Graphviz DOT, as `go tool pprof -dot`', TEXT_REPORTS.dot);
}

export function treeCommand(): Command {
  return reportCommand(
    'tree',
    'print each function with its callers and callees, as `go tool pprof -tree`',
    TEXT_REPORTS.tree,
  );
}

export function rawCommand(): Command {
  return reportCommand(
    'raw',
    'print the profile as text (samples, locations, mappings), as `go tool pprof -raw`',
    TEXT_REPORTS.raw,
  );
}

export function callgrindCommand(): Command {
  return reportCommand(
    'callgrind',
    'print the call graph in callgrind format (KCachegrind), as `go tool pprof -callgrind`',
    TEXT_REPORTS.callgrind,
  );
}

export function svgCommand(): Command {
  return wholeOutputCommand(
    'svg',
    'print the call graph of `dot` laid out as SVG, as `go tool pprof -svg`',
    (flags) => {
      const seconds = flags.layoutSeconds as string | undefined;
      const timeLimitMs =
        seconds === undefined ? GRAPH_LAYOUT_TIME_LIMIT_MS : parseSeconds('--layout-seconds', seconds, 1, 3600) * 1000;
      const note = (line: string) => void process.stderr.write(`${line}\n`);
      return async (profile, options) => [
        await renderSvgReport(profile, options, systemTimeZone(), printWarnings, { timeLimitMs, note }),
      ];
    },
    (command) =>
      command.option(
        '--layout-seconds <n>',
        `how long Graphviz may lay out the graph; past it pprof's default graph is drawn with fewer nodes (default ${GRAPH_LAYOUT_TIME_LIMIT_MS / 1000})`,
      ),
  );
}

export function listCommand(): Command {
  return reportCommand(
    'list',
    'print the source lines of the functions matching REGEXP with their flat and cum, as `go tool pprof -list REGEXP`',
    (profile, options, pattern, flags) => {
      const trimPath = (flags.trimPath as string | undefined) ?? '';
      // pprof trims the profile's file names with -source_path as given, and searches the working
      // directory when there is none.
      const listing = computeSourceListing(profile, options, pattern ?? '', {
        sourcePath: (flags.sourcePath as string | undefined) ?? '',
        trimPath,
      });
      if (listing.routines.length === 0 && listing.unsourced.length === 0)
        throw new QueryError('list', `"${pattern ?? ''}"`, 'no matches found for regexp');
      const lookup = { sourcePath: (flags.sourcePath as string | undefined) ?? process.cwd(), trimPath };
      return formatSourceListing(annotateSourceListing(listing, lookup, readSourceFileFromDisk), options.unit);
    },
    '<regexp>',
    (command) =>
      command
        .option(
          '--source-path <dirs>',
          "directories to search for source files, ':'-separated (default: the working directory)",
        )
        .option(
          '--trim-path <prefixes>',
          "prefixes to cut from the profile's file names before searching, ':'-separated",
        ),
  );
}

/** `go-profiler proto`: the profile after merging, diffing and the filters, as `go tool pprof -proto` writes it (gzipped profile.proto on stdout). */
export function protoCommand(): Command {
  return wholeOutputCommand(
    'proto',
    'write the profile, merged, diffed and filtered, as gzipped profile.proto, as `go tool pprof -proto`',
    () => async (profile, options) => encodeProfile(filterProfile(profile, options)),
  );
}

/** A command whose output is written whole once made (an SVG, a gzipped proto), not streamed as lines. */
function wholeOutputCommand(
  name: string,
  description: string,
  /** Reads the command's own flags (before any profile is loaded: a bad one fails at once), then renders. */
  renderer: (
    flags: Record<string, unknown>,
  ) => (profile: Profile, options: QueryOptions) => Promise<Parameters<typeof writeOutput>[0]>,
  addFlags: (command: Command) => Command = (command) => command,
): Command {
  const command = new Command(name)
    .description(description)
    .argument('<files...>', 'profile files (profile.proto, gzip-compressed or plain, or a legacy format), or URLs');
  addFlags(addSecondsFlag(addReportFlags(command)));
  return command.action(async (files: string[], flags: Record<string, unknown>) => {
    await runCommand(async () => {
      const options = queryOptionsFromFlags(flags);
      const render = renderer(flags);
      const profile = await loadProfilesOfFlags(files, flags);
      await writeOutput(await render(profile, options));
    });
  });
}

/** The files (or URLs) merged, less `--diff-base`/`--base`, `--normalize`d: what every report reads. */
function loadProfilesOfFlags(files: string[], flags: Record<string, unknown>) {
  return loadProfiles({
    files,
    diffBase: flags.diffBase as string[],
    base: flags.base as string[],
    normalize: flags.normalize === true,
    read: reportSourceReader(flags.seconds as string | undefined),
  });
}
