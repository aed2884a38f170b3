// The flame graph's wire format between the viewer's server and its browser client: one binary
// body holding a small JSON header (names sent once, each node refers to them by index) followed
// by the node columns as raw typed arrays, so the client reads 100k nodes without parsing them.
//
// Layout: "PFG2" | u32 header byte length | header JSON (UTF-8) | zero padding to a multiple of
// 8 | cum f64[n] | flat f64[n] | baseCum f64[n] (only when header.hasBase) | parent i32[n] |
// nameIndex u32[n] | aggregated u32[n] | depth u16[n]. Numbers are little-endian (the typed arrays' byte order on
// every platform a browser runs on; checked on both ends). Shared by server and client: no Node
// APIs here.

import { GoProfilerError } from '../errors/index.js';
import type { ValueType } from '../pprof/profile-model.js';

const MAGIC = 'PFG2';

/**
 * The node columns of a flame graph, in the engine's layout: src/query/flame-graph.ts's
 * FlameGraph fits it. Written out rather than imported because this module is bundled for the
 * browser, and the engine's types reach Node-only modules.
 */
export interface FlameGraphColumns {
  readonly sampleType: ValueType;
  readonly total: number;
  /** The denominator of percentages (pprof's report total: with a focus, still the whole profile's). */
  readonly reportTotal: number;
  readonly names: readonly string[];
  /** pprof's short form of each name, for frame labels; absent = the names themselves. */
  readonly shortNames?: readonly string[];
  readonly nodeCount: number;
  readonly nameIndex: Uint32Array;
  /**
   * Per node: for an aggregate (the children pruned under its parent, drawn as one frame), how
   * many subtrees it stands for; 0 for a frame.
   */
  readonly aggregated: Uint32Array;
  readonly depth: Uint16Array;
  readonly parent: Int32Array;
  readonly cum: Float64Array;
  readonly flat: Float64Array;
  readonly baseCum?: Float64Array;
  readonly droppedNodes: number;
}

/** What travels beside the columns: facts about the view the client shows as text. */
export interface FlameGraphInfo {
  /** pprof's legend lines for the view (File, Type, Time, Duration, Showing ...). */
  readonly legend: readonly string[];
  /** Frames narrower than this fraction of the total were dropped on the server. */
  readonly minFraction: number;
  readonly maxNodes: number;
  /** The unit values print in (pprof's output unit for the view, e.g. `MB`, `ms`). */
  readonly outputUnit: string;
  /** pprof's warnings for these options (a filter that matched nothing, ...). */
  readonly warnings: readonly string[];
  /**
   * Set for a zoomed graph (`zoom`): the node of the zoomed frame. Its ancestors are a chain above
   * it, and `minFraction` is a fraction of its value rather than of the total.
   */
  readonly zoomNode?: number;
  /** Set for a leaf-first graph (`leaf`): each stack reversed, merged at the leaves. */
  readonly leafFirst?: boolean;
  /**
   * Set when these options open leaf first without a `leaf` parameter (flame-graph-default.ts):
   * why, as `88% of in-use space is in call stacks under 0.01% each`.
   */
  readonly defaultLeafFirst?: string;
  /** Set for a zoom built without the size limit below the zoomed frame (`detail=all`). */
  readonly allDetail?: boolean;
}

export interface WireFlameGraph extends FlameGraphColumns {
  readonly info: FlameGraphInfo;
}

/** Everything but the node columns, sent as JSON. */
type Header = Pick<
  FlameGraphColumns,
  'sampleType' | 'total' | 'reportTotal' | 'names' | 'shortNames' | 'nodeCount' | 'droppedNodes'
> & { readonly hasBase: boolean; readonly info: FlameGraphInfo };

/** A body that is not a flame graph in this format (truncated, another version, bad header). */
export class FlameGraphWireError extends GoProfilerError {
  override readonly name = 'FlameGraphWireError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super('decode flame graph', reason, options);
  }
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new FlameGraphWireError('this platform is big-endian; the wire format is little-endian');
  }
}

const align8 = (n: number) => (n + 7) & ~7;

function columnBytes(nodeCount: number, hasBase: boolean): number {
  return nodeCount * ((hasBase ? 3 : 2) * 8 + 4 + 4 + 4 + 2);
}

