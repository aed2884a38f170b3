// Where the nodes of a drawn Graphviz SVG are, in the units of its viewBox (the units pan, zoom and
// the minimap work in), which node is the heaviest and how small its node labels are: what the
// Graph view needs to open at a readable zoom on the node that matters, and to draw its overview.

import type { GraphNodeModel } from '../../view-models.js';

export interface NodeBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Graphviz's fill of the node's shape (pprof's weight colour). */
  readonly fill: string;
}

/** Graphviz draws into `g#graph0` with a transform (a translate) from its own units to the viewBox's. */
function drawingMatrix(svg: SVGSVGElement): DOMMatrix {
  const graph = svg.querySelector<SVGGElement>('g.graph');
  return graph?.transform.baseVal.consolidate()?.matrix ?? new DOMMatrix();
}

/** Every function node's box in viewBox units (the SVG must be in the document: it is measured). */
export function nodeBoxes(svg: SVGSVGElement): NodeBox[] {
  const matrix = drawingMatrix(svg);
  return [...svg.querySelectorAll<SVGGElement>('g.node[id^="node"]')].map((group) => {
    const box = group.getBBox();
    const topLeft = new DOMPoint(box.x, box.y).matrixTransform(matrix);
    const bottomRight = new DOMPoint(box.x + box.width, box.y + box.height).matrixTransform(matrix);
    return {
      id: group.id,
      x: topLeft.x,
      y: topLeft.y,
      width: bottomRight.x - topLeft.x,
      height: bottomRight.y - topLeft.y,
      fill: group.querySelector('polygon')?.getAttribute('fill') ?? '#f8f8f8',
    };
  });
}

/** The smallest font size of the node labels, in SVG units (pprof's smallest is 8 pt). */
export function minNodeFontSize(svg: SVGSVGElement): number {
  const sizes = [...svg.querySelectorAll('g.node[id^="node"] text')]
    .map((text) => Number.parseFloat(text.getAttribute('font-size') ?? ''))
    .filter((size) => Number.isFinite(size) && size > 0);
  return sizes.length === 0 ? 14 : Math.min(...sizes);
}

/** The node with the largest cumulative value (by magnitude: a diff's can be negative); undefined for none. */
export function heaviestNode(nodes: readonly GraphNodeModel[]): GraphNodeModel | undefined {
  let heaviest: GraphNodeModel | undefined;
  let weight = -1;
  for (const node of nodes) {
    const cum = Math.abs(Number.parseFloat(node.cumPercent));
    if (Number.isFinite(cum) && cum > weight) [heaviest, weight] = [node, cum];
  }
  return heaviest ?? nodes[0];
}
