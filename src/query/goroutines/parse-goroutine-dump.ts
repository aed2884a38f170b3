// Parses Go's `debug=2` goroutine dump (runtime.Stack of every goroutine) into goroutines whose
// frames are interned, so that 50,000 goroutines on a few stacks cost a few thousand strings.

import { GoroutineDumpError } from './goroutine-dump-error.js';

/** One frame as the traceback prints it: the function (without its arguments) and where. */
export interface GoroutineFrame {
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

export interface Goroutine {
  readonly id: number;
  /** The wait reason or status in the header's brackets: `chan receive`, `select`, `running`. */
  readonly state: string;
  /** `N minutes` of the header; Go prints it only from one minute of waiting on, so 0 means under a minute. */
  readonly waitMinutes: number;
  readonly lockedToThread: boolean;
  /** Indexes into GoroutineDump.frames, the leaf first. */
  readonly frames: readonly number[];
  /** The same for goroutines with the same frames (and elision) in this dump: grouping needs no string per goroutine. */
  readonly stack: number;
  /** The traceback stopped at Go's limit (`...additional frames elided...`). */
  readonly framesElided: boolean;
  /** Index into GoroutineDump.frames of the `created by` frame; -1 for goroutines Go started itself (main). */
  readonly createdBy: number;
  /** The creating goroutine (`created by F in goroutine N`, Go ≥ 1.21); -1 when not printed. */
  readonly creatorId: number;
}

export interface GoroutineDump {
  readonly goroutines: readonly Goroutine[];
  /**
   * The text ends inside a goroutine: net/http/pprof stops writing a dump at 64 MB (mid-line). The
   * goroutines read are those before; that last one and any after are not.
   */
  readonly truncated: boolean;
  /** Every distinct frame, in order of first appearance. */
  readonly frames: readonly GoroutineFrame[];
}

// `goroutine 18 [chan receive, 12 minutes, locked to thread]:`; GOTRACEBACK=system adds `gp=… m=…` before the bracket.
const HEADER = /^goroutine (\d+)(?: [^[]*)? \[([^\]]*)\]:$/;
const WAIT = /^(\d+) minutes?$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?$/;
// `\t/usr/lib/go/src/runtime/proc.go:250 +0x1c6` (the offset absent for inlined frames; `fp=… sp=…` with GOTRACEBACK=system).
const FILE_LINE = /^\t(.*):(\d+)(?: .*)?$/;
const ELIDED = '...additional frames elided...';

/**
 * The goroutines of `text`, in dump order. `source` names the dump in errors (a file, a URL). A
 * line that fits nowhere is a GoroutineDumpError naming it: a debug=1 dump or a proto is refused
 * on its first line, so a wrong endpoint is not mistaken for an empty program.
 */
export function parseGoroutineDump(text: string, source: string): GoroutineDump {
  let end = text.length;
  let truncated = false;
  if (end > 0 && !text.endsWith('\n')) {
    // No final newline: a dump Go cut at its size limit, unless its last goroutine reads whole.
    const cut = text.lastIndexOf('\n\n');
    if (cut >= 0 && !readsWhole(text.slice(cut + 2), source)) {
      end = cut + 1;
      truncated = true;
    }
  }
  const parser = new DumpParser(source);
  const lineCount = readLines(text, end, parser);
  return { ...parser.finish(lineCount), truncated };
}

/** Feeds the lines of text[0, end) to the parser; the number of lines. */
function readLines(text: string, end: number, parser: DumpParser): number {
  let lineNumber = 0;
  let start = 0;
  while (start < end) {
    let stop = text.indexOf('\n', start);
    if (stop < 0 || stop > end) stop = end;
    lineNumber += 1;
    const line = text.charCodeAt(stop - 1) === 13 ? text.slice(start, stop - 1) : text.slice(start, stop);
    parser.read(line, lineNumber);
    start = stop + 1;
  }
  return lineNumber;
}

function readsWhole(block: string, source: string): boolean {
  try {
    const parser = new DumpParser(source);
    parser.finish(readLines(block, block.length, parser));
    return true;
  } catch (error) {
    if (error instanceof GoroutineDumpError) return false;
    throw error;
  }
}

interface OpenGoroutine {
  id: number;
  state: string;
  waitMinutes: number;
  lockedToThread: boolean;
  frames: number[];
  framesElided: boolean;
  createdBy: number;
  creatorId: number;
  /** The function of a frame (or `created by`) whose file line comes next; undefined between frames. */
  pendingFunction: string | undefined;
  pendingCreatedBy: boolean;
}

/** A trie of frame sequences: each distinct stack is one node, found in one Map look-up per frame. */
interface StackNode {
  readonly id: number;
  readonly next: Map<number, StackNode>;
}

/** The trie's edge for `...additional frames elided...`, which no frame index is. */
const ELIDED_EDGE = -1;

class DumpParser {
  readonly goroutines: Goroutine[] = [];
  readonly frames: GoroutineFrame[] = [];
  private readonly frameIndex = new Map<string, number>();
  private readonly stacks: StackNode = { id: 0, next: new Map() };
  private stackCount = 1;
  private current: OpenGoroutine | undefined;

  constructor(private readonly source: string) {}

