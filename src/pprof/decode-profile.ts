// Decodes profile.proto (gzip-compressed or plain) into the typed-array model of profile-model.ts,
// with pprof's validity checks (ids defined and unique, one value per sample type, string
// indices in range) so every later query can trust the model.

import { SampleDecoder } from './decode-samples.js';
import { GrowableBigUint64, GrowableFloat64, GrowableUint32 } from './growable-arrays.js';
import { buildIdIndex, lookupId } from './id-index.js';
import { ProfileDecodeError } from './profile-errors.js';
import type { FunctionTable, LocationTable, Mapping, Profile, ValueType } from './profile-model.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, describeNonProfile, unpackProfileBytes } from './unpack-profile-bytes.js';
import { WIRE_LENGTH, WIRE_VARINT, WireReader, decodeUtf8 } from './wire-reader.js';

export interface DecodeOptions {
  /** Refuse profiles larger than this after gunzip (a gzip bomb guard); default 256 MiB. */
  readonly maxDecompressedBytes?: number;
}

/** Decodes a profile; throws ProfileDecodeError or ProfileTooLargeError naming what is wrong. */
export function decodeProfile(bytes: Uint8Array, options: DecodeOptions = {}): Profile {
  const proto = unpackProfileBytes(bytes, options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES);
  try {
    return decodeProfileProto(proto);
  } catch (error) {
    const looksLike = describeNonProfile(proto);
    if (looksLike !== undefined) {
      throw new ProfileDecodeError(`not a profile.proto: the data is ${looksLike}`, { cause: error });
    }
    throw error;
  }
}

/** Pre-resolution state of one Location: function ids are resolved after all functions are read. */
interface LocationRows {
  id: GrowableBigUint64;
  mappingId: GrowableFloat64;
  address: GrowableBigUint64;
  isFolded: GrowableUint32;
  lineStart: GrowableUint32;
  lineFunctionId: GrowableFloat64;
  lineNumber: GrowableFloat64;
  lineColumn: GrowableFloat64;
}

interface FunctionRows {
  id: GrowableBigUint64;
  name: GrowableUint32;
  systemName: GrowableUint32;
  filename: GrowableUint32;
  startLine: GrowableFloat64;
}

interface RawMapping extends Omit<Mapping, 'filename' | 'buildId'> {
  filenameIndex: number;
  buildIdIndex: number;
}

