// Encodes the model back into profile.proto (gzip-compressed by default), so filtered, merged or
// diffed profiles can be downloaded and opened by `go tool pprof`. Fields are written in the
// order Go's runtime writes them; ids are the model's own.

import { encodeRawBytesText, hasRawBytes } from './raw-bytes-text.js';
import { gzipSync } from 'node:zlib';
import type { Profile, ValueType } from './profile-model.js';
import { WireWriter } from './wire-writer.js';

export interface EncodeOptions {
  /** gzip the output, as net/http/pprof serves it; default true. */
  readonly gzip?: boolean;
}

export function encodeProfile(profile: Profile, options: EncodeOptions = {}): Uint8Array {
  const proto = encodeProfileProto(profile);
  if (options.gzip === false) return proto;
  const zipped = gzipSync(proto, { level: 6 });
  return new Uint8Array(zipped.buffer, zipped.byteOffset, zipped.length);
}

function encodeProfileProto(profile: Profile): Uint8Array {
  const out = new WireWriter(Math.max(1 << 16, profile.samples.stackLocations.length * 2));
  const strings = new StringTableWriter(profile.strings);
  const writeValueType = (field: number, valueType: ValueType) =>
    out.messageField(field, () => {
      out.uintField(1, strings.index(valueType.type));
      out.uintField(2, strings.index(valueType.unit));
    });

  for (const sampleType of profile.sampleTypes) writeValueType(1, sampleType);
  writeSamples(out, profile);
  for (const mapping of profile.mappings) {
    out.messageField(3, () => {
      out.uint64Field(1, mapping.id);
      out.uint64Field(2, mapping.memoryStart);
      out.uint64Field(3, mapping.memoryLimit);
      out.uint64Field(4, mapping.fileOffset);
      out.uintField(5, strings.index(mapping.filename));
      out.uintField(6, strings.index(mapping.buildId));
      out.boolField(7, mapping.hasFunctions);
      out.boolField(8, mapping.hasFilenames);
      out.boolField(9, mapping.hasLineNumbers);
      out.boolField(10, mapping.hasInlineFrames);
    });
  }
  writeLocations(out, profile);
  const { functions } = profile;
  for (let i = 0; i < functions.count; i++) {
    out.messageField(5, () => {
      out.uint64Field(1, functions.id[i]!);
      out.uintField(2, functions.name[i]!);
      out.uintField(3, functions.systemName[i]!);
      out.uintField(4, functions.filename[i]!);
      out.int64Field(5, functions.startLine[i]!);
    });
  }
  // Strings added for fields held as text (sample types, mappings, ...) come after the table's own.
  const dropFrames = strings.index(profile.dropFrames);
  const keepFrames = strings.index(profile.keepFrames);
  const comments = profile.comments.map((comment) => strings.index(comment));
  const defaultSampleType = strings.index(profile.defaultSampleType);
  const docUrl = strings.index(profile.docUrl);
  const periodType = [strings.index(profile.periodType.type), strings.index(profile.periodType.unit)] as const;
  const encoder = new TextEncoder();
  // A byte that was no valid UTF-8 when decoded is written back as it was (raw-bytes-text.ts).
  for (const text of strings.table)
    out.bytesField(6, hasRawBytes(text) ? encodeRawBytesText(text) : encoder.encode(text));
  out.uintField(7, dropFrames);
  out.uintField(8, keepFrames);
  if (profile.timeNanos !== 0n) {
    out.tag(9, 0);
    out.uint64(BigInt.asUintN(64, profile.timeNanos));
  }
  out.int64Field(10, profile.durationNanos);
  if (periodType[0] !== 0 || periodType[1] !== 0) {
    out.messageField(11, () => {
      out.uintField(1, periodType[0]);
      out.uintField(2, periodType[1]);
    });
  }
  out.int64Field(12, profile.period);
  for (const comment of comments) {
    out.tag(13, 0);
    out.uint(comment);
  }
  out.uintField(14, defaultSampleType);
  out.uintField(15, docUrl);
  return out.finish();
}

function writeSamples(out: WireWriter, profile: Profile): void {
  const { samples, locations } = profile;
  const width = profile.sampleTypes.length;
  for (let i = 0; i < samples.count; i++) {
    out.messageField(2, () => {
      const start = samples.stackStart[i]!;
      const end = samples.stackStart[i + 1]!;
      if (end > start) {
        out.messageField(1, () => {
          for (let j = start; j < end; j++) out.uint64(locations.id[samples.stackLocations[j]!]!);
        });
      }
      if (width > 0) {
        out.messageField(2, () => {
          for (let v = i * width; v < (i + 1) * width; v++) out.int64(samples.values[v]!);
        });
      }
      for (let l = samples.labelStart[i]!; l < samples.labelStart[i + 1]!; l++) {
        out.messageField(3, () => {
          out.uintField(1, samples.labelKey[l]!);
          out.uintField(2, samples.labelString[l]!);
          if (samples.labelString[l] === 0) out.int64Field(3, samples.labelNumber[l]!);
          out.uintField(4, samples.labelUnit[l]!);
        });
      }
    });
  }
}

function writeLocations(out: WireWriter, profile: Profile): void {
  const { locations, functions, mappings } = profile;
  for (let i = 0; i < locations.count; i++) {
    out.messageField(4, () => {
      out.uint64Field(1, locations.id[i]!);
      const mapping = locations.mapping[i]!;
      if (mapping !== 0) out.uint64Field(2, mappings[mapping - 1]!.id);
      out.uint64Field(3, locations.address[i]!);
      for (let line = locations.lineStart[i]!; line < locations.lineStart[i + 1]!; line++) {
        out.messageField(4, () => {
          out.uint64Field(1, functions.id[locations.lineFunction[line]!]!);
          out.int64Field(2, locations.lineNumber[line]!);
          out.int64Field(3, locations.lineColumn[line]!);
        });
      }
      out.boolField(5, locations.isFolded[i] === 1);
    });
  }
}

/** The model's string table plus any text fields not yet in it, interned on first use. */
class StringTableWriter {
  readonly table: string[];
  private readonly indexOf = new Map<string, number>();

  constructor(strings: readonly string[]) {
    this.table = strings.length > 0 && strings[0] === '' ? [...strings] : ['', ...strings];
    this.table.forEach((text, index) => {
      if (!this.indexOf.has(text)) this.indexOf.set(text, index);
    });
  }

  index(text: string): number {
    let index = this.indexOf.get(text);
    if (index === undefined) {
      index = this.table.length;
      this.table.push(text);
      this.indexOf.set(text, index);
    }
    return index;
  }
}
