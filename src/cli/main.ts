#!/usr/bin/env node
// The go-profiler command line: wires the commands together; each command lives in its own module.

import { Command } from 'commander';
import { serveCommand } from './serve-command.js';
import { viewCommand } from './view-command.js';
import {
  dotCommand,
  listCommand,
  peekCommand,
  tagsCommand,
  topCommand,
  tracesCommand,
  treeCommand,
} from './report-commands.js';

const program = new Command()
  .name('go-profiler')
  .description('Capture Go pprof profiles and serve an interactive viewer (KubeDiag Go Profiler processor)')
  .showHelpAfterError();

program.addCommand(serveCommand());
program.addCommand(viewCommand());
program.addCommand(topCommand());
program.addCommand(peekCommand());
program.addCommand(treeCommand());
program.addCommand(tracesCommand());
program.addCommand(tagsCommand());
program.addCommand(dotCommand());
program.addCommand(listCommand());

await program.parseAsync(process.argv);
