// Reads the profile files a report command names, as go tool pprof does: several files are merged,
// and --diff-base / --base files are merged and subtracted.

import { readFile } from 'node:fs/promises';
import { decodeProfile, type Profile } from '../pprof/index.js';
import { mergeProfiles, subtractBaseProfile } from '../query/index.js';

/** A profile file that cannot be read or decoded; the message names the file. */
export class ProfileFileError extends Error {
  override readonly name = 'ProfileFileError';
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`read profile ${file}: ${reason}`, options);
  }
}

export async function loadProfile(file: string): Promise<Profile> {
  return (await readProfileFile(file)).profile;
}

/** A profile file's bytes as they are and the profile decoded from them. */
export async function readProfileFile(
  file: string,
): Promise<{ readonly bytes: Uint8Array; readonly profile: Profile }> {
  const bytes = await readProfileBytes(file);
  return { bytes, profile: decodeProfileFile(file, bytes) };
}

/** A profile file's bytes, undecoded; a failure names the file. */
export async function readProfileBytes(file: string): Promise<Uint8Array> {
  try {
    const bytes = await readFile(file);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new ProfileFileError(file, reason, { cause: error });
  }
}

/** Decodes a file's bytes; a failure names the file. */
export function decodeProfileFile(file: string, bytes: Uint8Array): Profile {
  try {
    return decodeProfile(bytes);
  } catch (error) {
    throw new ProfileFileError(file, (error as Error).message, { cause: error });
  }
}

export interface ProfileSources {
  readonly files: readonly string[];
  /** --diff-base files (percentages relative to the base). */
  readonly diffBase?: readonly string[];
  /** --base files (subtracted). */
  readonly base?: readonly string[];
  readonly normalize?: boolean;
  /** Reads one source (default: a file, loadProfile); report commands also fetch URLs (report-sources.ts). */
  readonly read?: (source: string) => Promise<Profile>;
}

async function loadMerged(files: readonly string[], read: (source: string) => Promise<Profile>): Promise<Profile> {
  const profiles = await Promise.all(files.map(read));
  return profiles.length === 1 ? profiles[0]! : mergeProfiles(profiles);
}

export async function loadProfiles(sources: ProfileSources): Promise<Profile> {
  const read = sources.read ?? loadProfile;
  const profile = await loadMerged(sources.files, read);
  const diffBase = sources.diffBase ?? [];
  const base = sources.base ?? [];
  if (diffBase.length > 0 && base.length > 0) {
    throw new ProfileFileError(diffBase[0]!, '--diff-base and --base cannot be used together');
  }
  if (diffBase.length === 0 && base.length === 0) return profile;
  const baseProfile = await loadMerged(diffBase.length > 0 ? diffBase : base, read);
  return subtractBaseProfile(profile, baseProfile, {
    diff: diffBase.length > 0,
    normalize: sources.normalize ?? false,
  });
}
