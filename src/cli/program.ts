// The go-profiler program: every command, --version, and commander's parse errors in the CLI's
// one format (usage-errors.ts). main.ts runs it; tests read its flags without running anything.

import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { captureCommand } from './capture-command.js';
import { goroutinesCommand } from './goroutines-command.js';
import { reportCommand } from './report-command.js';
import { serveCommand } from './serve-command.js';
import { viewCommand } from './view-command.js';
import {
  callgrindCommand,
  dotCommand,
  listCommand,
  peekCommand,
  protoCommand,
  rawCommand,
  svgCommand,
  tagsCommand,
  topCommand,
  tracesCommand,
  treeCommand,
} from './report-commands.js';
import { routeUsageErrors } from './usage-errors.js';

/** The package's version: package.json sits two folders up from src/cli and dist/cli alike. */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** The program; `name` is how its help and usage text call it (`kubectl go-profiler` as the plugin). */
export function buildProgram(name = 'go-profiler'): Command {
  const program = new Command()
    .name(name)
    .description('Capture Go pprof profiles and serve an interactive viewer (KubeDiag Go Profiler processor)')
    .version(packageVersion())
    .addHelpText(
      'after',
      `\npprof command lines work as they are: ${name} -top -nodecount=20 heap.pb.gz, ${name} -http=:8080 heap.pb.gz`,
    );
  for (const command of [
    serveCommand(),
    captureCommand(),
    viewCommand(),
    topCommand(),
    peekCommand(),
    treeCommand(),
    tracesCommand(),
    tagsCommand(),
    dotCommand(),
    listCommand(),
    protoCommand(),
    goroutinesCommand(),
    rawCommand(),
    callgrindCommand(),
    svgCommand(),
    reportCommand(),
  ]) {
    program.addCommand(command);
  }
  routeUsageErrors(program);
  return program;
}