function decodeProfileProto(buf: Uint8Array): Profile {
  const reader = new WireReader(buf, 0, buf.length, 'Profile');
  const samples = new SampleDecoder(buf.length);
  const strings: string[] = [];
  const sampleTypes: [number, number][] = [];
  const mappings: RawMapping[] = [];
  const comments: number[] = [];
  const locations: LocationRows = {
    id: new GrowableBigUint64(),
    mappingId: new GrowableFloat64(),
    address: new GrowableBigUint64(),
    isFolded: new GrowableUint32(),
    lineStart: new GrowableUint32(),
    lineFunctionId: new GrowableFloat64(),
    lineNumber: new GrowableFloat64(),
    lineColumn: new GrowableFloat64(),
  };
  const functions: FunctionRows = {
    id: new GrowableBigUint64(),
    name: new GrowableUint32(),
    systemName: new GrowableUint32(),
    filename: new GrowableUint32(),
    startLine: new GrowableFloat64(),
  };
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
  const text = (index: number, what: string): string => {
    const value = strings[index];
    if (value === undefined) {
      throw new ProfileDecodeError(
        `${what} references string ${index}, beyond the ${strings.length}-entry string table`,
      );
    }
    return value;
  };
  if (samples.count > 0 && sampleTypes.length === 0) throw new ProfileDecodeError('missing sample type information');

  const functionTable = finishFunctions(functions, strings.length);
  const mappingTable = mappings.map((m) => ({
    ...m,
    filename: text(m.filenameIndex, 'a mapping'),
    buildId: text(m.buildIdIndex, 'a mapping'),
  }));
  const locationTable = finishLocations(locations, functionTable, mappingTable);
  if (samples.maxStringIndex >= strings.length) text(samples.maxStringIndex, 'a sample label');
  const sampleTable = samples.finish(sampleTypes.length, buildIdIndex(locationTable.id, 'Location'));

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

/** Decodes one Location into `rows` and returns its id. */
function decodeLocation(reader: WireReader, rows: LocationRows): bigint {
  let id = 0n;
  let mappingId = 0;
  let address = 0n;
  let isFolded = 0;
  rows.lineStart.push(rows.lineFunctionId.length);
  while (!reader.atEnd()) {
    const tag = reader.tag();
    const wireType = tag & 7;
    const field = tag >>> 3;
    if (field === 4 && wireType === WIRE_LENGTH) {
      const end = reader.lengthEnd();
      decodeLine(new WireReader(reader.buf, reader.pos, end, 'Line'), rows);
      reader.pos = end;
    } else if (wireType !== WIRE_VARINT) reader.skip(wireType);
    else if (field === 1) id = reader.uint64();
    else if (field === 2) mappingId = reader.uint();
    else if (field === 3) address = reader.uint64();
    else if (field === 5) isFolded = reader.uint() !== 0 ? 1 : 0;
    else reader.skip(wireType);
  }
  rows.id.push(id);
  rows.mappingId.push(mappingId);
  rows.address.push(address);
  rows.isFolded.push(isFolded);
  return id;
}

function decodeLine(reader: WireReader, rows: LocationRows): void {
  let functionId = 0;
  let line = 0;
  let column = 0;
  while (!reader.atEnd()) {
    const tag = reader.tag();
    if (tag === 8) functionId = reader.uint();
    else if (tag === 16) line = reader.int64();
    else if (tag === 24) column = reader.int64();
    else reader.skip(tag & 7);
  }
  rows.lineFunctionId.push(functionId);
  rows.lineNumber.push(line);
  rows.lineColumn.push(column);
}

function decodeFunction(reader: WireReader, rows: FunctionRows): void {
  let id = 0n;
  let name = 0;
  let systemName = 0;
  let filename = 0;
  let startLine = 0;
  while (!reader.atEnd()) {
    const tag = reader.tag();
    if (tag === 8) id = reader.uint64();
    else if (tag === 16) name = reader.uint();
    else if (tag === 24) systemName = reader.uint();
    else if (tag === 32) filename = reader.uint();
    else if (tag === 40) startLine = reader.int64();
    else reader.skip(tag & 7);
  }
  rows.id.push(id);
  rows.name.push(name);
  rows.systemName.push(systemName);
  rows.filename.push(filename);
  rows.startLine.push(startLine);
}

function finishFunctions(rows: FunctionRows, stringCount: number): FunctionTable {
  const table: FunctionTable = {
    count: rows.id.length,
    id: rows.id.finish(),
    name: rows.name.finish(),
    systemName: rows.systemName.finish(),
    filename: rows.filename.finish(),
    startLine: rows.startLine.finish(),
  };
  for (let i = 0; i < table.count; i++) {
    const maxIndex = Math.max(table.name[i]!, table.systemName[i]!, table.filename[i]!);
    if (maxIndex >= stringCount) {
      throw new ProfileDecodeError(
        `function ${table.id[i]} references string ${maxIndex}, beyond the ${stringCount}-entry string table`,
      );
    }
  }
  return table;
}

function finishLocations(rows: LocationRows, functions: FunctionTable, mappings: readonly RawMapping[]): LocationTable {
  const count = rows.id.length;
  rows.lineStart.push(rows.lineFunctionId.length);
  const functionIndex = buildIdIndex(functions.id, 'Function');
  const mappingIndex = buildIdIndex(
    BigUint64Array.from(mappings, (m) => m.id),
    'mapping',
  );
  const id = rows.id.finish();
  const lineStart = rows.lineStart.finish();
  const lineFunction = new Uint32Array(rows.lineFunctionId.length);
  for (let line = 0; line < lineFunction.length; line++) {
    const functionId = rows.lineFunctionId.data[line]!;
    const index = lookupId(functionIndex, functionId);
    if (index < 0) {
      const location = lineStart.findIndex((start, i) => start <= line && line < lineStart[i + 1]!);
      throw new ProfileDecodeError(
        `location ${id[location]} has a line with ${functionId === 0 ? 'no function' : `undefined function id ${functionId}`}`,
      );
    }
    lineFunction[line] = index;
  }
  const mapping = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const mappingId = rows.mappingId.data[i]!;
    if (mappingId === 0) continue;
    const index = lookupId(mappingIndex, mappingId);
    if (index < 0) throw new ProfileDecodeError(`location ${id[i]} references undefined mapping id ${mappingId}`);
    mapping[i] = index + 1;
  }
  return {
    count,
    id,
    mapping,
    address: rows.address.finish(),
    isFolded: new Uint8Array(rows.isFolded.finish()),
    lineStart,
    lineFunction,
    lineNumber: rows.lineNumber.finish(),
    lineColumn: rows.lineColumn.finish(),
  };
}
