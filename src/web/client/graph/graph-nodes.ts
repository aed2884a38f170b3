// Makes the function nodes of a drawn call graph act as pprof's: each is a focusable button named
// by its function and values; a click, Enter, or the context-menu key opens the refine menu for
// it (Focus, Ignore, Hide, Show ...), and search matches are marked.

import type { GraphNodeModel } from '../../view-models.js';
import type { RefineMenuRequest } from '../refine/refine-menu-items.js';
import { isContextMenuKey } from '../refine/refine-menu.js';

export interface DrawnNodes {
  /** Marks the nodes at these indices (into the model's nodes) as search matches. */
  mark(matched: readonly number[] | undefined): void;
}

/** The label screen readers (and the refine menu's title) use for a node. */
export function describeNode(node: GraphNodeModel): string {
  return `${node.name}: flat ${node.flatText} (${node.flatPercent}), cum ${node.cumText} (${node.cumPercent})`;
}

export function wireGraphNodes(
  svg: SVGSVGElement,
  nodes: readonly GraphNodeModel[],
  options: {
    readonly wasDrag: () => boolean;
    /** Opens the refine menu (the store's overlay). */
    readonly openMenu: (request: RefineMenuRequest) => void;
  },
): DrawnNodes {
  const groups = nodes.map((node) => {
    const group = svg.querySelector<SVGGElement>(`g.node[id="${node.id}"]`);
    if (group === null) return undefined;
    group.setAttribute('tabindex', '0');
    group.setAttribute('role', 'button');
    group.setAttribute('aria-haspopup', 'menu');
    group.setAttribute('aria-label', describeNode(node));
    group.dataset.name = node.name;
    const open = (at: { clientX: number; clientY: number } | Element) =>
      options.openMenu({ target: { names: [node.name] }, at });
    group.addEventListener('click', (event) => {
      if (event.button !== 0 || options.wasDrag()) return;
      open(event);
    });
    group.addEventListener('contextmenu', (event) => {
      event.preventDefault();
      open(event);
    });
    group.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ' && !isContextMenuKey(event)) return;
      event.preventDefault();
      event.stopPropagation();
      open(group);
    });
    return group;
  });
  return {
    mark(matched) {
      const set = new Set(matched ?? []);
      groups.forEach((group, i) => group?.classList.toggle('matched', set.has(i)));
    },
  };
}
