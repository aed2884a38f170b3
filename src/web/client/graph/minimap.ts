// The Graph view's overview: every node of the drawing as a small box in a corner of the stage and
// the part on screen as a rectangle; a click or a drag in it moves the view there. Boxes rather than
// a second copy of the drawing: a dense graph's 2000 edges would cost as much again to draw.

import type { NodeBox } from './graph-geometry.js';
import type { ViewBox } from './view-box.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The overview's largest size on screen, in pixels. */
export const MINIMAP_MAX_PX = { width: 200, height: 150 };

export interface Minimap {
  readonly element: HTMLElement;
  /** Draws the view's rectangle. */
  show(box: ViewBox): void;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Readonly<Record<string, string | number>>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** The overview of a drawing of `bounds` with these node boxes; `centreOn` moves the main view. */
export function createMinimap(
  bounds: ViewBox,
  boxes: readonly NodeBox[],
  centreOn: (x: number, y: number) => void,
): Minimap {
  const scale = Math.min(MINIMAP_MAX_PX.width / bounds.width, MINIMAP_MAX_PX.height / bounds.height);
  const svg = svgElement('svg', {
    viewBox: `${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`,
    width: Math.max(Math.round(bounds.width * scale), 24),
    height: Math.max(Math.round(bounds.height * scale), 24),
    preserveAspectRatio: 'xMidYMid meet',
  });
  for (const box of boxes) {
    svg.append(
      svgElement('rect', { x: box.x, y: box.y, width: box.width, height: box.height, fill: box.fill, stroke: '#666' }),
    );
  }
  const view = svgElement('rect', { class: 'graph-minimap-view' });
  svg.append(view);
  const element = document.createElement('div');
  element.className = 'graph-minimap';
  element.setAttribute('aria-label', 'Overview of the whole graph: click or drag to move the view');
  element.append(svg);

  // The stage under the overview pans on a drag: the overview's presses are its own.
  const moveTo = (event: PointerEvent) => {
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM()?.inverse());
    centreOn(point.x, point.y);
  };
  let pressed: number | undefined;
  element.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.stopPropagation();
    event.preventDefault();
    pressed = event.pointerId;
    element.setPointerCapture(event.pointerId);
    moveTo(event);
  });
  element.addEventListener('pointermove', (event) => {
    if (pressed !== event.pointerId) return;
    event.stopPropagation();
    moveTo(event);
  });
  const release = (event: PointerEvent) => {
    if (pressed !== event.pointerId) return;
    event.stopPropagation();
    pressed = undefined;
  };
  element.addEventListener('pointerup', release);
  element.addEventListener('pointercancel', release);
  // Its clicks are not a click on the stage or on a node under it.
  element.addEventListener('click', (event) => event.stopPropagation());

  return {
    element,
    show(box) {
      view.setAttribute('x', String(box.x));
      view.setAttribute('y', String(box.y));
      view.setAttribute('width', String(box.width));
      view.setAttribute('height', String(box.height));
    },
  };
}
