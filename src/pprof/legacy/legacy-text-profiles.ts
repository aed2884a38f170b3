// pprof's legacy text formats (its profile/legacy_profile.go): gperftools and Go `debug=1` heap,
// growth and fragmentation; Go's goroutine and threadcreate counts; gperftools threadz and
// contentionz (and Go's `--- mutex:` / `--- contention:`). Each parser throws UnrecognizedFormat
// when the text is not its format, and ProfileDecodeError when it is but is malformed.

import { ProfileDecodeError } from '../profile-errors.js';
import {
  UnrecognizedFormat,
  locationTable,
  newLegacyProfile,
  type LegacyLocation,
  type LegacyProfile,
} from './legacy-model.js';
import type { LineScanner } from './memory-map.js';
import { isMemoryMapSentinel, isSpaceOrComment, parseAdditionalSections, parseHexAddresses } from './memory-map.js';

const COUNT_START = /^(\S+) profile: total \d+$/;
const COUNT_SAMPLE = /^(\d+) @((?: 0x[0-9a-f]+)+)$/;
const HEAP_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const HEAP_SAMPLE = /(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)/;
const GROWTH_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?/;
const FRAGMENTATION_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?/;
const CONTENTION_SAMPLE = /(\d+) *(\d+) @([ x0-9a-f]*)/;
const THREADZ_START = /--- threadz \d+ ---/;
const THREAD_START = /--- Thread ([0-9A-Fa-f]+) \(name: (.*)\/(\d+)\) stack: ---/;

const count = (unit: string, type: string) => ({ type, unit });

/** The stack of return addresses: each but the leaf's points after its call, as pprof moves it back one. */
function stack(addresses: readonly bigint[], location: (a: bigint) => LegacyLocation, keepLeaf = false) {
  return addresses.map((a, i) => location(keepLeaf && i === 0 ? a : a - 1n));
}

/** Go's goroutine and threadcreate `debug=1` counts (parseGoCount). */
export function parseGoCount(scanner: LineScanner): LegacyProfile {
  while (scanner.scan() && isSpaceOrComment(scanner.text())) {
    // Skipping leading comments.
  }
  const start = COUNT_START.exec(scanner.text());
  if (start === null) throw new UnrecognizedFormat();
  const type = count('count', start[1]!);
  const profile = newLegacyProfile([type], type, 1);
  const location = locationTable();
  while (scanner.scan()) {
    const line = scanner.text();
    if (isSpaceOrComment(line)) continue;
    if (line.startsWith('---')) break;
    const sample = COUNT_SAMPLE.exec(line);
    if (sample === null) throw new ProfileDecodeError(`malformed ${start[1]!} profile line ${JSON.stringify(line)}`);
    const addresses = sample[2]!.trim().split(/\s+/).map(BigInt);
    profile.samples.push({ locations: addresses.map((a) => location(a - 1n)), values: [Number(sample[1])] });
  }
  profile.mappings = parseAdditionalSections(scanner);
  return profile;
}

/** heapz, heapz_v2 and Go's `heap/RATE` (parseHeapHeader): how sample values are scaled. */
function heapHeader(header: RegExpExecArray): { sampling: string; period: number; hasAlloc: boolean } {
  const period = header[6] === '' ? 0 : Number(header[6]);
  const hasAlloc = (header[3] !== header[1] && header[3] !== '0') || (header[4] !== header[2] && header[4] !== '0');
  switch (header[5]) {
    case 'heapz_v2':
    case 'heap_v2':
      return { sampling: 'v2', period, hasAlloc };
    case 'heapprofile':
      return { sampling: '', period: 1, hasAlloc };
    case 'heap':
      return { sampling: 'v2', period: Math.trunc(period / 2), hasAlloc };
    default:
      throw new UnrecognizedFormat();
  }
}

