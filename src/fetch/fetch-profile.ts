// Fetches one profile and proves it is one: a 200 answer whose body decodes as profile.proto
// (gzip or plain). Nothing reaches the store or a viewer without passing through here.

import {
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  decodeProfile,
  ProfileDecodeError,
  ProfileTooLargeError,
  type Profile,
} from '../pprof/index.js';
import {
  describeBody,
  FetchRedirectError,
  FetchStatusError,
  FetchTooLargeError,
  NotAProfileError,
  printableText,
} from './fetch-errors.js';
import { nodeHttpGet, type HttpGet, type HttpGetResponse } from './http-get.js';
import type { TlsCredentials } from './secret-reader.js';
import { cpuProfileCutOf, findFittingSeconds, targetRefusalOf, WriteTimeoutExceededError } from './target-refusals.js';
import type { ResolvedAddress } from './target-policy.js';

/** 256 MiB: the largest real profile seen (540k samples) is 14.7 MB gzip, 38 MB raw. */
export const DEFAULT_MAX_PROFILE_BYTES = 256 * 1024 * 1024;

export interface FetchProfileOptions {
  readonly url: URL;
  readonly credentials?: TlsCredentials;
  /** The address the target policy checked (TargetPolicy.checkTarget): connect there only. */
  readonly address?: ResolvedAddress;
  readonly timeoutMs: number;
  readonly maxProfileBytes?: number;
  readonly maxDecompressedBytes?: number;
  /** Frames kept per sample (decodeProfile's `maxStackDepth`); default no cap. */
  readonly maxStackDepth?: number;
  readonly httpGet?: HttpGet;
  /** Aborts the fetch (the caller hung up); fetchProfile then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** The body's bytes received so far, as they arrive (HttpGetRequest's `onProgress`). */
  readonly onProgress?: (bytesReceived: number) => void;
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
      ...(options.maxStackDepth === undefined ? {} : { maxStackDepth: options.maxStackDepth }),
    });
    return { bytes, profile, decodeMs: Math.round(performance.now() - start) };
  } catch (error) {
    throw profileFetchError(options.url, bytes, error);
  }
}

/**
 * Fetches the body of a 200 answer, not decoded: for a caller that decodes it elsewhere (the
 * processor, in its query pool's worker threads) and names a failure with profileFetchError.
 */
export async function fetchProfileBytes(options: FetchProfileOptions): Promise<Uint8Array> {
  const { url } = options;
  const httpGet = options.httpGet ?? nodeHttpGet;
  const request = {
    url,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: options.maxProfileBytes ?? DEFAULT_MAX_PROFILE_BYTES,
    ...(options.address === undefined ? {} : { address: options.address }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.credentials === undefined
      ? {}
      : { bearerToken: options.credentials.bearerToken, caPem: options.credentials.caPem }),
  };
  const startedMs = performance.now();
  const response = await httpGet({
    ...request,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  }).catch((error: unknown) => {
    throw cpuProfileCutOf(url, error, performance.now() - startedMs);
  });
  try {
    return profileAnswerBody(url, response, options.credentials?.bearerToken);
  } catch (error) {
    if (!(error instanceof WriteTimeoutExceededError)) throw error;
    // The same connection rules and credentials for the probe; its answers are one line each.
    throw await findFittingSeconds(error, (probeUrl) =>
      httpGet({ ...request, url: probeUrl, maxBodyBytes: PROBE_BODY_BYTES }),
    );
  }
}

/** A WriteTimeout probe's answer is Go's one-line error; anything longer is not what was asked. */
export const PROBE_BODY_BYTES = 64 * 1024;

/**
 * The body of a 200 answer; a redirect (never followed) or any other status as the fetch error
 * naming it (Go's own error line when net/http/pprof sent it, never the token); Go's refusals of
 * a CPU profile (already running, WriteTimeout) as target-refusals.ts' errors.
 */
export function profileAnswerBody(url: URL, response: HttpGetResponse, token?: string): Uint8Array {
  if (response.status >= 300 && response.status < 400) {
    throw new FetchRedirectError(url.toString(), response.status, shownLocation(response.headers.location, token));
  }
  if (response.status !== 200) {
    const goError = goErrorText(response, token);
    const refusal = targetRefusalOf(url, response.status, goError);
    if (refusal !== undefined) throw refusal;
    const body = describeBody(response.body, response.bodyComplete);
    throw new FetchStatusError(url.toString(), response.status, body, goError);
  }
  return response.body;
}

/**
 * A fetched body that did not decode, as the fetch error naming the source and what kind of body
 * came (never its content); other errors as they are.
 */
export function profileFetchError(url: URL, body: Uint8Array, error: unknown): unknown {
  if (error instanceof ProfileTooLargeError)
    return new FetchTooLargeError(url.toString(), error.maxBytes, 'decompressed profile', { cause: error });
  if (error instanceof ProfileDecodeError) {
    return new NotAProfileError(url.toString(), notAProfileReason(body, error), { cause: error });
  }
  return error;
}

/**
 * The body's kind and size; for binary data also the decoder's reason, which names structure
 * (`truncated gzip data`, `bad wire type at byte 3`), never content. Text is not quoted.
 */
function notAProfileReason(body: Uint8Array, error: ProfileDecodeError): string {
  const described = `the answer is ${describeBody(body)}`;
  if (body.length === 0 || /^decode profile: not a profile\.proto: the data is /.test(error.message)) return described;
  return `${described}: ${error.message.replace(/^decode profile: /, '')}`;
}

/** A redirect's Location as shown in an error: printable, capped, and never the token. */
function shownLocation(header: string | string[] | undefined, token: string | undefined): string {
  const location = Array.isArray(header) ? header[0] : header;
  if (location === undefined || location === '') return 'nowhere (no Location header)';
  if (token !== undefined && location.includes(token)) return "a Location holding the Secret's token (not shown)";
  return JSON.stringify(printableText(location, 200));
}

/**
 * net/http/pprof marks its own errors with `X-Go-Pprof: 1` and a one-line text/plain body: its
 * first line (printable, at most 200 characters) is quoted, unless it holds the token.
 */
function goErrorText(response: HttpGetResponse, token: string | undefined): string | undefined {
  if (response.headers['x-go-pprof'] !== '1') return undefined;
  const firstLine = new TextDecoder().decode(response.body.subarray(0, 1024)).trim().split(/\r?\n/, 1)[0] ?? '';
  if (firstLine === '' || (token !== undefined && firstLine.includes(token))) return undefined;
  return printableText(firstLine, 200);
}
