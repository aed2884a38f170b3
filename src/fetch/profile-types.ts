// The profile types the processor accepts, their canonical spelling and Go's endpoint names.

import { GoProfilerError } from '../errors/index.js';

/** Canonical spellings, as stored and echoed: the seed's three first, then the rest of Go's. */
export const PROFILE_TYPES = ['Profile', 'Heap', 'Goroutine', 'Allocs', 'Block', 'Mutex', 'Threadcreate'] as const;
export type ProfileType = (typeof PROFILE_TYPES)[number];

/** The type name is none of PROFILE_TYPES. */
export class UnknownProfileTypeError extends GoProfilerError {
  override readonly name = 'UnknownProfileTypeError';
  constructor(readonly typeName: string) {
    super('parse profile type', `${JSON.stringify(typeName)} is not one of ${PROFILE_TYPES.join(', ')}`);
  }
}

/** Matches a type name case-insensitively and returns its canonical spelling (`heap` → `Heap`). */
export function parseProfileType(name: string): ProfileType {
  const wanted = name.trim().toLowerCase();
  const type = PROFILE_TYPES.find((candidate) => candidate.toLowerCase() === wanted);
  if (type === undefined) throw new UnknownProfileTypeError(name);
  return type;
}

/** The last path segment under `/debug/pprof/` that serves this type (`Profile` is the CPU profile). */
export function profileEndpointName(type: ProfileType): string {
  return type.toLowerCase();
}

/** The types whose endpoint answers `?seconds=N` with a delta profile (Go ≥ 1.16): what happened during N s. */
export const DELTA_PROFILE_TYPES: readonly ProfileType[] = ['Heap', 'Allocs', 'Block', 'Mutex'];

/** True when `type`'s endpoint serves a delta profile for `?seconds=N`. */
export function hasDeltaProfile(type: ProfileType): boolean {
  return DELTA_PROFILE_TYPES.includes(type);
}
