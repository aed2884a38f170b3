// Decodes profile.proto (gzip-compressed or plain) into the typed-array model of profile-model.ts,
// with pprof's validity checks (ids defined and unique, one value per sample type, string
// indices in range) so every later query can trust the model.

import { SampleDecoder } from './decode-samples.js';
import {
  checkFunctionStrings,
  decodeFunction,
  decodeLocation,
  finishFunctions,
  finishLocations,
  newFunctionRows,
  newLocationRows,
} from './decode-tables.js';
import { buildIdIndex } from './id-index.js';
import { ProfileDecodeError } from './profile-errors.js';
import type { Mapping, Profile, ValueType } from './profile-model.js';
import { addTruncationFrames } from './truncation-frames.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, describeNonProfile, unpackProfileBytes } from './unpack-profile-bytes.js';
import { parseLegacyProfile } from './legacy/parse-legacy-profile.js';
import { simplifyFunctionNames } from './simplify-function-names.js';
import { WIRE_LENGTH, WIRE_VARINT, WireReader, decodeUtf8 } from './wire-reader.js';

export interface DecodeOptions {
  /** Refuse profiles larger than this after gunzip (a gzip bomb guard); default 256 MiB. */
  readonly maxDecompressedBytes?: number;
  /**
   * Frames kept per sample (a whole number ≥ 1); default no cap, so reports match `go tool pprof`.
   * A deeper stack keeps its leaf-most frames plus one `(truncated N frames)` frame at the root
   * end, and the profile's `truncatedStacks` counts such samples; a stack of more than
   * STACK_REFUSAL_FACTOR (256) times the cap is refused with ProfileDecodeError.
   */
  readonly maxStackDepth?: number;
  /**
   * Read the legacy formats pprof reads when the data is no profile.proto (default true); the
   * processor stores profile.proto captures only, and refuses the rest by name.
   */
  readonly legacyFormats?: boolean;
}

/** Decodes a profile; throws ProfileDecodeError or ProfileTooLargeError naming what is wrong. */
export function decodeProfile(bytes: Uint8Array, options: DecodeOptions = {}): Profile {
  const maxStackDepth = options.maxStackDepth ?? Infinity;
  if (maxStackDepth !== Infinity && !(Number.isSafeInteger(maxStackDepth) && maxStackDepth >= 1)) {
    throw new RangeError(`decode profile: maxStackDepth must be a whole number ≥ 1, not ${maxStackDepth}`);
  }
  const proto = unpackProfileBytes(bytes, options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES);
  try {
    return simplifyFunctionNames(decodeProfileProto(proto, maxStackDepth));
  } catch (error) {
    // pprof reads its legacy text and binary formats when the data is no profile.proto.
    const legacy = options.legacyFormats === false ? undefined : parseLegacyProfile(proto);
    if (legacy !== undefined) return simplifyFunctionNames(legacy);
    const looksLike = describeNonProfile(proto);
    if (looksLike !== undefined) {
      throw new ProfileDecodeError(`not a profile.proto: the data is ${looksLike}`, {
        cause: error,
      });
    }
    throw error;
  }
}

interface RawMapping extends Omit<Mapping, 'filename' | 'buildId'> {
  filenameIndex: number;
  buildIdIndex: number;
}

