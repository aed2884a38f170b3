// Runs a command's action with the CLI's error contract: one stderr line
// `go-profiler: <operation> <object>: <reason>` and exit status 1.

export async function runReport(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`go-profiler: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}

/** Writes pprof's warnings (e.g. "Focus expression matched no samples") to stderr, as pprof does. */
export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
}
