// The hover card of the flame graph: the frame's full name and its cum and flat values with
// their shares of the total (and of the zoomed frame, when zoomed in); in a diff, its value
// before and now and the change; for an aggregate, what it holds and the search's match inside.

import { flamePercentText, flameValueText } from '../../flame-values.js';
import type { AggregateMatchModel } from '../../view-models.js';
import { h } from '../dom.js';
import { diffTexts, signedValueText } from './diff-values.js';
import { displayNameOf, isAggregate, type FlameLayout } from './flame-layout.js';

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

/** An aggregate's lines: what it holds, how much of it the search matched, and what a click does. */
function aggregateLines(
  graph: FlameLayout['graph'],
  node: number,
  match: AggregateMatchModel | undefined,
): HTMLElement[] {
  const cum = graph.cum[node]!;
  return [
    h('div', { text: `cum ${flameValueText(graph, cum)} (${flamePercentText(graph, cum)} of total) together` }),
    ...(match === undefined
      ? []
      : [
          h('div', { className: 'tooltip-match', text: `search matched ${match.valueText} (${match.percent}) inside` }),
        ]),
    h('div', { className: 'tooltip-hint', text: 'each under the size limit; click for all the detail' }),
  ];
}

/** Where the card goes, and the search's match inside an aggregate. */
export interface TooltipPlace {
  readonly x: number;
  readonly y: number;
  readonly boundsWidthPx: number;
  readonly match?: AggregateMatchModel | undefined;
}

export class FlameTooltip {
  readonly element: HTMLElement;

  constructor() {
    this.element = h('div', { className: 'flame-tooltip', attrs: { role: 'tooltip' } });
    this.element.hidden = true;
  }

  show(layout: FlameLayout, node: number, zoom: number, place: TooltipPlace): void {
    const { graph } = layout;
    const { x: xPx, y: yPx, boundsWidthPx } = place;
    const lines = isAggregate(layout, node)
      ? aggregateLines(graph, node, place.match)
      : graph.baseCum === undefined
        ? valueLines(graph, node, zoom)
        : diffLines(graph, graph.baseCum, node);
    this.element.replaceChildren(h('div', { className: 'tooltip-name', text: displayNameOf(layout, node) }), ...lines);
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
