// Writes a call graph in Graphviz DOT exactly as `go tool pprof -dot` does (internal/graph
// dotgraph.go): the legend, nodes sized and coloured by weight, tag nodelets, weighted edges. The
// viewer lays this out with Graphviz compiled to WebAssembly.
//
// Every text that comes from the profile (function and file names, label values, units, the
// binary's name) goes through escapeForDot, also where pprof prints it raw (tag nodelets, file
// names, the title): a name can never close its quoted string and add a node (SPEC §5). On
// ordinary names the escaping changes nothing, so the text stays byte-equal to pprof's.

import { formatPercentage, formatValueLabel, scaleValue } from '../../units/index.js';
import { baseName } from '../go/clean-path.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { MAX_NODELETS, type CallGraph } from '../graph/call-graph.js';
import { meanValue } from '../graph/node-values.js';
import { shortenFunctionName } from '../graph/shorten-function-name.js';
import { inChunks } from './text-chunks.js';

// C0 controls but tab and newline, and DEL: a NUL ends Graphviz's input mid-string (a syntax error),
// the others reach the SVG, which XML (the browser parses the SVG as XML) does not allow.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const DOT_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
// Lone UTF-16 surrogates, which no UTF-8 text (Graphviz's input) can carry.
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * pprof's escapeForDot (backslashes and quotes escaped, newlines left-justified), and beyond it
 * control characters shown as `\xHH` text and lone surrogates as U+FFFD: the result is always one
 * well-formed DOT string body, whatever the input.
 */
