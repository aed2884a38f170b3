// Runs `go tool pprof -top` (TZ=UTC, as every comparison must) and splits its output into the
// header lines and the table rows, the expected values of the Top view.

import { goToolPprof } from '../support/go-pprof.js';

export interface PprofTopRow {
  readonly flat: string;
  readonly flatPercent: string;
  readonly sumPercent: string;
  readonly cum: string;
  readonly cumPercent: string;
  readonly name: string;
}

export interface PprofTop {
  readonly header: readonly string[];
  readonly rows: readonly PprofTopRow[];
}

const ROW = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/;

export async function runPprofTop(file: string, flags: readonly string[]): Promise<PprofTop> {
  const stdout = await goToolPprof(['-top', ...flags, file]);
  const lines = stdout.split('\n').filter((line) => line !== '');
  const tableStart = lines.findIndex((line) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(line));
  if (tableStart < 0) throw new Error(`read pprof -top output of ${file}: no table header in ${stdout.slice(0, 500)}`);
  const rows = lines.slice(tableStart + 1).map((line) => {
    const match = ROW.exec(line);
    if (match === null) throw new Error(`read pprof -top output of ${file}: cannot split row ${JSON.stringify(line)}`);
    const [, flat, flatPercent, sumPercent, cum, cumPercent, name] = match as unknown as string[];
    return { flat, flatPercent, sumPercent, cum, cumPercent, name } as PprofTopRow;
  });
  return { header: lines.slice(0, tableStart), rows };
}