function decodeProfileProto(buf: Uint8Array, maxStackDepth: number): Profile {
  const reader = new WireReader(buf, 0, buf.length, 'Profile');
  const samples = new SampleDecoder(buf.length, maxStackDepth);
  const strings: string[] = [];
  const sampleTypes: [number, number][] = [];
  const mappings: RawMapping[] = [];
  const comments: number[] = [];
  const locations = newLocationRows();
  const functions = newFunctionRows();
  let periodType: [number, number] = [0, 0];
  let dropFrames = 0;
  let keepFrames = 0;
  let timeNanos = 0n;
  let durationNanos = 0;
  let period = 0;
  let defaultSampleType = 0;
  let docUrl = 0;

  while (!reader.atEnd()) {
    const tag = reader.tag();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (wireType === WIRE_LENGTH) {
      const end = reader.lengthEnd();
      switch (field) {
        case 1:
          sampleTypes.push(decodeValueType(sub(reader, end, 'ValueType')));
          break;
        case 2:
          samples.decode(reader, end);
          break;
        case 3:
          mappings.push(decodeMapping(sub(reader, end, 'Mapping')));
          break;
        case 4:
          samples.noteLocation(decodeLocation(sub(reader, end, 'Location'), locations), locations.id.length - 1);
          break;
        case 5:
          decodeFunction(sub(reader, end, 'Function'), functions);
          break;
        case 6:
          strings.push(decodeUtf8(buf, reader.pos, end));
          break;
        case 11:
          periodType = decodeValueType(sub(reader, end, 'ValueType'));
          break;
        case 13:
          while (reader.pos < end) comments.push(reader.uint());
          break;
      }
      reader.pos = end;
    } else if (wireType === WIRE_VARINT) {
      switch (field) {
        case 7:
          dropFrames = reader.uint();
          break;
        case 8:
          keepFrames = reader.uint();
          break;
        case 9:
          timeNanos = BigInt.asIntN(64, reader.uint64());
          break;
        case 10:
          durationNanos = reader.int64();
          break;
        case 12:
          period = reader.int64();
          break;
        case 13:
          comments.push(reader.uint());
          break;
        case 14:
          defaultSampleType = reader.uint();
          break;
        case 15:
          docUrl = reader.uint();
          break;
        default:
          reader.skip(wireType);
      }
    } else reader.skip(wireType);
  }

  if (strings.length === 0) {
    if (samples.count > 0 || sampleTypes.length > 0) throw new ProfileDecodeError('the string table is empty');
    strings.push('');
  }
  if (strings[0] !== '') throw new ProfileDecodeError('string_table[0] must be ""');
  // The producer's table; synthetic `(truncated N frames)` names are appended after the checks.
  const stringCount = strings.length;
  const text = (index: number, what: string): string => {
    if (index >= stringCount) {
      throw new ProfileDecodeError(`${what} references string ${index}, beyond the ${stringCount}-entry string table`);
    }
    return strings[index]!;
  };
  if (samples.count > 0 && sampleTypes.length === 0) throw new ProfileDecodeError('missing sample type information');
  checkFunctionStrings(functions, stringCount);
  if (samples.maxStringIndex >= stringCount) text(samples.maxStringIndex, 'a sample label');

  const truncations = samples.truncations();
  const truncationLocations = addTruncationFrames(truncations.droppedCounts, strings, functions, locations);
  const functionTable = finishFunctions(functions);
  const mappingTable = mappings.map((m) => ({
    ...m,
    filename: text(m.filenameIndex, 'a mapping'),
    buildId: text(m.buildIdIndex, 'a mapping'),
  }));
  const locationTable = finishLocations(locations, functionTable, mappingTable);
  const sampleTable = samples.finish(sampleTypes.length, buildIdIndex(locationTable.id, 'Location'), (dropped) =>
    truncationLocations.get(dropped)!,
  );

  const valueType = ([type, unit]: [number, number], what: string): ValueType => ({
    type: text(type, what),
    unit: text(unit, what),
  });
  return {
    strings,
    sampleTypes: sampleTypes.map((t) => valueType(t, 'a sample type')),
    defaultSampleType: text(defaultSampleType, 'default_sample_type'),
    samples: sampleTable,
    locations: locationTable,
    functions: functionTable,
    mappings: mappingTable.map(({ filenameIndex: _f, buildIdIndex: _b, ...mapping }) => mapping),
    dropFrames: text(dropFrames, 'drop_frames'),
    keepFrames: text(keepFrames, 'keep_frames'),
    timeNanos,
    durationNanos,
    periodType: valueType(periodType, 'ValueType'),
    period,
    comments: comments.map((index) => text(index, 'a comment')),
    docUrl: text(docUrl, 'doc_url'),
    inexactValues: reader.inexactReads,
    ...(truncations.sampleCount === 0
      ? {}
      : { truncatedStacks: { sampleCount: truncations.sampleCount, maxStackDepth } }),
  };
}

function sub(reader: WireReader, end: number, context: string): WireReader {
  return new WireReader(reader.buf, reader.pos, end, context);
}

function decodeValueType(reader: WireReader): [number, number] {
  let type = 0;
  let unit = 0;
  while (!reader.atEnd()) {
    const tag = reader.tag();
    if (tag === 8) type = reader.uint();
    else if (tag === 16) unit = reader.uint();
    else reader.skip(tag & 7);
  }
  return [type, unit];
}

function decodeMapping(reader: WireReader): RawMapping {
  const mapping = {
    id: 0n,
    memoryStart: 0n,
    memoryLimit: 0n,
    fileOffset: 0n,
    filenameIndex: 0,
    buildIdIndex: 0,
    hasFunctions: false,
    hasFilenames: false,
    hasLineNumbers: false,
    hasInlineFrames: false,
  };
  while (!reader.atEnd()) {
    const tag = reader.tag();
    if ((tag & 7) !== WIRE_VARINT) {
      reader.skip(tag & 7);
      continue;
    }
    switch (tag >>> 3) {
      case 1:
        mapping.id = reader.uint64();
        break;
      case 2:
        mapping.memoryStart = reader.uint64();
        break;
      case 3:
        mapping.memoryLimit = reader.uint64();
        break;
      case 4:
        mapping.fileOffset = reader.uint64();
        break;
      case 5:
        mapping.filenameIndex = reader.uint();
        break;
      case 6:
        mapping.buildIdIndex = reader.uint();
        break;
      case 7:
        mapping.hasFunctions = reader.uint() !== 0;
        break;
      case 8:
        mapping.hasFilenames = reader.uint() !== 0;
        break;
      case 9:
        mapping.hasLineNumbers = reader.uint() !== 0;
        break;
      case 10:
        mapping.hasInlineFrames = reader.uint() !== 0;
        break;
      default:
        reader.skip(WIRE_VARINT);
    }
  }
  return mapping;
}
