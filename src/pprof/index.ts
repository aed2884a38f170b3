// The pprof layer's public surface: decoding, encoding and the readonly profile model (the part
// that runs anywhere is portable.ts, re-exported here).

export * from './portable.js';
export { decodeProfile, type DecodeOptions } from './decode-profile.js';
export { STACK_REFUSAL_FACTOR } from './decode-samples.js';
export { truncationFrameName } from './truncation-frames.js';
export { DEFAULT_MAX_DECOMPRESSED_BYTES, classifyText, isGzip, unpackProfileBytes } from './unpack-profile-bytes.js';
export { encodeProfile, type EncodeOptions } from './encode-profile.js';
export { encodeRawBytesText, hasRawBytes } from './raw-bytes-text.js';
