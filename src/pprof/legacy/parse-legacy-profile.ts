// Reads the legacy formats `go tool pprof` reads when the data is no profile.proto, trying its
// parsers in its order (profile.parseLegacy) and finishing as it does: mappings merged and
// assigned, the drop/keep frames of the profile's kind (addLegacyFrameInfo).

import type { Profile } from '../profile-model.js';
import { parseCpu } from './legacy-cpu-profile.js';
import { parseJavaProfile } from './legacy-java-profile.js';
import {
  UnrecognizedFormat,
  assignMappings,
  buildLegacyProfile,
  massageMappings,
  type LegacyProfile,
} from './legacy-model.js';
import { parseContention, parseGoCount, parseHeap, parseThread } from './legacy-text-profiles.js';
import { LineScanner } from './memory-map.js';
import { ALLOC_FRAMES, ALLOC_SKIP_FRAMES, CPU_PROFILER_FRAMES, LOCK_FRAMES } from './legacy-frames.js';

const TEXT_PARSERS: readonly ((text: string) => LegacyProfile)[] = [
  (text) => parseHeap(new LineScanner(text)),
  (text) => parseGoCount(new LineScanner(text)),
  (text) => parseThread(new LineScanner(text)),
  (text) => parseContention(new LineScanner(text)),
  parseJavaProfile,
];

/**
 * The legacy profile in `bytes` (gunzipped), or undefined when it is none of pprof's legacy
 * formats; throws ProfileDecodeError when it is one but malformed.
 */
export function parseLegacyProfile(bytes: Uint8Array): Profile | undefined {
  const profile = parseAny(bytes);
  if (profile === undefined) return undefined;
  massageMappings(profile);
  assignMappings(profile);
  return buildLegacyProfile(profile, legacyFrames(profile));
}

function parseAny(bytes: Uint8Array): LegacyProfile | undefined {
  try {
    return parseCpu(bytes).profile;
  } catch (error) {
    if (!(error instanceof UnrecognizedFormat)) throw error;
  }
  const text = new TextDecoder().decode(bytes);
  for (const parse of TEXT_PARSERS) {
    try {
      return parse(text);
    } catch (error) {
      if (!(error instanceof UnrecognizedFormat)) throw error;
    }
  }
  return undefined;
}

const HEAP_TYPES = [
  ['allocations', 'size'],
  ['objects', 'space'],
  ['inuse_objects', 'inuse_space'],
  ['alloc_objects', 'alloc_space'],
  ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
];

function legacyFrames(profile: LegacyProfile): { dropFrames: string; keepFrames: string } {
  const types = profile.sampleTypes.map((t) => t.type).join(',');
  if (HEAP_TYPES.some((t) => t.join(',') === types)) return { dropFrames: ALLOC_FRAMES, keepFrames: ALLOC_SKIP_FRAMES };
  if (types === 'contentions,delay') return { dropFrames: LOCK_FRAMES, keepFrames: '' };
  return { dropFrames: CPU_PROFILER_FRAMES, keepFrames: '' };
}
