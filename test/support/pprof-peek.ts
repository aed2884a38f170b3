// Runs `go tool pprof -peek` and `-list` (TZ=UTC) and splits their text into the parts the Peek
// and Source views show, the expected values of the route and browser tests.

import type { PprofTopRow } from '../browser/pprof-top.js';
import { goToolPprof } from './go-pprof.js';

/** A caller or callee line: `weight calls% |   name`, the name with pprof's " (inline)". */
export interface PprofPeekCall {
  readonly weight: string;
  readonly percent: string;
  readonly name: string;
}

/** A function's row (as Top's) with its callers and callees. */
export interface PprofPeekEntry extends PprofTopRow {
  readonly callers: readonly PprofPeekCall[];
  readonly callees: readonly PprofPeekCall[];
}

export interface PprofPeek {
  /** The header lines before the table (File, Type, ..., Showing nodes accounting for ...). */
  readonly header: readonly string[];
  readonly entries: readonly PprofPeekEntry[];
}

const SEPARATOR = /^-+\+-+$/;
const CALL = /^\s+(\S+)\s+(\S+) \| {3}(.*)$/;
const ENTRY = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+\| (.*)$/;

/** `go tool pprof -peek REGEXP FLAGS... FILES...`, split into its header and entries. */
export async function runPprofPeek(regexp: string, args: readonly string[]): Promise<PprofPeek> {
  const text = await goToolPprof([`-peek=${regexp}`, ...args]);
  const lines = text.split('\n');
  const first = lines.findIndex((line) => SEPARATOR.test(line));
  if (first < 0) throw new Error(`read pprof -peek output: no table in ${text.slice(0, 500)}`);
  const entries: PprofPeekEntry[] = [];
  let calls: PprofPeekCall[] = [];
  let entry: Omit<PprofPeekEntry, 'callees'> | undefined;
  const finish = () => {
    if (entry !== undefined) entries.push({ ...entry, callees: calls });
    entry = undefined;
    calls = [];
  };
  // Line first + 1 is the column legend.
  for (const line of lines.slice(first + 2)) {
    if (line === '') continue;
    if (SEPARATOR.test(line)) {
      finish();
      continue;
    }
    const row = ENTRY.exec(line);
    if (row !== null) {
      const [, flat, flatPercent, sumPercent, cum, cumPercent, name] = row as unknown as string[];
      entry = { flat, flatPercent, sumPercent, cum, cumPercent, name, callers: calls } as typeof entry;
      calls = [];
      continue;
    }
    const call = CALL.exec(line);
    if (call === null) throw new Error(`read pprof -peek output: cannot split ${JSON.stringify(line)}`);
    const [, weight, percent, name] = call as unknown as string[];
    calls.push({ weight: weight!, percent: percent!, name: name! });
  }
  finish();
  return { header: lines.slice(0, first), entries };
}

export interface PprofListRoutine {
  readonly function: string;
  readonly file: string;
  readonly flat: string;
  readonly cum: string;
  /** "98.56%" of "(flat, cum) 98.56% of Total". */
  readonly percent: string;
  /**
   * Source lines with a weight, by number: [flat, cum] as pprof prints them ("." for zero). Only
   * where pprof found the file (the Go library's, under GOROOT); empty otherwise.
   */
  readonly lines: ReadonlyMap<number, readonly [string, string]>;
}

export interface PprofList {
  /** The value of the "Total: 1.13MB" line. */
  readonly total: string;
  readonly routines: readonly PprofListRoutine[];
}

const ROUTINE = /^ROUTINE =+ (.*) in (.*)$/;
const ROUTINE_VALUES = /^\s*(\S+)\s+(\S+) \(flat, cum\)\s+(\S+) of Total$/;
const SOURCE_LINE = /^(.{10}) (.{10}) +(\d+):/;

/** `go tool pprof -list REGEXP FLAGS... FILES...`: the total and each ROUTINE block's numbers. */
export async function runPprofList(regexp: string, args: readonly string[]): Promise<PprofList> {
  const text = await goToolPprof([`-list=${regexp}`, ...args]);
  const lines = text.split('\n');
  const total = /^Total: (\S+)$/.exec(lines[0] ?? '')?.[1];
  if (total === undefined) throw new Error(`read pprof -list output: no total in ${text.slice(0, 500)}`);
  const routines: {
    function: string;
    file: string;
    flat: string;
    cum: string;
    percent: string;
    lines: Map<number, [string, string]>;
  }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const routine = ROUTINE.exec(lines[i]!);
    if (routine !== null) {
      const values = ROUTINE_VALUES.exec(lines[++i] ?? '');
      if (values === null) throw new Error(`read pprof -list output: no values under ${lines[i - 1]}`);
      routines.push({
        function: routine[1]!,
        file: routine[2]!,
        flat: values[1]!,
        cum: values[2]!,
        percent: values[3]!,
        lines: new Map(),
      });
      continue;
    }
    const source = SOURCE_LINE.exec(lines[i]!);
    const current = routines.at(-1);
    if (source === null || current === undefined) continue;
    const [flat, cum] = [source[1]!.trim(), source[2]!.trim()];
    if (flat !== '.' || cum !== '.') current.lines.set(Number(source[3]), [flat, cum]);
  }
  return { total, routines };
}
