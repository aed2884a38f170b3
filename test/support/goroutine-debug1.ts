// Reads Go's own `debug=1` goroutine aggregation (`N @ pcs` and `#\tpc\tfunc+off\tfile:line`
// lines), the reference the analyser's grouping is checked against.

/** One debug=1 record: its count and its frames as `func file:line`, leaf first. */
export interface Debug1Stack {
  readonly count: number;
  readonly frames: readonly string[];
  /** Go's goroutine profile keeps 32 PCs (Go 1.19's runtime.StackRecord): deeper stacks are cut. */
  readonly truncated: boolean;
}

/** Go 1.19's goroutine profile depth (runtime.StackRecord.Stack0). */
const DEBUG1_MAX_PCS = 32;

/**
 * The records of a debug=1 dump. Frames of unexported runtime functions are dropped: debug=1 hides
 * only the leading ones (gopark…), the debug=2 traceback hides them all (runtime.main under
 * main.main), so both compare on the same frames.
 */
export function parseDebug1Stacks(text: string): Debug1Stack[] {
  const stacks: Debug1Stack[] = [];
  for (const block of text.replace(/^goroutine profile: total \d+\n/, '').split(/\n\n+/)) {
    const lines = block.split('\n');
    const head = /^(\d+) @((?: 0x[0-9a-f]+)*)$/.exec(lines[0] ?? '');
    if (head === null) continue;
    const frames: string[] = [];
    for (const line of lines.slice(1)) {
      const frame = /^#\t0x[0-9a-f]+\t(.+)\+0x[0-9a-f]+\t+(.+):(\d+)$/.exec(line);
      if (frame === null || /^runtime\.[a-z_]/.test(frame[1]!)) continue;
      frames.push(`${frame[1]} ${frame[2]}:${frame[3]}`);
    }
    const pcs = head[2]!.trim().split(' ').length;
    stacks.push({ count: Number(head[1]), frames, truncated: pcs >= DEBUG1_MAX_PCS });
  }
  return stacks;
}

/** The analyser's groups as `func file:line` stacks (leaf first) with their counts, summed over states. */
export function countsByStack(
  groups: readonly { count: number; frames: readonly { function: string; file: string; line: number }[] }[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const group of groups) {
    const key = group.frames.map((frame) => `${frame.function} ${frame.file}:${frame.line}`).join('\n');
    counts.set(key, (counts.get(key) ?? 0) + group.count);
  }
  return counts;
}

/**
 * Each debug=1 stack's count as the analyser sees it: the goroutines of its groups whose stack is
 * that stack or, for a stack Go cut at 32 PCs, starts with it. Keyed by the debug=1 stack's text.
 */
export function analyserCountsOf(stacks: readonly Debug1Stack[], ours: Map<string, number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const stack of stacks) {
    const key = stack.frames.join('\n');
    let count = 0;
    for (const [ourKey, ourCount] of ours) {
      if (ourKey === key || (stack.truncated && ourKey.startsWith(`${key}\n`))) count += ourCount;
    }
    counts.set(key, (counts.get(key) ?? 0) + count);
  }
  return counts;
}
