// The hover card of the flame graph: the frame's full name and its cum and flat values with
// their shares of the total (and of the zoomed frame, when zoomed in); in a diff, its value
// before and now and the change.

import { flamePercentText, flameValueText } from '../../flame-values.js';
import { h } from '../dom.js';
import { diffTexts, signedValueText } from './diff-values.js';
import type { FlameLayout } from './flame-layout.js';

/**
 * A diff's lines: the frame's value before and now, and its change (pprof's diff cum and flat),
 * with shares of the base total, as pprof -diff_base prints percentages.
 */
function diffLines(graph: FlameLayout['graph'], baseCum: Float64Array, node: number): HTMLElement[] {
  const cum = graph.cum[node]!;
  const flat = graph.flat[node]!;
  const texts = diffTexts(graph, cum, baseCum[node]!);
  return [
    h('div', { className: 'tooltip-diff', text: `before ${texts.before} → now ${texts.now}` }),
    h('div', {
      className: 'tooltip-diff',
      text: `change ${texts.change} (${texts.relative}), ${flamePercentText(graph, cum)} of the base total`,
    }),
    h('div', { text: `flat change ${signedValueText(graph, flat)} (${flamePercentText(graph, flat)})` }),
  ];
}

/** The frame's cum and flat with their shares of the total, and of the zoomed frame when zoomed. */
function valueLines(graph: FlameLayout['graph'], node: number, zoom: number): HTMLElement[] {
  const cum = graph.cum[node]!;
  const flat = graph.flat[node]!;
  const lines = [
    h('div', { text: `cum ${flameValueText(graph, cum)} (${flamePercentText(graph, cum)} of total)` }),
    h('div', { text: `flat ${flameValueText(graph, flat)} (${flamePercentText(graph, flat)} of total)` }),
  ];
  if (zoom !== 0 && node !== zoom && graph.depth[node]! > graph.depth[zoom]!) {
    lines.push(h('div', { text: `${flamePercentText(graph, cum, graph.cum[zoom]!)} of the zoomed frame` }));
  }
  return lines;
}

export class FlameTooltip {
  readonly element: HTMLElement;

  constructor() {
    this.element = h('div', { className: 'flame-tooltip', attrs: { role: 'tooltip' } });
    this.element.hidden = true;
  }

  show(layout: FlameLayout, node: number, zoom: number, xPx: number, yPx: number, boundsWidthPx: number): void {
    const { graph } = layout;
    this.element.replaceChildren(
      h('div', { className: 'tooltip-name', text: graph.names[graph.nameIndex[node]!]! }),
      ...(graph.baseCum === undefined ? valueLines(graph, node, zoom) : diffLines(graph, graph.baseCum, node)),
    );
    this.element.hidden = false;
    // Keep the card inside the view: flip it to the pointer's left near the right edge.
    const cardWidth = this.element.offsetWidth;
    const left = xPx + 14 + cardWidth > boundsWidthPx ? Math.max(xPx - 14 - cardWidth, 0) : xPx + 14;
    this.element.style.left = `${left}px`;
    this.element.style.top = `${yPx + 16}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
