// Mutation fuzzing of the decoder: turns a valid profile into broken variants and checks that
// decoding either yields a model whose cross references all hold or throws a typed profile error.
// Used by the fuzz test (a few hundred cases) and scripts/fuzz-decoder.ts (as many as asked).

import { decodeProfile } from './decode-profile.js';
import { ProfileDecodeError, ProfileTooLargeError } from './profile-errors.js';
import type { Profile } from './profile-model.js';

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MUTATIONS = [
  'flip bits',
  'truncate',
  'set byte 0xff',
  'insert bytes',
  'duplicate a span',
  'zero a span',
] as const;

/** Returns a mutated copy of `bytes` and the mutation's description. */
export function mutate(bytes: Uint8Array, random: () => number): { bytes: Uint8Array; mutation: string } {
  const pick = (limit: number) => Math.floor(random() * limit);
  const kind = MUTATIONS[pick(MUTATIONS.length)]!;
  const at = pick(bytes.length);
  const copy = bytes.slice();
  switch (kind) {
    case 'flip bits': {
      const flips = 1 + pick(8);
      for (let i = 0; i < flips; i++) copy[pick(copy.length)]! ^= 1 << pick(8);
      return { bytes: copy, mutation: `${kind} x${flips}` };
    }
    case 'truncate':
      return { bytes: bytes.slice(0, at), mutation: `${kind} at ${at}` };
    case 'set byte 0xff':
      copy[at] = 0xff;
      return { bytes: copy, mutation: `${kind} at ${at}` };
    case 'insert bytes': {
      const inserted = Uint8Array.from({ length: 1 + pick(16) }, () => pick(256));
      return { bytes: concat(bytes.subarray(0, at), inserted, bytes.subarray(at)), mutation: `${kind} at ${at}` };
    }
    case 'duplicate a span': {
      const end = Math.min(bytes.length, at + 1 + pick(256));
      return {
        bytes: concat(bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end)),
        mutation: `${kind} ${at}-${end}`,
      };
    }
    case 'zero a span': {
      const end = Math.min(bytes.length, at + 1 + pick(64));
      copy.fill(0, at, end);
      return { bytes: copy, mutation: `${kind} ${at}-${end}` };
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Describes the first broken cross reference in a decoded model, or returns undefined. */
export function findModelInconsistency(profile: Profile): string | undefined {
  const { samples, locations, functions, strings } = profile;
  const width = profile.sampleTypes.length;
  if (samples.values.length !== samples.count * width) return 'values length is not count x sample types';
  if (samples.stackStart.length !== samples.count + 1) return 'stackStart length';
  if (samples.stackStart[samples.count] !== samples.stackLocations.length) return 'stackStart end';
  for (const index of samples.stackLocations) if (index >= locations.count) return `location index ${index}`;
  for (const index of locations.lineFunction) if (index >= functions.count) return `function index ${index}`;
  for (const table of [
    functions.name,
    functions.filename,
    functions.systemName,
    samples.labelKey,
    samples.labelString,
  ]) {
    for (const index of table) if (index >= strings.length) return `string index ${index}`;
  }
  if (strings[0] !== '') return 'string 0 is not empty';
  return undefined;
}

/** Decodes one mutated input; returns a failure description, or undefined when behaviour was right. */
export function checkDecoderOn(bytes: Uint8Array): string | undefined {
  let profile: Profile;
  try {
    profile = decodeProfile(bytes, { maxDecompressedBytes: 64 * 1024 * 1024 });
  } catch (error) {
    if (error instanceof ProfileDecodeError || error instanceof ProfileTooLargeError) return undefined;
    return `threw ${(error as Error).name}: ${(error as Error).message}`;
  }
  const inconsistency = findModelInconsistency(profile);
  return inconsistency === undefined ? undefined : `decoded an inconsistent model: ${inconsistency}`;
}
