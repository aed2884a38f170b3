// Reads Go's own `debug=1` goroutine aggregation (`N @ pcs` and `#\tpc\tfunc+off\tfile:line`
// lines) into counts per stack, the reference the analyser's grouping is checked against.

/**
 * Stack text (`func file:line` per frame, leaf first, one per line) → goroutine count. Frames of
 * unexported runtime functions are dropped: debug=1 hides only the leading ones (gopark…), the
 * debug=2 traceback hides them all (runtime.main under main.main), so both compare on the same frames.
 */
export function parseDebug1Counts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const blocks = text.replace(/^goroutine profile: total \d+\n/, '').split(/\n\n+/);
  for (const block of blocks) {
    const lines = block.split('\n');
    const head = /^(\d+) @/.exec(lines[0] ?? '');
    if (head === null) continue;
    const frames: string[] = [];
    for (const line of lines.slice(1)) {
      const frame = /^#\t0x[0-9a-f]+\t(.+)\+0x[0-9a-f]+\t+(.+):(\d+)$/.exec(line);
      if (frame === null) continue;
      if (/^runtime\.[a-z_]/.test(frame[1]!)) continue;
      frames.push(`${frame[1]} ${frame[2]}:${frame[3]}`);
    }
    const key = frames.join('\n');
    counts.set(key, (counts.get(key) ?? 0) + Number(head[1]));
  }
  return counts;
}

/** The same for the analyser's groups: summed over states, as debug=1 groups by stack only. */
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
