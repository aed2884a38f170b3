// The accessible twin of the canvas (SPEC §3): the frames the flame graph draws, as a list of
// names with their values, widest first and capped, for screen readers and browser tests.

import { flamePercentText, flameValueText } from '../../flame-values.js';
import { h } from '../dom.js';
import { diffTexts, type DiffTexts } from './diff-values.js';
import type { FlameGraphRenderer, FlameView } from './flame-renderer.js';
import { displayNameOf } from './flame-layout.js';

/** In a diff, the values cum and flat changed from and to. */
function diffItems(texts: DiffTexts): (string | HTMLElement)[] {
  return [
    '; before ',
    h('span', { className: 'frame-before', text: texts.before }),
    ', now ',
    h('span', { className: 'frame-now', text: texts.now }),
    ', change ',
    h('span', { className: 'frame-change', text: texts.change }),
    ' (',
    h('span', { className: 'frame-relative', text: texts.relative }),
    ')',
  ];
}

/** At most this many frames are listed; the caption says how many were drawn. */
export const FRAME_LIST_CAP = 300;

export class FrameList {
  readonly element: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly list: HTMLOListElement;

  constructor() {
    this.caption = h('p', { className: 'frame-list-caption' });
    this.list = h('ol', { id: 'flame-frames', attrs: { 'aria-label': 'Frames drawn in the flame graph' } });
    this.element = h(
      'section',
      { className: 'visually-hidden', attrs: { 'aria-label': 'Flame graph frames' } },
      h('h2', { text: 'Frames drawn' }),
      this.caption,
      this.list,
    );
  }

  /** Lists `frames`, each with where it is drawn (data-x, data-y, data-width: CSS px in the canvas). */
  update(renderer: FlameGraphRenderer, view: FlameView, frames: readonly number[], drawnCount: number): void {
    const { graph } = renderer.layout;
    const base = graph.baseCum;
    // Up to 300 items of a dozen nodes each: cloning one built item is several times faster than
    // building each, and the list is filled before the graph counts as drawn.
    const prototype = listItem(base !== undefined);
    const items = frames.map((node) => {
      const cum = graph.cum[node]!;
      const flat = graph.flat[node]!;
      const box = renderer.frameBox(view, node);
      const li = prototype.cloneNode(true) as HTMLLIElement;
      li.setAttribute('data-node', String(node));
      li.setAttribute('data-depth', String(graph.depth[node]));
      li.setAttribute('data-x', box.x.toFixed(1));
      li.setAttribute('data-y', box.y.toFixed(1));
      li.setAttribute('data-width', box.width.toFixed(1));
      if (graph.aggregated[node]! > 0) li.setAttribute('data-aggregated', String(graph.aggregated[node]));
      if (view.matchedAggregates?.has(node) === true) li.setAttribute('data-matched', 'true');
      const texts = [
        displayNameOf(renderer.layout, node),
        flameValueText(graph, cum),
        flamePercentText(graph, cum),
        flameValueText(graph, flat),
        flamePercentText(graph, flat),
      ];
      if (base !== undefined) {
        const change = diffTexts(graph, cum, base[node]!);
        texts.push(change.before, change.now, change.change, change.relative);
      }
      // The item's spans in document order are exactly its texts' places (listItem's layout).
      const spans = li.children;
      for (let i = 0; i < texts.length; i++) spans[i]!.textContent = texts[i]!;
      return li;
    });
    this.list.replaceChildren(...items);
    this.caption.textContent = `${drawnCount} frames drawn; the ${items.length} widest are listed.`;
  }
}

/** One frame's item, its texts empty: name, cum and flat with their shares, and a diff's changes. */
function listItem(diff: boolean): HTMLLIElement {
  const empty: DiffTexts = { before: '', now: '', change: '', relative: '' };
  return h(
    'li',
    {},
    h('span', { className: 'frame-name' }),
    ' — cum ',
    h('span', { className: 'frame-cum' }),
    ' (',
    h('span', { className: 'frame-cum-percent' }),
    '), flat ',
    h('span', { className: 'frame-flat' }),
    ' (',
    h('span', { className: 'frame-flat-percent' }),
    ')',
    ...(diff ? diffItems(empty) : []),
  );
}
