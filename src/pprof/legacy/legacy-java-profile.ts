// pprof's Java legacy text profiles (its profile/legacy_java_profile.go): `--- heapz 1 ---` and
// `--- contentionz 1 ---` with `format = java`, whose addresses a section after the samples names.

import { ProfileDecodeError } from '../profile-errors.js';
import { scaleHeapSample } from './legacy-text-profiles.js';
import {
  UnrecognizedFormat,
  locationTable,
  newLegacyProfile,
  type LegacyFunction,
  type LegacyLocation,
  type LegacyProfile,
} from './legacy-model.js';
import { parseHexAddresses } from './memory-map.js';

const ATTRIBUTE = /([\w ]+)=([\w ]+)/;
const SAMPLE = / *(\d+) +(\d+) +@ +([ x0-9a-f]*)/;
const LOCATION = /^\s*0x([0-9A-Fa-f]+)\s+(.*)\s*$/;
const LOCATION_FILE_LINE = /^(.*)\s+\((.+):(-?[0-9]+)\)$/;
const LOCATION_PATH = /^(.*)\s+\((.*)\)$/;
/** Java heapz samples every 512 KiB. */
const JAVA_HEAPZ_SAMPLING_RATE = 524288;

/** Lines split after each \n: the last piece, without one, is not a line to the header and sample readers. */
function completeLines(text: string): { lines: string[]; rest: string } {
  const end = text.lastIndexOf('\n');
  return { lines: end < 0 ? [] : text.slice(0, end).split('\n'), rest: text.slice(end + 1) };
}

/** The Java heapz or contentionz profile in `text` (parseJavaProfile). */
export function parseJavaProfile(text: string): LegacyProfile {
  const newline = text.indexOf('\n');
  if (newline < 0) throw new UnrecognizedFormat();
  const header = text.slice(0, newline).trim();
  const kind = header === '--- heapz 1 ---' ? 'heap' : header === '--- contentionz 1 ---' ? 'contention' : undefined;
  if (kind === undefined) throw new UnrecognizedFormat();
  const profile = newLegacyProfile([], { type: '', unit: '' }, 0);
  const { lines, rest } = completeLines(text.slice(newline + 1));
  let at = javaHeader(kind, lines, profile);
  const location = locationTable();
  const byAddress = new Map<bigint, LegacyLocation>();
  for (; at < lines.length; at++) {
    const line = lines[at]!.trim();
    if (line === '') continue;
    const sample = SAMPLE.exec(line);
    if (sample === null) break;
    const stack = parseHexAddresses(sample[3]!).map((a) => {
      const found = location(a);
      byAddress.set(a, found);
      return found;
    });
    let [n, size] = [Number(sample[2]), Number(sample[1])];
    let bytesLabel: number | undefined;
    if (kind === 'heap') {
      if (n === 0) throw new ProfileDecodeError(`parsing sample ${line}: second value must be non-zero`);
      bytesLabel = Math.trunc(size / n);
      [n, size] = scaleHeapSample(n, size, JAVA_HEAPZ_SAMPLING_RATE);
    } else if (profile.period !== 0) {
      n *= profile.period;
      size *= profile.period;
    }
    profile.samples.push({ locations: stack, values: [n, size], ...(bytesLabel === undefined ? {} : { bytesLabel }) });
  }
  parseJavaLocations([...lines.slice(at), rest].join('\n'), byAddress);
  for (const sample of profile.samples) for (const l of sample.locations) l.address = 0n;
  return profile;
}

/** The `key = value` lines (parseJavaHeader); returns the index of the first line that is none. */
function javaHeader(kind: 'heap' | 'contention', lines: readonly string[], profile: LegacyProfile): number {
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!.trim();
    if (line === '') continue;
    const attribute = ATTRIBUTE.exec(line);
    if (attribute === null) return at;
    const [key, value] = [attribute[1]!.trim(), attribute[2]!.trim()];
    const number = () => {
      if (!/^[+-]?\d+$/.test(value)) throw new ProfileDecodeError(`failed to parse attribute ${line}`);
      return Number(value);
    };
    switch (`${kind}/${key}`) {
      case 'heap/format':
      case 'contention/format':
        if (value !== 'java') throw new UnrecognizedFormat();
        break;
      case 'heap/resolution':
        profile.sampleTypes = [
          { type: 'inuse_objects', unit: 'count' },
          { type: 'inuse_space', unit: value },
        ];
        break;
      case 'contention/resolution':
        profile.sampleTypes = [
          { type: 'contentions', unit: 'count' },
          { type: 'delay', unit: value },
        ];
        break;
      case 'contention/sampling period':
        profile.periodType = { type: 'contentions', unit: 'count' };
        profile.period = number();
        break;
      case 'contention/ms since reset':
        profile.durationNanos = number() * 1000 * 1000;
        break;
      default:
        throw new UnrecognizedFormat();
    }
  }
  return lines.length;
}

/** Names the sampled addresses from the `0xADDR name (File.java:LINE)` lines (parseJavaLocations). */
export function parseJavaLocations(text: string, byAddress: ReadonlyMap<bigint, LegacyLocation>): void {
  const functions = new Map<string, LegacyFunction>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const match = LOCATION.exec(line);
    if (match === null) continue;
    const location = byAddress.get(BigInt(`0x${match[1]!}`));
    if (location === undefined) continue;
    let name: string;
    let file = '';
    let lineNumber = 0;
    const fileLine = LOCATION_FILE_LINE.exec(match[2]!);
    const filePath = fileLine === null ? LOCATION_PATH.exec(match[2]!) : null;
    if (fileLine !== null) {
      [name, file] = [fileLine[1]!, fileLine[2]!];
      lineNumber = Math.max(0, Number(fileLine[3]));
    } else if (filePath !== null) {
      name = filePath[1]!;
      file = goBaseName(filePath[2]!);
    } else if (match[2]!.includes('generated stub/JIT')) name = 'STUB';
    else name = match[2]!;
    let fn = functions.get(name);
    if (fn === undefined) {
      fn = { name, filename: file };
      functions.set(name, fn);
    }
    location.line = { function: fn, line: lineNumber };
  }
}

/** Go's filepath.Base: the last element, "." for an empty path. */
function goBaseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
