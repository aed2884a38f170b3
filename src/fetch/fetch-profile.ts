// Fetches one profile and proves it is one: a 200 answer whose body decodes as profile.proto
// (gzip or plain). Nothing reaches the store or a viewer without passing through here.

import {
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  decodeProfile,
  ProfileDecodeError,
  ProfileTooLargeError,
  type Profile,
} from '../pprof/index.js';
import { FetchStatusError, FetchTooLargeError, NotAProfileError } from './fetch-errors.js';
import { nodeHttpGet, type HttpGet } from './http-get.js';
import type { TlsCredentials } from './secret-reader.js';

/** 256 MiB: the largest real profile seen (540k samples) is 14.7 MB gzip, 38 MB raw. */
export const DEFAULT_MAX_PROFILE_BYTES = 256 * 1024 * 1024;

export interface FetchProfileOptions {
  readonly url: URL;
  readonly credentials?: TlsCredentials;
  readonly timeoutMs: number;
  readonly maxProfileBytes?: number;
  readonly maxDecompressedBytes?: number;
  readonly httpGet?: HttpGet;
}

export interface FetchedProfile {
  /** The body exactly as served (what is stored, so `go tool pprof FILE` opens it). */
  readonly bytes: Uint8Array;
  readonly profile: Profile;
  /** Time spent decoding (gunzip + proto), in milliseconds. */
  readonly decodeMs: number;
}

/** Fetches and decodes; throws the typed errors of fetch-errors.ts. */
export async function fetchProfile(options: FetchProfileOptions): Promise<FetchedProfile> {
  const bytes = await fetchProfileBytes(options);
  try {
    const start = performance.now();
    const profile = decodeProfile(bytes, {
      maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
    });
    return { bytes, profile, decodeMs: Math.round(performance.now() - start) };
  } catch (error) {
    throw profileFetchError(options.url, error);
  }
}

/**
 * Fetches the body of a 200 answer, not decoded: for a caller that decodes it elsewhere (the
 * processor, in its query pool's worker threads) and names a failure with profileFetchError.
 */
export async function fetchProfileBytes(options: FetchProfileOptions): Promise<Uint8Array> {
  const { url } = options;
  const httpGet = options.httpGet ?? nodeHttpGet;
  const response = await httpGet({
    url,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: options.maxProfileBytes ?? DEFAULT_MAX_PROFILE_BYTES,
    ...(options.credentials === undefined
      ? {}
      : { bearerToken: options.credentials.bearerToken, caPem: options.credentials.caPem }),
  });
  if (response.status !== 200) {
    throw new FetchStatusError(url.toString(), response.status, response.statusText, goErrorText(response));
  }
  return response.body;
}

/** A fetched body that did not decode, as the fetch error naming the source (other errors as they are). */
export function profileFetchError(url: URL, error: unknown): unknown {
  if (error instanceof ProfileTooLargeError)
    return new FetchTooLargeError(url.toString(), error.maxBytes, 'decompressed profile', { cause: error });
  if (error instanceof ProfileDecodeError) return new NotAProfileError(url.toString(), error.message, { cause: error });
  return error;
}

/** net/http/pprof marks its own errors with `X-Go-Pprof: 1` and a one-line text/plain body. */
function goErrorText(response: { headers: Readonly<Record<string, string | string[] | undefined>>; body: Uint8Array }) {
  if (response.headers['x-go-pprof'] !== '1') return undefined;
  const text = new TextDecoder().decode(response.body.subarray(0, 2048)).trim();
  return text === '' ? undefined : text;
}
