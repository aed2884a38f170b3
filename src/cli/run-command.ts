// Runs a command's action with the CLI's error contract: one stderr line
// `go-profiler: <operation> <object>: <reason>` and exit status 1; a reader closing the pipe early
// (`go-profiler tree … | head`) is no error: nothing on stderr, status 0.

import { OutputClosedError } from './write-output.js';

export async function runCommand(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof OutputClosedError) return;
    printFailure(error);
  }
}

/** The one line a failing command prints, and its status. */
export function printFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`go-profiler: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
}

/** Writes pprof's warnings (e.g. "Focus expression matched no samples") to stderr, as pprof does. */
export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
}
