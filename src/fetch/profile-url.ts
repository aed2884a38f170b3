// Builds the URL a profile is fetched from: the source's base URL plus `/debug/pprof/<name>`,
// with `seconds` for CPU profiles (Go reads only `seconds`; KubeDiag's `timeout` was ignored).

import { GoProfilerError } from '../errors/index.js';
import { hasDeltaProfile, profileEndpointName, type ProfileType } from './profile-types.js';

const PPROF_PATH = '/debug/pprof';

/** The source is not an http(s) URL we can fetch a profile from; `reason` says why. */
export class SourceUrlError extends GoProfilerError {
  override readonly name = 'SourceUrlError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('parse source', reason, options);
  }
}

/**
 * The URL to fetch `type` from `source`. Rules (SPEC §1): only http and https; no user:password
 * (credentials come from a Secret, and a URL ends up in logs); trailing slashes trimmed; a path that
 * already holds `/debug/pprof/<name>` is used as is, and `<name>` must be the type's; an existing
 * query is kept. `cpuSeconds` is set as `?seconds=` for `Profile`; `deltaSeconds`, when given, for
 * the types with a delta profile (Heap, Allocs, Block, Mutex), else not at all.
 */
export function buildProfileUrl(source: string, type: ProfileType, cpuSeconds: number, deltaSeconds?: number): URL {
  let url: URL;
  try {
    url = new URL(source.trim());
  } catch (error) {
    throw new SourceUrlError(`${JSON.stringify(source)} is not a URL`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SourceUrlError(`scheme "${url.protocol.slice(0, -1)}" is not supported (use http or https)`);
  }
  if (url.hostname === '') throw new SourceUrlError(`${JSON.stringify(source)} names no host`);
  if (url.username !== '' || url.password !== '') {
    throw new SourceUrlError('credentials in the URL are not accepted (name a Secret instead)');
  }
  url.hash = '';
  const endpoint = profileEndpointName(type);
  const path = url.pathname.replace(/\/+$/, '');
  const at = path.indexOf(`${PPROF_PATH}/`);
  if (at >= 0) {
    const named = path.slice(at + PPROF_PATH.length + 1).split('/')[0] ?? '';
    if (named !== endpoint) {
      throw new SourceUrlError(
        `the path names the profile "${named}" but the type ${type} is served at ${PPROF_PATH}/${endpoint}`,
      );
    }
    url.pathname = path;
  } else if (path.endsWith(PPROF_PATH)) {
    url.pathname = `${path}/${endpoint}`;
  } else {
    url.pathname = `${path}${PPROF_PATH}/${endpoint}`;
  }
  if (type === 'Profile') url.searchParams.set('seconds', String(cpuSeconds));
  else if (deltaSeconds !== undefined && hasDeltaProfile(type)) url.searchParams.set('seconds', String(deltaSeconds));
  return url;
}
