// Turns the server's Graphviz SVG text into an element of this page: parsed as SVG (XML), never
// as HTML, and reduced to the drawing elements Graphviz writes, with no script, event handler,
// link or style attribute, so a profile string can only ever be text in the graph. (Names reach
// Graphviz escaped for DOT, and Graphviz writes them as XML text; the page's CSP would refuse an
// inline script anyway.)

import type { ViewBox } from './view-box.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** What Graphviz's SVG renderer draws with. */
const DRAWING_ELEMENTS: ReadonlySet<string> = new Set([
  'svg',
  'g',
  'a',
  'title',
  'text',
  'polygon',
  'polyline',
  'path',
  'ellipse',
  'circle',
  'line',
  'rect',
  'defs',
  'linearGradient',
  'radialGradient',
  'stop',
]);

function isUnsafeAttribute(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('on') || lower.endsWith('href') || lower === 'style';
}

function sanitize(element: Element): void {
  for (const child of [...element.children]) {
    if (child.namespaceURI !== SVG_NS || !DRAWING_ELEMENTS.has(child.localName)) child.remove();
    else sanitize(child);
  }
  for (const attribute of [...element.attributes]) {
    if (isUnsafeAttribute(attribute.name)) element.removeAttributeNode(attribute);
  }
}

export interface ImportedGraph {
  readonly svg: SVGSVGElement;
  /** The drawing's extent in its own units (Graphviz's viewBox). */
  readonly bounds: ViewBox;
}

/** Parses Graphviz's SVG, keeps only its drawing, and adopts it into this document. */
export function importGraphSvg(text: string): ImportedGraph {
  const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS || parsed.querySelector('parsererror') !== null) {
    throw new Error('show graph: the server sent no readable SVG');
  }
  sanitize(root);
  const svg = document.importNode(root, true) as unknown as SVGSVGElement;
  const [x = 0, y = 0, width = 1, height = 1] = (svg.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  // The stage decides the size; the view box decides what shows.
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  return { svg, bounds: { x, y, width: width || 1, height: height || 1 } };
}