/** pprof's scaleHeapSample: a sampled count and size scaled up by the sampling's odds. */
export function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const scale = 1 / (1 - Math.exp(-(size / count) / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}

/** gperftools and Go `debug=1` heap profiles, growth and fragmentation (parseHeap). */
export function parseHeap(scanner: LineScanner): LegacyProfile {
  if (!scanner.scan()) throw new UnrecognizedFormat();
  const line = scanner.text();
  let sampling = '';
  let period = 1;
  let hasAlloc = false;
  const header = HEAP_HEADER.exec(line);
  if (header !== null) ({ sampling, period, hasAlloc } = heapHeader(header));
  else if (!GROWTH_HEADER.test(line) && !FRAGMENTATION_HEADER.test(line)) throw new UnrecognizedFormat();
  const sampleTypes = hasAlloc
    ? [
        count('count', 'alloc_objects'),
        count('bytes', 'alloc_space'),
        count('count', 'inuse_objects'),
        count('bytes', 'inuse_space'),
      ]
    : [count('count', 'objects'), count('bytes', 'space')];
  const profile = newLegacyProfile(sampleTypes, count('bytes', 'space'), period);
  const location = locationTable();
  while (scanner.scan()) {
    const text = scanner.text().trim();
    if (isSpaceOrComment(text)) continue;
    if (isMemoryMapSentinel(text)) break;
    const sample = HEAP_SAMPLE.exec(text);
    if (sample === null) throw new ProfileDecodeError(`malformed heap profile line ${JSON.stringify(text)}`);
    let blockSize = 0;
    const values: number[] = [];
    const add = (countText: string, sizeText: string, label: string) => {
      let n = Number(countText);
      let size = Number(sizeText);
      if (n === 0 && size !== 0) throw new ProfileDecodeError(`${label} count was 0 but ${label} bytes was ${size}`);
      if (n !== 0) {
        blockSize = Math.trunc(size / n);
        if (sampling === 'v2') [n, size] = scaleHeapSample(n, size, period);
      }
      values.push(n, size);
    };
    if (hasAlloc) add(sample[3]!, sample[4]!, 'allocation');
    add(sample[1]!, sample[2]!, 'inuse');
    const addresses = parseHexAddresses(sample[5]!);
    profile.samples.push({ locations: addresses.map((a) => location(a - 1n)), values, bytesLabel: blockSize });
  }
  profile.mappings = parseAdditionalSections(scanner);
  return profile;
}

/** gperftools contentionz and Go's legacy mutex and block text (parseContention). */
export function parseContention(scanner: LineScanner): LegacyProfile {
  if (!scanner.scan()) throw new UnrecognizedFormat();
  const first = scanner.text();
  if (!['--- contentionz ', '--- mutex:', '--- contention:'].some((prefix) => first.startsWith(prefix))) {
    throw new UnrecognizedFormat();
  }
  const profile = newLegacyProfile(
    [count('count', 'contentions'), count('nanoseconds', 'delay')],
    count('count', 'contentions'),
    1,
  );
  let cpuHz = 0;
  while (scanner.scan()) {
    const line = scanner.text().trim();
    if (isSpaceOrComment(line)) continue;
    if (line.startsWith('---')) break;
    const equals = line.indexOf('=');
    if (equals < 0) break;
    const key = line.slice(0, equals).trim();
    const value = goInteger(line.slice(equals + 1).trim());
    if (key === 'discarded samples') continue;
    if (value === undefined) throw new UnrecognizedFormat();
    if (key === 'cycles/second') cpuHz = value;
    else if (key === 'sampling period') profile.period = value;
    else if (key === 'ms since reset') profile.durationNanos = value * 1000 * 1000;
    // "format" and "resolution" mean the Java form, read by parseJavaProfile.
    else throw new UnrecognizedFormat();
  }
  const location = locationTable();
  for (;;) {
    const line = scanner.text().trim();
    if (line.startsWith('---')) break;
    if (!isSpaceOrComment(line)) {
      const sample = CONTENTION_SAMPLE.exec(line);
      if (sample === null) throw new UnrecognizedFormat();
      let cycles = Number(sample[1]);
      let n = Number(sample[2]);
      if (profile.period > 0) {
        if (cpuHz > 0) cycles = Math.trunc((cycles * profile.period) / (cpuHz / 1e9));
        n *= profile.period;
      }
      const addresses = parseHexAddresses(sample[3]!);
      profile.samples.push({ locations: addresses.map((a) => location(a - 1n)), values: [n, cycles] });
    }
    if (!scanner.scan()) break;
  }
  profile.mappings = parseAdditionalSections(scanner);
  return profile;
}

/** strconv.ParseInt(text, 0, 64) for the decimal and 0x forms the headers use. */
function goInteger(text: string): number | undefined {
  if (/^[+-]?(0x[0-9a-fA-F]+|\d+)$/.test(text)) return Number(text.replace(/^\+/, ''));
  return undefined;
}

/** gperftools threadz: one stack per thread (parseThread). */
export function parseThread(scanner: LineScanner): LegacyProfile {
  while (scanner.scan() && isSpaceOrComment(scanner.text())) {
    // Skipping leading comments.
  }
  let line = scanner.text();
  if (THREADZ_START.test(line)) {
    while (scanner.scan()) {
      line = scanner.text();
      if (isMemoryMapSentinel(line) || line.startsWith('-')) break;
    }
  } else if (!THREAD_START.test(line)) throw new UnrecognizedFormat();
  const type = count('count', 'thread');
  const profile = newLegacyProfile([type], type, 1);
  const location = locationTable();
  while (!isMemoryMapSentinel(line)) {
    if (line.startsWith('---- no stack trace for')) break;
    if (!THREAD_START.test(line)) throw new UnrecognizedFormat();
    let addresses: bigint[];
    [line, addresses] = threadSample(scanner);
    if (addresses.length === 0) {
      const last = profile.samples[profile.samples.length - 1];
      if (last !== undefined) last.values[0]!++;
      continue;
    }
    profile.samples.push({ locations: stack(addresses, location, true), values: [1] });
  }
  profile.mappings = parseAdditionalSections(scanner);
  cleanupDuplicateLocations(profile);
  return profile;
}

/** One thread's addresses and the line that ends them; none when "same as previous thread". */
function threadSample(scanner: LineScanner): [string, bigint[]] {
  let line = '';
  let sameAsPrevious = false;
  const addresses: bigint[] = [];
  while (scanner.scan()) {
    line = scanner.text().trim();
    if (line === '') continue;
    if (line.startsWith('---')) break;
    if (line.includes('same as previous thread')) {
      sameAsPrevious = true;
      continue;
    }
    addresses.push(...parseHexAddresses(line));
  }
  return [line, sameAsPrevious ? [] : addresses];
}

/** A leaf recorded twice (its PC and its return address one past it) keeps one frame. */
export function cleanupDuplicateLocations(profile: LegacyProfile): void {
  for (const sample of profile.samples) {
    const [leaf, next] = sample.locations;
    if (leaf !== undefined && next !== undefined && leaf.address === next.address + 1n) sample.locations.splice(1, 1);
  }
}