  read(line: string, lineNumber: number): void {
    if (line === '') {
      this.close(lineNumber);
      return;
    }
    const current = this.current;
    if (current === undefined) {
      this.current = this.open(line, lineNumber);
      return;
    }
    if (current.pendingFunction !== undefined) {
      this.readFileLine(current, line, lineNumber);
      return;
    }
    if (line === ELIDED) {
      current.framesElided = true;
      return;
    }
    if (line.startsWith('created by ')) {
      const created = CREATED_BY.exec(line);
      current.pendingFunction = created![1]!;
      current.pendingCreatedBy = true;
      if (created![2] !== undefined) current.creatorId = Number(created![2]);
      return;
    }
    if (line.startsWith('\t')) this.fail(lineNumber, `a file line ${quote(line)} follows no function line`);
    if (current.createdBy >= 0) this.fail(lineNumber, `${quote(line)} follows the "created by" frame`);
    current.pendingFunction = functionOf(line, () => this.fail(lineNumber, `${quote(line)} is not a frame`));
  }

  finish(lineCount: number): Omit<GoroutineDump, 'truncated'> {
    this.close(lineCount + 1);
    if (this.goroutines.length === 0) this.fail(0, 'the text holds no goroutine');
    return { goroutines: this.goroutines, frames: this.frames };
  }

  private open(line: string, lineNumber: number): OpenGoroutine {
    const header = HEADER.exec(line);
    if (header === null) {
      if (isBinary(line)) {
        this.fail(
          lineNumber,
          'the data is binary (a profile.proto?), not the debug=2 text (ask the endpoint with ?debug=2)',
        );
      }
      const hint = line.startsWith('goroutine profile: total')
        ? ' (this is a debug=1 dump; the analyser reads debug=2)'
        : '';
      this.fail(lineNumber, `expected a header like "goroutine 18 [chan receive]:", found ${quote(line)}${hint}`);
    }
    const open: OpenGoroutine = {
      id: Number(header[1]),
      state: '',
      waitMinutes: 0,
      lockedToThread: false,
      frames: [],
      framesElided: false,
      createdBy: -1,
      creatorId: -1,
      pendingFunction: undefined,
      pendingCreatedBy: false,
    };
    const parts = header[2]!.split(', ');
    open.state = parts[0]!;
    for (const part of parts.slice(1)) {
      const wait = WAIT.exec(part);
      if (wait !== null) open.waitMinutes = Number(wait[1]);
      else if (part === 'locked to thread') open.lockedToThread = true;
      // Other marks (`scan`, `syscall` times of newer Go) do not change a group: they are part of the state.
      else open.state = `${open.state}, ${part}`;
    }
    return open;
  }

  private readFileLine(current: OpenGoroutine, line: string, lineNumber: number): void {
    const where = FILE_LINE.exec(line);
    if (where === null)
      this.fail(lineNumber, `expected a file line like "\\t/src/main.go:12 +0x1d", found ${quote(line)}`);
    const frame = this.intern(current.pendingFunction!, where[1]!, Number(where[2]));
    if (current.pendingCreatedBy) current.createdBy = frame;
    else current.frames.push(frame);
    current.pendingFunction = undefined;
    current.pendingCreatedBy = false;
  }

  private close(lineNumber: number): void {
    const current = this.current;
    if (current === undefined) return;
    if (current.pendingFunction !== undefined) {
      this.fail(lineNumber, `the frame ${quote(current.pendingFunction)} has no file line`);
    }
    this.goroutines.push({
      id: current.id,
      state: current.state,
      waitMinutes: current.waitMinutes,
      lockedToThread: current.lockedToThread,
      frames: current.frames,
      stack: this.stackOf(current),
      framesElided: current.framesElided,
      createdBy: current.createdBy,
      creatorId: current.creatorId,
    });
    this.current = undefined;
  }

  private stackOf(goroutine: OpenGoroutine): number {
    let node = this.stacks;
    const edges = goroutine.framesElided ? [...goroutine.frames, ELIDED_EDGE] : goroutine.frames;
    for (const edge of edges) {
      let next = node.next.get(edge);
      if (next === undefined) {
        next = { id: this.stackCount++, next: new Map() };
        node.next.set(edge, next);
      }
      node = next;
    }
    return node.id;
  }

  private intern(fn: string, file: string, line: number): number {
    const key = `${fn}\n${file}\n${line}`;
    let index = this.frameIndex.get(key);
    if (index === undefined) {
      index = this.frames.length;
      this.frames.push({ function: fn, file, line });
      this.frameIndex.set(key, index);
    }
    return index;
  }

  private fail(lineNumber: number, reason: string): never {
    throw new GoroutineDumpError(this.source, lineNumber, reason);
  }
}

/**
 * The function of `main.(*config).handler.func5({0x7ba108?, 0xc0001220e0}, 0xc00007ea00)`: the
 * text before the last `(`, which opens the arguments (Go prints no parentheses inside them).
 */
function functionOf(line: string, fail: () => never): string {
  if (!line.endsWith(')')) fail();
  const open = line.lastIndexOf('(');
  if (open <= 0) fail();
  return line.slice(0, open);
}

/** gzip's first byte, bytes that were no UTF-8, or a NUL: a proto, not text. */
function isBinary(line: string): boolean {
  return line.charCodeAt(0) === 0x1f || line.startsWith('\ufffd') || line.includes('\u0000');
}

function quote(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}
