// Turns what a pprof endpoint served into raw profile.proto bytes: gunzips with a size cap, and
// names the common things that are not profiles (empty bodies, HTML pages, JSON, text dumps).

import { gunzipSync } from 'node:zlib';
import { ProfileDecodeError, ProfileTooLargeError } from './profile-errors.js';

/** 256 MiB: seven times the largest real Go profile we have seen (38 MB); decoded arrays take up to 8 bytes per input byte, so this also bounds memory. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** zlib's least chunk size; its default (16 KiB) cuts a 38 MB profile into 2,300 chunks, then joins them. */
const MIN_CHUNK_BYTES = 64 * 1024;
/**
 * Profiles gzip 2.5 to 10 times; a trailer claiming more than this ratio is not believed (zlib
 * then writes chunks as usual): a lying trailer must not make us allocate a large buffer.
 */
const MAX_BELIEVED_RATIO = 64;

/**
 * The output chunk zlib should write into: the whole profile when the gzip trailer's size (ISIZE,
 * the last member's length mod 2^32) is believable, so that gunzipping is one write and no join
 * (a fifth of decoding heap-large). Only a hint: a wrong size costs chunks, never correctness.
 */
function gunzipChunkSize(bytes: Uint8Array, maxDecompressedBytes: number): number {
  if (bytes.length < 18) return MIN_CHUNK_BYTES;
  const at = bytes.length - 4;
  const claimed = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
  const believable = Math.min(claimed + 1, bytes.length * MAX_BELIEVED_RATIO, maxDecompressedBytes + 1);
  return Math.max(MIN_CHUNK_BYTES, believable);
}

/** Returns the profile.proto bytes inside `bytes` (gunzipped when gzip), or throws a typed error. */
export function unpackProfileBytes(
  bytes: Uint8Array,
  maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
): Uint8Array {
  if (bytes.length === 0) throw new ProfileDecodeError('empty input: not a profile');
  if (!isGzip(bytes)) {
    if (bytes.length > maxDecompressedBytes) throw new ProfileTooLargeError('decompressed', maxDecompressedBytes);
    return bytes;
  }
  let unpacked: Buffer;
  try {
    const chunkSize = gunzipChunkSize(bytes, maxDecompressedBytes);
    unpacked = gunzipSync(bytes, { maxOutputLength: maxDecompressedBytes, chunkSize });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ProfileTooLargeError('decompressed', maxDecompressedBytes, { cause: error });
    }
    const code = (error as { code?: string }).code;
    const reason = code === 'Z_BUF_ERROR' ? 'truncated gzip data' : `corrupt gzip data (${(error as Error).message})`;
    throw new ProfileDecodeError(reason, { cause: error });
  }
  if (unpacked.length === 0) throw new ProfileDecodeError('gzip holds no data: not a profile');
  return new Uint8Array(unpacked.buffer, unpacked.byteOffset, unpacked.length);
}

/**
 * What kind of text `bytes` look like when they are text a server commonly returns instead of a
 * profile (`an HTML page`, `JSON`, `a text goroutine dump, ...`, `text`); undefined when binary.
 * Names the kind only, never the content: callers that may show content add it themselves.
 */
export function classifyText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, 512);
  let printable = 0;
  for (const byte of head) {
    if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127) || byte >= 0xc0) printable++;
  }
  if (head.length === 0 || printable < head.length * 0.95) return undefined;
  const text = new TextDecoder().decode(head).trimStart();
  if (/^<(!doctype|html|head|body|\?xml)/i.test(text)) return 'an HTML page';
  if (text.startsWith('{') || text.startsWith('[')) return 'JSON';
  if (/^goroutine profile: total \d+/.test(text) || /^goroutine \d+ \[/.test(text)) {
    return 'a text goroutine dump, as served with ?debug=1 or ?debug=2';
  }
  if (/^--- (contention|mutex|heap)|^heap profile:/.test(text)) return 'a legacy text profile, as served with ?debug=1';
  return 'text';
}

/**
 * Describes bytes that failed to decode as profile.proto when they look like something else a
 * server commonly returns instead, e.g. `an HTML page ("<!DOCTYPE html>...")`; undefined otherwise.
 */
export function describeNonProfile(bytes: Uint8Array): string | undefined {
  const kind = classifyText(bytes);
  if (kind === undefined) return undefined;
  const text = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart();
  const firstLine = (text.split('\n', 1)[0] ?? '').slice(0, 80);
  return `${kind} (${JSON.stringify(firstLine.length < text.length ? `${firstLine}...` : firstLine)})`;
}
