// pprof's legacy binary CPU profiles (gperftools' and Go's before 1.9): 32- or 64-bit words in
// either byte order, a header, samples of counts and stacks, then the memory map as text; and the
// Java form of it, whose addresses are named by a text section after the samples.

import {
  UnrecognizedFormat,
  locationTable,
  newLegacyProfile,
  type LegacyLocation,
  type LegacyProfile,
} from './legacy-model.js';
import { parseJavaLocations } from './legacy-java-profile.js';
import { LineScanner, parseMemoryMap } from './memory-map.js';
import { cleanupDuplicateLocations } from './legacy-text-profiles.js';

interface WordReader {
  readonly size: 4 | 8;
  readonly littleEndian: boolean;
}

const WORDS: readonly WordReader[] = [
  { size: 4, littleEndian: true },
  { size: 4, littleEndian: false },
  { size: 8, littleEndian: true },
  { size: 8, littleEndian: false },
];

class Words {
  private readonly view: DataView;
  at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly word: WordReader,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get remaining(): number {
    return this.bytes.length - this.at;
  }
  /** The next word, or undefined when fewer bytes than a word are left (pprof's nil rest). */
  next(): bigint | undefined {
    if (this.remaining < this.word.size) {
      this.at = this.bytes.length + 1;
      return undefined;
    }
    const value =
      this.word.size === 4
        ? BigInt(this.view.getUint32(this.at, this.word.littleEndian))
        : this.view.getBigUint64(this.at, this.word.littleEndian);
    this.at += this.word.size;
    return value;
  }
  rest(): Uint8Array {
    return this.bytes.subarray(Math.min(this.at, this.bytes.length));
  }
}

export type CpuProfile = { readonly profile: LegacyProfile; readonly java: boolean };

/** The binary CPU profile in `bytes` (parseCPU); UnrecognizedFormat when its header is not one. */
export function parseCpu(bytes: Uint8Array): CpuProfile {
  for (const word of WORDS) {
    const words = new Words(bytes, word);
    const header = [words.next(), words.next(), words.next(), words.next(), words.next()];
    if (words.at > bytes.length) continue;
    const [n1, n2, n3, n4, n5] = header as bigint[];
    if (n1 !== 0n || n2 !== 3n || n4! <= 0n || n5 !== 0n || (n3 !== 0n && n3 !== 1n)) continue;
    const java = n3 === 1n;
    const period = Number(n4) * 1000;
    const profile = newLegacyProfile(
      [
        { type: 'samples', unit: 'count' },
        { type: 'cpu', unit: 'nanoseconds' },
      ],
      { type: 'cpu', unit: 'nanoseconds' },
      period,
    );
    const locations = parseCpuSamples(words, !java, profile);
    const text = new TextDecoder().decode(words.rest());
    if (java) {
      parseJavaLocations(text, locations);
      for (const sample of profile.samples) for (const location of sample.locations) location.address = 0n;
      return { profile, java };
    }
    dropCommonSecondFrame(profile);
    profile.mappings = parseMemoryMap(new LineScanner(text));
    return { profile, java };
  }
  throw new UnrecognizedFormat();
}

/** The samples up to the end marker; `adjust` moves return addresses back into their calls. */
function parseCpuSamples(words: Words, adjust: boolean, profile: LegacyProfile): Map<bigint, LegacyLocation> {
  const byAddress = new Map<bigint, LegacyLocation>();
  const location = locationTable();
  while (words.remaining > 0) {
    const count = words.next();
    const depth = words.next();
    if (count === undefined || depth === undefined || depth > BigInt(Math.floor(words.remaining / 4))) {
      throw new UnrecognizedFormat();
    }
    const addresses = Array.from({ length: Number(depth) }, () => words.next() ?? 0n);
    if (count === 0n && depth === 1n && addresses[0] === 0n) break;
    const stack = addresses.map((a, i) => {
      const at = adjust && i > 0 ? a - 1n : a;
      const found = location(at);
      byAddress.set(at, found);
      return found;
    });
    const n = Number(count);
    profile.samples.push({ locations: stack, values: [n, n * profile.period] });
  }
  return byAddress;
}

/**
 * gperftools records the signal handler's caller as every sample's second frame; pprof drops a
 * second frame shared by all but 1/32 of the samples, twice (cpuProfile).
 */
function dropCommonSecondFrame(profile: LegacyProfile): void {
  const margin = Math.trunc(profile.samples.length / 32);
  for (let iteration = 0; iteration < 2; iteration++) {
    const counts = new Map<bigint, number>();
    for (const sample of profile.samples) {
      const second = sample.locations[1];
      if (second !== undefined) counts.set(second.address, (counts.get(second.address) ?? 0) + 1);
    }
    for (const [address, n] of counts) {
      if (n < profile.samples.length - margin) continue;
      for (const sample of profile.samples) {
        if (sample.locations.length > 1 && sample.locations[1]!.address === address) sample.locations.splice(1, 1);
      }
      break;
    }
  }
  cleanupDuplicateLocations(profile);
}
