// A goroutine dump as a goroutine profile (`goroutine/count`), so `go-profiler view dump.txt` has a
// flame graph, Top and the rest beside its Goroutines view: one sample per group, labelled `state`.

import { ProfileBuilder, type Profile } from '../../pprof/portable.js';
import { groupGoroutines } from './group-goroutines.js';
import type { GoroutineDump } from './parse-goroutine-dump.js';

/**
 * One location per distinct frame (function, file, line), one sample per group of the dump (value:
 * its count; label `state`: its state). Stacks are the traceback's frames; the main goroutine's
 * gets runtime.main at its root, which the traceback hides and Go's goroutine profile keeps, so
 * the Goroutines view's flame graph links zoom alike in both.
 */
export function goroutineDumpProfile(dump: GoroutineDump): Profile {
  const builder = new ProfileBuilder({
    sampleTypes: [{ type: 'goroutine', unit: 'count' }],
    periodType: { type: 'goroutine', unit: 'count' },
    period: 1,
  });
  const locations = new Map<string, number>();
  const locationOf = (fn: string, file: string, line: number) => {
    const key = `${fn}\n${file}\n${line}`;
    let location = locations.get(key);
    if (location === undefined) {
      location = builder.addLocation([{ function: builder.addFunction(fn, file), line }]);
      locations.set(key, location);
    }
    return location;
  };
  for (const group of groupGoroutines(dump)) {
    const stack = group.frames.map((frame) => locationOf(frame.function, frame.file, frame.line));
    const root = group.frames.at(-1);
    if (group.createdBy === undefined && root?.function === 'main.main') stack.push(locationOf('runtime.main', '', 0));
    builder.addSample(stack, [group.count], [{ key: 'state', value: group.state }]);
  }
  return builder.build();
}
