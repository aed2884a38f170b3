// The text lines of legacy profiles: a line scanner as Go's bufio.Scanner splits them, and the
// memory map section (/proc/self/maps lines or pprof's brief form) that names the mappings
// (pprof's parseProcMapsFromScanner).

import type { LegacyMapping } from './legacy-model.js';

/** Lines as Go's bufio.ScanLines yields them: split at \n, one trailing \r dropped. */
export class LineScanner {
  private readonly lines: string[];
  private next = 0;
  private current = '';

  constructor(text: string) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    this.lines = lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }

  /** Advances to the next line; false (and text() "") at the end. */
  scan(): boolean {
    if (this.next >= this.lines.length) {
      this.current = '';
      return false;
    }
    this.current = this.lines[this.next++]!;
    return true;
  }

  text(): string {
    return this.current;
  }
}

export function isSpaceOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

export function isMemoryMapSentinel(line: string): boolean {
  return line.includes('--- Memory map: ---') || line.includes('MAPPED_LIBRARIES:');
}

const HEX = '[0-9A-Fa-f]';
const HEX_RANGE = `\\s*(?:0x)?(${HEX}+)[\\s-]?\\s*(?:0x)?(${HEX}+):?`;
const PERM = '(?:\\s+([-rwxp]+))?';
const PROC_MAPS = new RegExp(`^${HEX_RANGE}${PERM}(?:\\s+(${HEX}+))?\\s+${HEX}+:${HEX}+\\s+[0-9]+(?:\\s+(\\S+))?`);
const BRIEF_MAPS = new RegExp(`^${HEX_RANGE}${PERM}(?:\\s+(\\S+))?(?:\\s+\\(@(${HEX}+)\\))?(?:\\s+(${HEX}+))?`);
const LOG_INFO = /^[^[\]]+:[0-9]+]\s/;

/** One maps line as a mapping; undefined for a mapping that is not executable, null when no maps line. */
function parseMappingEntry(line: string): LegacyMapping | undefined | null {
  const proc = PROC_MAPS.exec(line);
  const brief = proc === null ? BRIEF_MAPS.exec(line) : null;
  if (proc === null && brief === null) return null;
  const [start, end, perm, file, offset, buildId] =
    proc !== null
      ? [proc[1]!, proc[2]!, proc[3], proc[5], proc[4], undefined]
      : [brief![1]!, brief![2]!, brief![3], brief![4], brief![5], brief![6]];
  if (perm !== undefined && perm !== '' && !perm.includes('x')) return undefined;
  return {
    start: BigInt(`0x${start}`),
    limit: BigInt(`0x${end}`),
    offset: offset === undefined || offset === '' ? 0n : BigInt(`0x${offset}`),
    file: file ?? '',
    buildId: buildId ?? '',
  };
}

/** Replaces `$key` by its value, each position trying the pairs in order (Go's strings.Replacer). */
function replaceAttributes(line: string, pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) return line;
  let out = '';
  for (let at = 0; at < line.length;) {
    const pair = pairs.find(([key]) => key !== '' && line.startsWith(key, at));
    if (pair === undefined) out += line[at++];
    else {
      out += pair[1];
      at += pair[0].length;
    }
  }
  return out;
}

/** The mappings of the rest of the scanner's lines; lines that are no mapping are skipped. */
export function parseMemoryMap(scanner: LineScanner): LegacyMapping[] {
  const mappings: LegacyMapping[] = [];
  const attributes: [string, string][] = [];
  while (scanner.scan()) {
    let line = scanner.text();
    const log = LOG_INFO.exec(line);
    if (log !== null) line = line.slice(log[0].length);
    line = replaceAttributes(line, attributes);
    const mapping = parseMappingEntry(line);
    if (mapping === null) {
      const equals = line.indexOf('=');
      if (equals >= 0) attributes.push([`$${line.slice(0, equals).trim()}`, line.slice(equals + 1).trim()]);
      continue;
    }
    if (mapping !== undefined) mappings.push(mapping);
  }
  return mappings;
}

/** pprof's parseAdditionalSections: skip to the memory map sentinel, then read the map. */
export function parseAdditionalSections(scanner: LineScanner): LegacyMapping[] {
  while (!isMemoryMapSentinel(scanner.text()) && scanner.scan()) {
    // Skipping the lines before the memory map.
  }
  return parseMemoryMap(scanner);
}

/** Addresses written `0x…` in lowercase hex, as pprof's hexNumberRE finds them. */
export function parseHexAddresses(text: string): bigint[] {
  return (text.match(/0x[0-9a-f]+/g) ?? []).map((hex) => BigInt(hex));
}
