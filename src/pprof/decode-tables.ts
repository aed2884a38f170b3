// The Location and Function tables of profile.proto: decoded row by row into growable arrays
// (function ids are resolved once every function has been read), then checked and finished into
// the model's typed arrays.

import { GrowableBigUint64, GrowableFloat64, GrowableUint32 } from './growable-arrays.js';
import { buildIdIndex, lookupId } from './id-index.js';
import { ProfileDecodeError } from './profile-errors.js';
import type { FunctionTable, LocationTable } from './profile-model.js';
import { WIRE_LENGTH, WIRE_VARINT, WireReader } from './wire-reader.js';

/** Pre-resolution state of one Location: function ids are resolved after all functions are read. */
export interface LocationRows {
  id: GrowableBigUint64;
  mappingId: GrowableFloat64;
  address: GrowableBigUint64;
  isFolded: GrowableUint32;
  lineStart: GrowableUint32;
  lineFunctionId: GrowableFloat64;
  lineNumber: GrowableFloat64;
  lineColumn: GrowableFloat64;
}

export interface FunctionRows {
  id: GrowableBigUint64;
  name: GrowableUint32;
  systemName: GrowableUint32;
  filename: GrowableUint32;
  startLine: GrowableFloat64;
}

export function newLocationRows(): LocationRows {
  return {
    id: new GrowableBigUint64(),
    mappingId: new GrowableFloat64(),
    address: new GrowableBigUint64(),
    isFolded: new GrowableUint32(),
    lineStart: new GrowableUint32(),
    lineFunctionId: new GrowableFloat64(),
    lineNumber: new GrowableFloat64(),
    lineColumn: new GrowableFloat64(),
  };
}

export function newFunctionRows(): FunctionRows {
  return {
    id: new GrowableBigUint64(),
    name: new GrowableUint32(),
    systemName: new GrowableUint32(),
    filename: new GrowableUint32(),
    startLine: new GrowableFloat64(),
  };
}

/** Decodes one Location into `rows` and returns its id. */
export function decodeLocation(reader: WireReader, rows: LocationRows): bigint {
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

export function decodeFunction(reader: WireReader, rows: FunctionRows): void {
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

/** Throws when a function names a string beyond the table (checked before synthetic rows are added). */
export function checkFunctionStrings(rows: FunctionRows, stringCount: number): void {
  for (let i = 0; i < rows.name.length; i++) {
    const maxIndex = Math.max(rows.name.data[i]!, rows.systemName.data[i]!, rows.filename.data[i]!);
    if (maxIndex >= stringCount) {
      throw new ProfileDecodeError(
        `function ${rows.id.values[i]} references string ${maxIndex}, beyond the ${stringCount}-entry string table`,
      );
    }
  }
}

export function finishFunctions(rows: FunctionRows): FunctionTable {
  return {
    count: rows.id.length,
    id: rows.id.finish(),
    name: rows.name.finish(),
    systemName: rows.systemName.finish(),
    filename: rows.filename.finish(),
    startLine: rows.startLine.finish(),
  };
}

export function finishLocations(
  rows: LocationRows,
  functions: FunctionTable,
  mappings: readonly { readonly id: bigint }[],
): LocationTable {
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
