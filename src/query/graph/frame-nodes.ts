// Node identity at a granularity (pprof's graph.NodeInfo after profile.Aggregate): which report
// node each frame of each location is, decided once per location so that per-sample work is a
// table lookup. Two frames are the same node when their NodeInfo fields are equal.

import type { Profile } from '../../pprof/portable.js';
import { baseName, cleanPath } from '../go/clean-path.js';
import type { SampleSelection } from '../filter/select-samples.js';
import type { Granularity } from '../options/query-options.js';

/** The distinct nodes, by id; each field as pprof's NodeInfo. */
export interface NodeInfoTable {
  readonly count: number;
  readonly name: readonly string[];
  readonly file: readonly string[];
  readonly lineNumber: readonly number[];
  readonly address: readonly bigint[];
  readonly objfile: readonly string[];
  readonly startLine: readonly number[];
  /** pprof's PrintableName: what reports show. */
  readonly printableName: readonly string[];
  /** fmt.Sprint(NodeInfo): pprof's last tie-breaker when sorting. */
  readonly sortKey: readonly string[];
}

/**
 * Each location's frames as node ids, outermost caller first (the order stacks are walked). A
 * location the filters hid has no frames, so stack walks need no other check.
 */
export interface LocationFrames {
  /** Offsets into `node`, locations.count + 1 entries. */
  readonly start: Uint32Array;
  readonly node: Int32Array;
  /** 1 when the frame was inlined into the previous one (not the location's outermost line). */
  readonly inlined: Uint8Array;
}

export interface FrameNodes {
  readonly nodes: NodeInfoTable;
  readonly frames: LocationFrames;
}

/** pprof's NodeInfo.PrintableName. */
export function printableNodeName(info: {
  name: string;
  file: string;
  lineNumber: number;
  address: bigint;
  objfile: string;
}): string {
  const parts: string[] = [];
  if (info.address !== 0n) parts.push(info.address.toString(16).padStart(16, '0'));
  if (info.name !== '') parts.push(info.name);
  if (info.lineNumber !== 0) parts.push(`${info.file}:${info.lineNumber}`);
  else if (info.file !== '') parts.push(info.file);
  else if (info.name !== '') {
    // The function name says it all.
  } else if (info.objfile !== '') parts.push(`[${baseName(info.objfile)}]`);
  else parts.push('<unknown>');
  return parts.join(' ');
}

interface Aggregation {
  inlines: boolean;
  function: boolean;
  filename: boolean;
  lineNumber: boolean;
  address: boolean;
}

/** pprof's driver.aggregate: which NodeInfo fields a granularity keeps. */
function aggregationOf(granularity: Granularity, noInlines: boolean): Aggregation {
  const inlines = !noInlines;
  switch (granularity) {
    case 'addresses':
      return { inlines, function: true, filename: true, lineNumber: true, address: true };
    case 'lines':
      return { inlines, function: true, filename: true, lineNumber: true, address: false };
    case 'files':
      return { inlines, function: false, filename: true, lineNumber: false, address: false };
    case 'functions':
      return { inlines, function: true, filename: false, lineNumber: false, address: false };
    case 'filefunctions':
      return { inlines, function: true, filename: true, lineNumber: false, address: false };
  }
}

class NodeTableBuilder implements NodeInfoTable {
  count = 0;
  readonly name: string[] = [];
  readonly file: string[] = [];
  readonly lineNumber: number[] = [];
  readonly address: bigint[] = [];
  readonly objfile: string[] = [];
  readonly startLine: number[] = [];
  readonly printableName: string[] = [];
  readonly sortKey: string[] = [];
  private readonly ids = new Map<string, number>();

  intern(name: string, file: string, lineNumber: number, address: bigint, objfile: string, startLine: number): number {
    const key = `${name}\u0000${file}\u0000${lineNumber}\u0000${address}\u0000${objfile}\u0000${startLine}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.count++;
      this.ids.set(key, id);
      this.name.push(name);
      this.file.push(file);
      this.lineNumber.push(lineNumber);
      this.address.push(address);
      this.objfile.push(objfile);
      this.startLine.push(startLine);
      this.printableName.push(printableNodeName({ name, file, lineNumber, address, objfile }));
      // fmt.Sprint of {Name OrigName Address File StartLine Lineno Objfile}; OrigName is "" in reports.
      this.sortKey.push(`{${name}  ${address} ${file} ${startLine} ${lineNumber} ${objfile}}`);
    }
    return id;
  }
}

/** Resolves every location's frames to node ids at the selection's granularity. */
/**
 * `objectNames` is pprof's ObjNames (its -raw, -list, -disasm and -callgrind): every frame keeps
 * its binary and start line, so the same name at the same place in two binaries is two nodes.
 */
export function buildFrameNodes(
  selection: SampleSelection,
  granularity: Granularity,
  noInlines: boolean,
  objectNames = false,
): FrameNodes {
  const profile: Profile = selection.profile;
  const aggregation = aggregationOf(granularity, noInlines);
  // pprof skips aggregation entirely for addresses with inlines: every field is kept.
  const locations = profile.locations;
  const functions = profile.functions;
  const strings = profile.strings;
  const table = new NodeTableBuilder();
  const cleanedFiles = new Map<number, string>();
  const fileOf = (index: number) => {
    let cleaned = cleanedFiles.get(index);
    if (cleaned === undefined) {
      const raw = strings[index]!;
      cleaned = raw === '' ? '' : cleanPath(raw);
      cleanedFiles.set(index, cleaned);
    }
    return cleaned;
  };
  const start = new Uint32Array(locations.count + 1);
  const node: number[] = [];
  const inlined: number[] = [];
  const { lines } = selection;
  for (let location = 0; location < locations.count; location++) {
    start[location] = node.length;
    if (selection.hidden[location] === 1) continue;
    const mapping = locations.mapping[location]!;
    const objfile = mapping === 0 ? '' : profile.mappings[mapping - 1]!.filename;
    const address = aggregation.address ? locations.address[location]! : 0n;
    let first = lines.start[location]!;
    const end = lines.start[location + 1]!;
    if (!aggregation.inlines && end - first > 1) first = end - 1;
    if (first === end) {
      // A location without lines is known by its address and binary only.
      node.push(table.intern('', '', 0, address, objfile, 0));
      inlined.push(0);
      continue;
    }
    for (let at = end - 1; at >= first; at--) {
      const line = lines.lines[at]!;
      const fn = locations.lineFunction[line]!;
      const name = aggregation.function ? strings[functions.name[fn]!]! : '';
      const file = aggregation.filename ? fileOf(functions.filename[fn]!) : '';
      const lineNumber = aggregation.lineNumber ? locations.lineNumber[line]! : 0;
      // pprof keeps the binary and start line only for frames without a function name.
      const nameless = name === '' || objectNames;
      node.push(
        table.intern(name, file, lineNumber, address, nameless ? objfile : '', nameless ? functions.startLine[fn]! : 0),
      );
      inlined.push(at === end - 1 ? 0 : 1);
    }
  }
  start[locations.count] = node.length;
  return {
    nodes: table,
    frames: { start, node: Int32Array.from(node), inlined: Uint8Array.from(inlined) },
  };
}