export function encodeFlameGraph(graph: FlameGraphColumns, info: FlameGraphInfo): Uint8Array {
  assertLittleEndian();
  const n = graph.nodeCount;
  const hasBase = graph.baseCum !== undefined;
  const header: Header = {
    sampleType: graph.sampleType,
    total: graph.total,
    reportTotal: graph.reportTotal,
    names: graph.names,
    ...(graph.shortNames === undefined ? {} : { shortNames: graph.shortNames }),
    nodeCount: n,
    droppedNodes: graph.droppedNodes,
    hasBase,
    info,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const columnsStart = align8(8 + headerBytes.length);
  const out = new Uint8Array(columnsStart + columnBytes(n, hasBase));
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let offset = columnsStart;
  const put = (column: ArrayBufferView, expectedLength: number, what: string) => {
    const bytes = new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
    if (bytes.length !== expectedLength) {
      throw new FlameGraphWireError(`column ${what} has ${bytes.length} bytes, expected ${expectedLength}`);
    }
    out.set(bytes, offset);
    offset += bytes.length;
  };
  put(graph.cum, n * 8, 'cum');
  put(graph.flat, n * 8, 'flat');
  if (graph.baseCum !== undefined) put(graph.baseCum, n * 8, 'baseCum');
  put(graph.parent, n * 4, 'parent');
  put(graph.nameIndex, n * 4, 'nameIndex');
  put(graph.aggregated, n * 4, 'aggregated');
  put(graph.depth, n * 2, 'depth');
  return out;
}

/** Reads a body written by encodeFlameGraph; the columns are views into `buffer`, not copies. */
export function decodeFlameGraph(buffer: ArrayBuffer): WireFlameGraph {
  assertLittleEndian();
  if (buffer.byteLength < 8) throw new FlameGraphWireError(`body of ${buffer.byteLength} bytes is too short`);
  const magic = new TextDecoder().decode(new Uint8Array(buffer, 0, 4));
  if (magic !== MAGIC) throw new FlameGraphWireError(`body starts with ${JSON.stringify(magic)}, not ${MAGIC}`);
  const headerLength = new DataView(buffer).getUint32(4, true);
  if (8 + headerLength > buffer.byteLength) throw new FlameGraphWireError('header runs past the end of the body');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as Header;
  } catch (error) {
    throw new FlameGraphWireError('header is not JSON', { cause: error });
  }
  const n = header.nodeCount;
  const columnsStart = align8(8 + headerLength);
  const expected = columnsStart + columnBytes(n, header.hasBase);
  if (buffer.byteLength !== expected) {
    throw new FlameGraphWireError(`body has ${buffer.byteLength} bytes, expected ${expected} for ${n} nodes`);
  }
  let offset = columnsStart;
  const take = <T>(make: (b: ArrayBuffer, o: number, l: number) => T, bytesPerItem: number): T => {
    const view = make(buffer, offset, n);
    offset += n * bytesPerItem;
    return view;
  };
  const cum = take((b, o, l) => new Float64Array(b, o, l), 8);
  const flat = take((b, o, l) => new Float64Array(b, o, l), 8);
  const baseCum = header.hasBase ? take((b, o, l) => new Float64Array(b, o, l), 8) : undefined;
  const parent = take((b, o, l) => new Int32Array(b, o, l), 4);
  const nameIndex = take((b, o, l) => new Uint32Array(b, o, l), 4);
  const aggregated = take((b, o, l) => new Uint32Array(b, o, l), 4);
  const depth = take((b, o, l) => new Uint16Array(b, o, l), 2);
  if (header.shortNames !== undefined && header.shortNames.length !== header.names.length) {
    throw new FlameGraphWireError(`${header.shortNames.length} short names for ${header.names.length} names`);
  }
  // The renderer walks parents and names by index: refuse a body whose indices point nowhere.
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (i === 0 ? p !== -1 : p < 0 || p >= i) throw new FlameGraphWireError(`node ${i} has parent ${p}`);
    if (nameIndex[i]! >= header.names.length) throw new FlameGraphWireError(`node ${i} names ${nameIndex[i]}`);
  }
  return {
    sampleType: header.sampleType,
    total: header.total,
    reportTotal: header.reportTotal,
    names: header.names,
    ...(header.shortNames === undefined ? {} : { shortNames: header.shortNames }),
    nodeCount: n,
    droppedNodes: header.droppedNodes,
    info: header.info,
    cum,
    flat,
    parent,
    nameIndex,
    aggregated,
    depth,
    ...(baseCum === undefined ? {} : { baseCum }),
  };
}
