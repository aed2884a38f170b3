// Where a report command reads each profile: a file, or a Go program's URL fetched first, as
// `go tool pprof -top http://host:6060/debug/pprof/heap` does, through the capture's fetch
// (fetch/'s fetchProfile: no redirect, the size cap, the time limit, the body proved a profile).

import type { Command } from 'commander';
import type { Profile } from '../pprof/index.js';
import { DEFAULT_CPU_SECONDS, MAX_CPU_SECONDS } from '../processor/processor-limits.js';
import { parseCaptureTarget, typeOfUrl } from './capture-target.js';
import { loadProfile } from './load-profiles.js';
import { parseWholeNumber } from './serve-config.js';
import { urlCaptureJob } from './target-jobs.js';
import { UsageError } from './usage-errors.js';

/** An http(s) URL rather than a file name (a file named `http:…` is written `./http:…`). */
export function isProfileUrl(word: string): boolean {
  return /^https?:\/\//i.test(word);
}

/** --seconds on a report command (`view` has its own, for what it captures). */
export function addSecondsFlag(command: Command): Command {
  return command.option('--seconds <n>', "length of a CPU profile fetched from a URL (default 30; pprof's -seconds)");
}

/**
 * The reader of a report's sources. `seconds` (--seconds, pprof's -seconds) is the CPU profile's
 * length for a URL of the CPU profile (default 30, as pprof); pprof ignores it for files, so do we;
 * given for another profile type's URL it is refused, since that endpoint would read it otherwise.
 */
export function reportSourceReader(seconds: string | undefined): (word: string) => Promise<Profile> {
  const cpuSeconds =
    seconds === undefined ? DEFAULT_CPU_SECONDS : parseWholeNumber('--seconds', seconds, 1, MAX_CPU_SECONDS);
  return async (word) => {
    if (!isProfileUrl(word)) return loadProfile(word);
    const type = typeOfUrl(word);
    if (seconds !== undefined && type !== 'Profile') {
      throw new UsageError('option --seconds', `only for a CPU profile's URL (${JSON.stringify(word)} serves ${type})`);
    }
    const target = parseCaptureTarget(word, type, cpuSeconds);
    // parseCaptureTarget reads http(s) words as URLs: never a pod here.
    if (target.kind !== 'url') throw new UsageError(`argument ${JSON.stringify(word)}`, 'not a URL');
    const { profile } = await urlCaptureJob(target.url, type, cpuSeconds).fetch(() => {});
    return profile;
  };
}
