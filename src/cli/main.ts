#!/usr/bin/env node
// The go-profiler command line: pprof's spellings translated, then commander runs the command;
// every failure is one stderr line `go-profiler: <operation> <object>: <reason>`, status 1.

import process from 'node:process';
import { buildProgram } from './program.js';
import { printFailure } from './run-command.js';
import { programFlagsOf, translatePprofArgs } from './translate-pprof-args.js';
import { isInformational } from './usage-errors.js';
import { guardStdout } from './write-output.js';

guardStdout(printFailure);
const program = buildProgram();
try {
  const args = translatePprofArgs(process.argv.slice(2), programFlagsOf(program));
  await program.parseAsync(args, { from: 'user' });
} catch (error) {
  if (!isInformational(error)) printFailure(error);
}
