// The pprof layer's public surface: decoding, encoding and the readonly profile model.

export { decodeProfile, type DecodeOptions } from './decode-profile.js';
export { STACK_REFUSAL_FACTOR } from './decode-samples.js';
export { truncationFrameName } from './truncation-frames.js';
export { ProfileDecodeError, ProfileTooLargeError } from './profile-errors.js';
export {
  defaultSampleTypeIndex,
  type FunctionTable,
  type LocationTable,
  type Mapping,
  type Profile,
  type SampleTable,
  type TruncatedStacks,
  type ValueType,
} from './profile-model.js';
export { DEFAULT_MAX_DECOMPRESSED_BYTES, classifyText, isGzip, unpackProfileBytes } from './unpack-profile-bytes.js';
export { encodeProfile, type EncodeOptions } from './encode-profile.js';
export { ProfileBuilder, type BuilderLabel, type BuilderLine, type ProfileHeader } from './profile-builder.js';
export { profileFromCollapsed } from './profile-from-collapsed.js';
export { GrowableFloat64, GrowableUint32 } from './growable-arrays.js';
