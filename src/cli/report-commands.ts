// The report commands: `go-profiler top|peek|tree|traces|tags|dot FILE...` print what `go tool
// pprof -top|-peek|-tree|-traces|-tags|-dot FILE...` prints with the same options (several files are merged).

import { Command } from 'commander';
import type { Profile } from '../pprof/index.js';
import {
  buildCallGraph,
  computePeek,
  computeTags,
  computeTree,
  computeTop,
  formatDot,
  formatPeekText,
  formatTagsText,
  formatTopText,
  formatTracesText,
  type QueryOptions,
} from '../query/index.js';
import { loadProfiles } from './load-profiles.js';
import { addReportFlags, queryOptionsFromFlags } from './report-flags.js';
import { printWarnings, runReport } from './run-command.js';

type Report = (profile: Profile, options: QueryOptions, argument: string | undefined) => string;

function reportCommand(name: string, description: string, report: Report, argument?: string): Command {
  const command = new Command(name).description(description);
  if (argument !== undefined) command.argument(argument, 'Go regular expression selecting the functions');
  command.argument('<files...>', 'profile files (profile.proto, gzip-compressed or plain)');
  addReportFlags(command);
  return command.action(async (...args: unknown[]) => {
    const withArgument = argument !== undefined;
    const pattern = withArgument ? (args[0] as string) : undefined;
    const files = args[withArgument ? 1 : 0] as string[];
    const flags = args[withArgument ? 2 : 1] as Record<string, unknown>;
    await runReport(async () => {
      const options = queryOptionsFromFlags(flags);
      const profile = await loadProfiles({
        files,
        diffBase: flags.diffBase as string[],
        base: flags.base as string[],
        normalize: flags.normalize === true,
      });
      process.stdout.write(report(profile, options, pattern));
    });
  });
}

export function topCommand(): Command {
  return reportCommand(
    'top',
    'print the heaviest functions, as `go tool pprof -top` (several files are merged)',
    (profile, options) => {
      const report = computeTop(profile, options);
      printWarnings(report.warnings);
      return formatTopText(report);
    },
  );
}

export function peekCommand(): Command {
  return reportCommand(
    'peek',
    'print the callers and callees of the functions matching REGEXP, as `go tool pprof -peek REGEXP`',
    (profile, options, pattern) => {
      const report = computePeek(profile, options, pattern ?? '');
      printWarnings(report.warnings);
      return formatPeekText(report);
    },
    '<regexp>',
  );
}

export function tracesCommand(): Command {
  return reportCommand('traces', 'print every sample with its stack, as `go tool pprof -traces`', (profile, options) =>
    formatTracesText(profile, options),
  );
}

export function tagsCommand(): Command {
  return reportCommand('tags', 'print the value of each label, as `go tool pprof -tags`', (profile, options) =>
    formatTagsText(computeTags(profile, options), options.unit),
  );
}

export function dotCommand(): Command {
  return reportCommand('dot', 'print the call graph in Graphviz DOT, as `go tool pprof -dot`', (profile, options) => {
    const graph = buildCallGraph(profile, options);
    printWarnings(graph.warnings);
    return formatDot(graph);
  });
}

export function treeCommand(): Command {
  return reportCommand(
    'tree',
    'print each function with its callers and callees, as `go tool pprof -tree`',
    (profile, options) => {
      const report = computeTree(profile, options);
      printWarnings(report.warnings);
      return formatPeekText(report);
    },
  );
}
