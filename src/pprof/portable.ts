// The part of the pprof layer's surface that runs anywhere, Node or a browser: the readonly
// profile model, the builder and its growable arrays. Decoding and encoding (gzip through
// node:zlib) are in index.ts only, so the query layer, which imports this, bundles for the browser.

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
export { ProfileDecodeError, ProfileTooLargeError } from './profile-errors.js';
export { ProfileBuilder, type BuilderLabel, type BuilderLine, type ProfileHeader } from './profile-builder.js';
export { profileFromCollapsed } from './profile-from-collapsed.js';
export { GrowableFloat64, GrowableUint32 } from './growable-arrays.js';
