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
    const items = frames.map((node) => {
      const name = displayNameOf(renderer.layout, node);
      const cum = graph.cum[node]!;
      const flat = graph.flat[node]!;
      const box = renderer.frameBox(view, node);
      const attrs = {
        'data-node': String(node),
        'data-depth': String(graph.depth[node]),
        'data-x': box.x.toFixed(1),
        'data-y': box.y.toFixed(1),
        'data-width': box.width.toFixed(1),
        ...(graph.aggregated[node]! > 0 ? { 'data-aggregated': String(graph.aggregated[node]) } : {}),
        ...(view.matchedAggregates?.has(node) === true ? { 'data-matched': 'true' } : {}),
      };
      return h(
        'li',
        { attrs },
        h('span', { className: 'frame-name', text: name }),
        ' — cum ',
        h('span', { className: 'frame-cum', text: flameValueText(graph, cum) }),
        ' (',
        h('span', { className: 'frame-cum-percent', text: flamePercentText(graph, cum) }),
        '), flat ',
        h('span', { className: 'frame-flat', text: flameValueText(graph, flat) }),
        ' (',
        h('span', { className: 'frame-flat-percent', text: flamePercentText(graph, flat) }),
        ')',
        ...(graph.baseCum === undefined ? [] : diffItems(diffTexts(graph, cum, graph.baseCum[node]!))),
      );
    });
    this.list.replaceChildren(...items);
    this.caption.textContent = `${drawnCount} frames drawn; the ${items.length} widest are listed.`;
  }
}
