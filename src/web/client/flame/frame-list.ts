// The accessible twin of the canvas (SPEC §3): the frames the flame graph draws, as a list of
// names with their values, widest first and capped, for screen readers and browser tests.

import { formatPercent, formatValue } from '../../value-format.js';
import { h } from '../dom.js';
import type { FlameLayout } from './flame-layout.js';

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

  update(layout: FlameLayout, frames: readonly number[], drawnCount: number): void {
    const { graph } = layout;
    const unit = graph.sampleType.unit;
    const items = frames.map((node) => {
      const name = graph.names[graph.nameIndex[node]!]!;
      const cum = graph.cum[node]!;
      const flat = graph.flat[node]!;
      return h(
        'li',
        { attrs: { 'data-node': String(node), 'data-depth': String(graph.depth[node]) } },
        h('span', { className: 'frame-name', text: name }),
        ' — cum ',
        h('span', { className: 'frame-cum', text: formatValue(cum, unit) }),
        ' (',
        h('span', { className: 'frame-cum-percent', text: formatPercent(cum, graph.total) }),
        '), flat ',
        h('span', { className: 'frame-flat', text: formatValue(flat, unit) }),
        ' (',
        h('span', { className: 'frame-flat-percent', text: formatPercent(flat, graph.total) }),
        ')',
      );
    });
    this.list.replaceChildren(...items);
    this.caption.textContent = `${drawnCount} frames drawn; the ${items.length} widest are listed.`;
  }
}
