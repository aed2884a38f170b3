// The command line's entry, for both bins: pprof's spellings translated, then commander runs the
// command; every failure is one stderr line `go-profiler: <operation> <object>: <reason>`.

import process from 'node:process';
import { buildProgram } from './program.js';
import { printFailure } from './run-command.js';
import { programFlagsOf, translatePprofArgs } from './translate-pprof-args.js';
import { isInformational } from './usage-errors.js';
import { guardStdout } from './write-output.js';

/** Runs the process's arguments; `name` is how help and usage text call the program. */
export async function runMain(name: string): Promise<void> {
  guardStdout(printFailure);
  const program = buildProgram(name);
  try {
    const args = translatePprofArgs(process.argv.slice(2), programFlagsOf(program));
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!isInformational(error)) printFailure(error);
  }
}
