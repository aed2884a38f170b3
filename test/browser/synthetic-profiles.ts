// Tiny profiles written with pprof-format (the test-only encoder) from collapsed stacks, for the
// cases no real capture has: a function name made of markup, a profile with no samples.

import { Function as PprofFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

/** `"main;a;b 30\nmain;c 10"` → a one-sample-type profile (root first in each line). */
export function encodeCollapsed(collapsed: string, sampleType: { type: string; unit: string }): Uint8Array {
  const strings = new StringTable();
  const functionIds = new Map<string, number>();
  const functions: PprofFunction[] = [];
  const locations: Location[] = [];
  const samples: Sample[] = [];
  const locationOf = (name: string): number => {
    let id = functionIds.get(name);
    if (id === undefined) {
      id = functions.length + 1;
      functionIds.set(name, id);
      functions.push(new PprofFunction({ id, name: strings.dedup(name), filename: strings.dedup('main.go') }));
      locations.push(new Location({ id, line: [new Line({ functionId: id, line: id })] }));
    }
    return id;
  };
  for (const line of collapsed.split('\n').filter((l) => l.trim() !== '')) {
    const space = line.lastIndexOf(' ');
    const frames = line.slice(0, space).split(';');
    samples.push(new Sample({ locationId: frames.map(locationOf).reverse(), value: [Number(line.slice(space + 1))] }));
  }
  const profile = new Profile({
    sampleType: [new ValueType({ type: strings.dedup(sampleType.type), unit: strings.dedup(sampleType.unit) })],
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
    timeNanos: 1_795_000_000_000_000_000n,
  });
  return profile.encode();
}