export function escapeForDot(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\l')
    .replace(DOT_CONTROL_CHARACTERS, (c) => `\\\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(LONE_SURROGATES, '\ufffd');
}

/**
 * pprof's escapeForDot alone: backslashes and quotes escaped, newlines left-justified, control
 * characters and kept bytes (raw-bytes-text.ts) left as they are, for the CLI's byte-equal `dot`.
 */
export function pprofEscapeForDot(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\l');
}

type Escape = (text: string) => string;

/**
 * A label set's nodelet text: the query layer joins its `key:value` parts with DOT's `\n`, as
 * pprof does; each part is escaped on its own so the separators stay line breaks.
 */
function escapeLabelSet(name: string, escape: Escape): string {
  return name.split('\\n').map(escape).join('\\n');
}

/** pprof's dotColor: grey at 0, red towards +1, green towards -1; dark or (background) light. */
export function dotColor(score: number, background: boolean): string {
  const shift = 0.7;
  let saturation = background ? 0.1 : 1.0;
  const value = background ? 0.93 : 0.7;
  let s = Math.max(-1, Math.min(1, score));
  if (Math.abs(s) < 0.2) saturation *= Math.abs(s) / 0.2;
  if (s > 0) s = Math.pow(s, 1 - shift);
  if (s < 0) s = -Math.pow(-s, 1 - shift);
  let r: number;
  let g: number;
  if (s < 0) {
    g = value;
    r = value * (1 + saturation * s);
  } else {
    r = value;
    g = value * (1 - saturation * s);
  }
  const b = value * (1 - saturation);
  const hex = (channel: number) => (Math.trunc(channel * 255) & 0xff).toString(16).padStart(2, '0');
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

/** pprof's multilinePrintableName: short name split at dots, one component per line. */
function multilineName(graph: CallGraph, n: number, escapeForDot: Escape): string {
  const info = graph.frameNodes.nodes;
  let name = escapeForDot(shortenFunctionName(info.name[n]!));
  name = name.replaceAll('::', '\\n').replaceAll('[...]', '[…]').replaceAll('.', '\\n');
  const file = info.file[n]! === '' ? '' : escapeForDot(baseName(info.file[n]!));
  const parts: string[] = [];
  const address = info.address[n]!;
  if (address !== 0n) parts.push(address.toString(16).padStart(16, '0'));
  if (name !== '') parts.push(name);
  if (info.lineNumber[n] !== 0) parts.push(`${file}:${info.lineNumber[n]}`);
  else if (file !== '') parts.push(file);
  else if (name !== '') {
    // The name is enough.
  } else if (info.objfile[n] !== '') parts.push(`[${escapeForDot(baseName(info.objfile[n]!))}]`);
  else parts.push('<unknown>');
  return `${parts.join('\\n')}\\n`;
}

interface Tag {
  name: string;
  value: number;
  unit: string;
  flat: number;
  flatDiv: number;
  cum: number;
  cumDiv: number;
}

/** pprof's SortTags: by |cum| (unless flat), then |flat|, then name. */
function sortTags(tags: Tag[], flat: boolean): Tag[] {
  return tags.sort((a, b) => {
    if (!flat && a.cum !== b.cum) return Math.abs(b.cum) - Math.abs(a.cum);
    if (a.flat !== b.flat) return Math.abs(b.flat) - Math.abs(a.flat);
    return compareGoStrings(a.name, b.name);
  });
}

/** pprof's collapsedTags: at most `count` numeric tags, neighbours grouped into ranges. */
function collapsedTags(tags: Tag[], count: number, flat: boolean): Tag[] {
  sortTags(tags, flat);
  if (tags.length <= count) return tags;
  const groups: Tag[][] = tags.slice(0, count).map((t) => [t]);
  const distance = (t: Tag, u: Tag) => Math.abs(t.value - scaleValue(u.value, u.unit, t.unit).value);
  for (const t of tags.slice(count)) {
    let best = 0;
    let bestDistance = distance(t, groups[0]![0]!);
    for (let i = 1; i < count; i++) {
      const d = distance(t, groups[i]![0]!);
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    groups[best]!.push(t);
  }
  return sortTags(
    groups.map((group) => {
      if (group.length === 1) {
        const t = group[0]!;
        const f = meanValue(t.flat, t.flatDiv);
        const c = meanValue(t.cum, t.cumDiv);
        return { name: formatValueLabel(t.value, t.unit), value: 0, unit: '', flat: f, flatDiv: 0, cum: c, cumDiv: 0 };
      }
      let min = group[0]!;
      let max = group[0]!;
      let f = min.flat;
      let df = min.flatDiv;
      let c = min.cum;
      let dc = min.cumDiv;
      for (const t of group.slice(1)) {
        if (Math.trunc(scaleValue(t.value, t.unit, min.unit).value) < min.value) min = t;
        if (Math.trunc(scaleValue(t.value, t.unit, max.unit).value) > max.value) max = t;
        f += t.flat;
        df += t.flatDiv;
        c += t.cum;
        dc += t.cumDiv;
      }
      const name = `${formatValueLabel(min.value, min.unit)}..${formatValueLabel(max.value, max.unit)}`;
      return { name, value: 0, unit: '', flat: meanValue(f, df), flatDiv: 0, cum: meanValue(c, dc), cumDiv: 0 };
    }),
    flat,
  );
}

/** A shown node's flat and cum (means when `mean` is set) with the texts its DOT label prints. */
export interface CallGraphNodeTexts {
  readonly flat: number;
  readonly cum: number;
  /** `1.20s`, as in the label. */
  readonly flatText: string;
  /** `12.34%`, of the report total. */
  readonly flatPercent: string;
  readonly cumText: string;
  readonly cumPercent: string;
}

/** The values pprof's -dot prints in node `n`'s label (the viewer shows the same texts). */
export function callGraphNodeTexts(graph: CallGraph, n: number): CallGraphNodeTexts {
  const { values, total, formatValue } = graph;
  const flat = meanValue(values.flat[n]!, values.flatDiv[n]!);
  const cum = meanValue(values.cum[n]!, values.cumDiv[n]!);
  return {
    flat,
    cum,
    flatText: formatValue(flat),
    flatPercent: formatPercentage(flat, total).trim(),
    cumText: formatValue(cum),
    cumPercent: formatPercentage(cum, total).trim(),
  };
}

/**
 * The DOT text `go tool pprof -dot` prints for this graph, in chunks. By default every text is
 * made safe for Graphviz and the SVG (escapeForDot); `pprofBytes` writes them as pprof does
 * (pprofEscapeForDot), control characters and invalid UTF-8 included, for the CLI.
 */
export function formatDot(graph: CallGraph, options: { readonly pprofBytes?: boolean } = {}): Generator<string> {
  return inChunks(dotLines(graph, options.pprofBytes === true ? pprofEscapeForDot : escapeForDot));
}

function* dotLines(graph: CallGraph, escapeForDot: Escape): Generator<string> {
  const title = escapeForDot(graph.title);
  yield `digraph "${title === '' ? 'unnamed' : title}" {\n`;
  yield 'node [style=filled fillcolor="#f8f8f8"]\n';
  if (graph.legend.length > 0) {
    let legend = `subgraph cluster_L { "${escapeForDot(graph.legend[0]!)}" [shape=box fontsize=16`;
    legend += ` label="${graph.legend.map(escapeForDot).join('\\l')}\\l"`;
    if (title !== '') legend += ` tooltip="${title}"`;
    yield `${legend}] }\n`;
  }
  if (graph.nodes.length > 0) {
    const idOf = new Map<number, number>();
    graph.nodes.forEach((n, i) => idOf.set(n, i + 1));
    const hasNodelets = new Set<number>();
    yield* nodeLines(graph, idOf, hasNodelets, escapeForDot);
    yield* edgeLines(graph, idOf, hasNodelets, escapeForDot);
  }
  yield '}\n';
}

/** Each node's statement, then its nodelets; fills `hasNodelets`. */
function* nodeLines(
  graph: CallGraph,
  idOf: ReadonlyMap<number, number>,
  hasNodelets: Set<number>,
  escapeForDot: Escape,
): Generator<string> {
  const { total, values, edges } = graph;
  const names = graph.frameNodes.nodes.printableName;
  let maxFlat = 0;
  for (const n of graph.nodes) maxFlat = Math.max(maxFlat, Math.abs(meanValue(values.flat[n]!, values.flatDiv[n]!)));
  const hasOut = new Set<number>();
  for (let e = 0; e < edges.count; e++) hasOut.add(edges.source[e]!);
  const tagsOf = nodeTagLists(graph, idOf);
  for (const n of graph.nodes) {
    const id = idOf.get(n)!;
    const texts = callGraphNodeTexts(graph, n);
    const { flat, cum, flatPercent, cumPercent } = texts;
    const [flatText, cumText] = [escapeForDot(texts.flatText), escapeForDot(texts.cumText)];
    let label = multilineName(graph, n, escapeForDot);
    label += flat !== 0 ? `${flatText} (${flatPercent})` : '0';
    if (cum !== flat) {
      label += flat !== 0 ? '\\n' : ' ';
      label += `of ${cumText} (${cumPercent})`;
    }
    let fontSize = 8;
    if (maxFlat !== 0 && flat !== 0 && Math.abs(flat) <= maxFlat) {
      fontSize += Math.ceil(16 * Math.sqrt(Math.abs(flat) / maxFlat));
    }
    const score = cum / Math.abs(total);
    yield `N${id} [label="${label}" id="node${id}" fontsize=${fontSize} shape=box tooltip="${escapeForDot(names[n]!)} (${cumText})" color="${dotColor(score, false)}" fillcolor="${dotColor(score, true)}"]\n`;
    // Nodelets: leaf nodes show cum tags (they include pruned children), others flat.
    const nodelets = nodeletLines(
      graph,
      id,
      tagsOf.labels.get(n) ?? [],
      tagsOf.numeric.get(n),
      hasOut.has(n),
      escapeForDot,
    );
    if (nodelets !== '') {
      hasNodelets.add(n);
      yield nodelets;
    }
  }
}

/** Tags per shown node: label sets, and numeric tags grouped by label set. */
function nodeTagLists(
  graph: CallGraph,
  idOf: ReadonlyMap<number, number>,
): { labels: Map<number, Tag[]>; numeric: Map<number, Map<string, Tag[]>> } {
  const labels = new Map<number, Tag[]>();
  const numeric = new Map<number, Map<string, Tag[]>>();
  const { tags, keptTags } = graph;
  for (let e = 0; e < tags.entryCount; e++) {
    if (keptTags[e] === 0 || !idOf.has(tags.entryNode[e]!)) continue;
    const info = tags.tags[tags.entryTag[e]!]!;
    const tag: Tag = {
      name: info.name,
      value: info.value,
      unit: info.unit,
      flat: tags.flat[e]!,
      flatDiv: tags.flatDiv[e]!,
      cum: tags.cum[e]!,
      cumDiv: tags.cumDiv[e]!,
    };
    const node = tags.entryNode[e]!;
    if (!info.numeric) {
      const list = labels.get(node);
      if (list === undefined) labels.set(node, [tag]);
      else list.push(tag);
    } else {
      let bySet = numeric.get(node);
      if (bySet === undefined) numeric.set(node, (bySet = new Map()));
      const list = bySet.get(info.labelSet);
      if (list === undefined) bySet.set(info.labelSet, [tag]);
      else list.push(tag);
    }
  }
  return { labels, numeric };
}

/** A node's nodelets (label sets, numeric tags nested under them or under the node), as DOT lines. */
function nodeletLines(
  graph: CallGraph,
  id: number,
  labelTags: Tag[],
  bySet: Map<string, Tag[]> | undefined,
  flatTags: boolean,
  escapeForDot: Escape,
): string {
  const formatValue = (value: number) => escapeForDot(graph.formatValue(value));
  let nodelets = '';
  const weightOf = (t: Tag) => (flatTags ? meanValue(t.flat, t.flatDiv) : meanValue(t.cum, t.cumDiv));
  const numericNodelets = (list: Tag[], source: string) => {
    collapsedTags(list, MAX_NODELETS, flatTags).forEach((t, j) => {
      let w = meanValue(t.cum, t.cumDiv);
      let attr = ' style="dotted"';
      if (flatTags || meanValue(t.flat, t.flatDiv) === w) {
        w = meanValue(t.flat, t.flatDiv);
        attr = '';
      }
      if (w === 0) return;
      const weight = formatValue(w);
      nodelets += `N${source}_${j} [label = "${escapeForDot(t.name)}" id="N${source}_${j}" fontsize=8 shape=box3d tooltip="${weight}"]\n`;
      nodelets += `${source} -> N${source}_${j} [label=" ${weight}" weight=100 tooltip="${weight}" labeltooltip="${weight}"${attr}]\n`;
    });
  };
  sortTags(labelTags, flatTags)
    .slice(0, MAX_NODELETS)
    .forEach((t, i) => {
      const w = weightOf(t);
      if (w === 0) return;
      const weight = formatValue(w);
      nodelets += `N${id}_${i} [label = "${escapeLabelSet(t.name, escapeForDot)}" id="N${id}_${i}" fontsize=8 shape=box3d tooltip="${weight}"]\n`;
      nodelets += `N${id} -> N${id}_${i} [label=" ${weight}" weight=100 tooltip="${weight}" labeltooltip="${weight}"]\n`;
      const nested = bySet?.get(t.name);
      if (nested !== undefined) numericNodelets(nested, `N${id}_${i}`);
    });
  const unlabelled = bySet?.get('');
  if (unlabelled !== undefined) numericNodelets(unlabelled, `N${id}`);
  return nodelets;
}

function* edgeLines(
  graph: CallGraph,
  idOf: ReadonlyMap<number, number>,
  hasNodelets: Set<number>,
  escapeForDot: Escape,
): Generator<string> {
  const { total, edges } = graph;
  const names = graph.frameNodes.nodes.printableName;
  // Units come from the profile: a value's text is escaped like a name.
  const formatValue = (value: number) => escapeForDot(graph.formatValue(value));
  for (let e = 0; e < edges.count; e++) {
    const w = meanValue(edges.weight[e]!, edges.weightDiv[e]!);
    const weight = formatValue(w);
    let attr = `label=" ${weight}${edges.inline[e] === 1 ? '\\n (inline)' : ''}"`;
    if (total !== 0) {
      const edgeWeight = 1 + Math.min(Math.abs(Math.trunc((w * 100) / total)), 100);
      if (edgeWeight > 1) attr += ` weight=${edgeWeight}`;
      const width = 1 + Math.min(Math.abs(Math.trunc((w * 5) / total)), 5);
      if (width > 1) attr += ` penwidth=${width}`;
      attr += ` color="${dotColor(w / Math.abs(total), false)}"`;
    }
    const residual = edges.residual[e] === 1;
    const source = edges.source[e]!;
    const target = edges.target[e]!;
    const tooltip = `"${escapeForDot(names[source]!)} ${residual ? '...' : '->'} ${escapeForDot(names[target]!)} (${weight})"`;
    attr += ` tooltip=${tooltip} labeltooltip=${tooltip}`;
    if (residual) attr += ' style="dotted"';
    if (hasNodelets.has(source)) attr += ' minlen=2';
    yield `N${idOf.get(source)} -> N${idOf.get(target)} [${attr}]\n`;
  }
}
