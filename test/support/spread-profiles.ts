// Crafted profiles for the flame graph's hidden weight: a heap profile whose memory is spread over
// thousands of tiny call paths ending in four leaf functions, and a goroutine profile with a sample
// whose stack is empty. Built with the profile builder, so every number is known exactly.

import { ProfileBuilder, type Profile } from '../../src/pprof/index.js';

/** The four leaves of the spread heap profile, heaviest first, with how many call paths reach each. */
export const SPREAD_LEAVES = [
  { name: 'main.allocIndex', paths: 3750 },
  { name: 'main.allocBuffer', paths: 3500 },
  { name: 'strings.(*Builder).grow', paths: 2750 },
  { name: 'main.allocRecords', paths: 2000 },
] as const;
/** In-use bytes of each tiny call path: 0.008% of the total, under the viewer's 0.01% limit. */
export const SPREAD_PATH_BYTES = 8192;
/** The call paths (`main.handler0` … `main.handler11999`, one per path), 96% of the total. */
export const SPREAD_PATHS = 12_000;
/** The rest, 4%, on one visible path: `main.main;main.visible;runtime.mallocgc`. */
export const SPREAD_VISIBLE_BYTES = 4_096_000;
export const SPREAD_TOTAL_BYTES = SPREAD_PATHS * SPREAD_PATH_BYTES + SPREAD_VISIBLE_BYTES;

/**
 * A heap profile (inuse_space, the default) where `main.main` calls 12,000 distinct handlers,
 * each calling one of the four leaves once: 96% of the memory in subtrees of 0.008% each.
 */
export function spreadHeapProfile(): Profile {
  const builder = new ProfileBuilder({
    sampleTypes: [
      { type: 'alloc_objects', unit: 'count' },
      { type: 'alloc_space', unit: 'bytes' },
      { type: 'inuse_objects', unit: 'count' },
      { type: 'inuse_space', unit: 'bytes' },
    ],
    periodType: { type: 'space', unit: 'bytes' },
    period: 524288,
  });
  const location = (name: string) => builder.addLocation([{ function: builder.addFunction(name, 'main.go') }]);
  const main = location('main.main');
  const leaves = SPREAD_LEAVES.map((leaf) => location(leaf.name));
  let handler = 0;
  SPREAD_LEAVES.forEach((leaf, i) => {
    for (let p = 0; p < leaf.paths; p++, handler++) {
      const values = [1, SPREAD_PATH_BYTES, 1, SPREAD_PATH_BYTES];
      builder.addSample([leaves[i]!, location(`main.handler${handler}`), main], values);
    }
  });
  const visible = [location('runtime.mallocgc'), location('main.visible'), main];
  builder.addSample(visible, [500, SPREAD_VISIBLE_BYTES, 500, SPREAD_VISIBLE_BYTES]);
  return builder.build();
}

/** A goroutine profile of 30,011 goroutines: 30,010 parked in two places, one with an empty stack. */
export function emptyStackGoroutineProfile(): Profile {
  const builder = new ProfileBuilder({
    sampleTypes: [{ type: 'goroutine', unit: 'count' }],
    periodType: { type: 'goroutine', unit: 'count' },
    period: 1,
  });
  const location = (name: string) => builder.addLocation([{ function: builder.addFunction(name, 'proc.go') }]);
  const [park, wait, serve, main] = ['runtime.gopark', 'main.wait', 'main.serve', 'main.main'].map(location);
  builder.addSample([park!, wait!, main!], [30_000]);
  builder.addSample([park!, serve!, main!], [10]);
  builder.addSample([], [1]);
  return builder.build();
}
