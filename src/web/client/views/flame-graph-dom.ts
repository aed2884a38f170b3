// The flame graph view's elements: the toolbar (reset zoom, refine the zoomed frame, orientation,
// leaf first, the zoom label and what was not drawn), the line saying why it opened leaf first, the
// message line, the scrolled canvas with its hover card, and the accessible frame list.

import { h } from '../dom.js';
import { FlameTooltip } from '../flame/flame-tooltip.js';
import { FrameList } from '../flame/frame-list.js';

export interface FlameGraphDom {
  readonly section: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** Makes the scroll height of the whole graph below the canvas. */
  readonly spacer: HTMLElement;
  readonly scroller: HTMLElement;
  readonly tooltip: FlameTooltip;
  readonly frameList: FrameList;
  readonly resetZoom: HTMLButtonElement;
  readonly actions: HTMLButtonElement;
  readonly zoomLabel: HTMLElement;
  readonly orientationButton: HTMLButtonElement;
  /** Toggles the leaf-first graph (`leaf`). */
  readonly leafFirstButton: HTMLButtonElement;
  readonly note: HTMLElement;
  /** Why the graph opened leaf first, with a link back to root first; hidden otherwise. */
  readonly leafFirstReason: HTMLElement;
  readonly leafFirstReasonText: HTMLElement;
  readonly rootFirstLink: HTMLAnchorElement;
  readonly message: HTMLElement;
}

export function buildFlameGraphDom(): FlameGraphDom {
  const canvas = h('canvas', {
    className: 'flame-canvas',
    attrs: { tabindex: '0', role: 'img', 'aria-label': 'Flame graph; the frames are listed below it' },
  });
  const spacer = h('div', { className: 'flame-spacer' });
  const scroller = h('div', { className: 'flame-scroll' }, canvas, spacer);
  const tooltip = new FlameTooltip();
  const frameList = new FrameList();
  const resetZoom = h('button', { attrs: { type: 'button' }, text: 'Reset zoom' });
  const actions = h('button', {
    id: 'flame-actions',
    attrs: { type: 'button', 'aria-haspopup': 'menu' },
    text: 'Refine zoomed frame ▾',
  });
  const zoomLabel = h('span', { className: 'flame-zoom-label' });
  const orientationButton = h('button', { attrs: { type: 'button' } });
  const leafFirstButton = h('button', {
    id: 'flame-leaf-first',
    text: 'Leaf first',
    attrs: {
      type: 'button',
      'aria-pressed': 'false',
      title: 'Merge the stacks at their leaves: the heaviest functions stand widest',
    },
  });
  const note = h('span', { className: 'flame-note' });
  const message = h('p', { className: 'flame-message', attrs: { role: 'status' } });
  const leafFirstReasonText = h('span', { id: 'flame-leaf-reason-text' });
  const rootFirstLink = h('a', { id: 'flame-root-first', text: 'Root first', attrs: { href: '' } });
  const leafFirstReason = h(
    'p',
    { className: 'flame-leaf-reason', id: 'flame-leaf-reason' },
    leafFirstReasonText,
    ' — ',
    rootFirstLink,
  );
  leafFirstReason.hidden = true;
  const section = h(
    'section',
    { className: 'flame-view', attrs: { 'aria-label': 'Flame graph' } },
    h('div', { className: 'flame-toolbar' }, resetZoom, actions, orientationButton, leafFirstButton, zoomLabel, note),
    leafFirstReason,
    message,
    h('div', { className: 'flame-stage' }, scroller, tooltip.element),
    frameList.element,
  );
  return {
    section,
    canvas,
    spacer,
    scroller,
    tooltip,
    frameList,
    resetZoom,
    actions,
    zoomLabel,
    orientationButton,
    leafFirstButton,
    note,
    leafFirstReason,
    leafFirstReasonText,
    rootFirstLink,
    message,
  };
}
