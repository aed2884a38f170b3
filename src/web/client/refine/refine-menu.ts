// The refine context menu, opened on a function anywhere in the viewer (a flame graph frame, a
// Top row or the rows selected there, a graph node) by right-click or from a keyboard-reachable
// button: focus, ignore, hide, show, show from (pprof's Refine menu), pivot here, sandwich, peek,
// source, and reset. Each item is a real link to the refined URL, so it can be opened in a new tab.
//
// A view opens it through the store: `store.update(openRefineMenu({ target: { names: [name] },
// at: event }))` from a `contextmenu` listener (after `preventDefault()`), or with `at: element`
// (a button, an SVG node) for keyboard users. `names` are the names the view shows (pprof's
// printable names at the current granularity). What it offers is refine-menu-items.ts's.

import { closeOverlay, type AppState } from '../app-state.js';
import { h } from '../dom.js';
import { watch, type Store } from '../store.js';
import type { Navigation } from '../navigation.js';
import type { ViewState } from '../url-state.js';
import { onPlainClick } from '../app-link.js';
import {
  MENU_ITEMS,
  describeTarget,
  menuKeyStep,
  refineChange,
  type MenuAnchor,
  type RefineMenuRequest,
} from './refine-menu-items.js';
import './refine.css';

type Host = Pick<Navigation, 'navigate' | 'hrefOf'>;

/** The menu's entries for a request: its title, then each item as a link to its state. */
function menuEntries(store: Store<AppState>, host: Host, request: RefineMenuRequest, state: ViewState): HTMLElement[] {
  const entries: HTMLElement[] = [h('div', { className: 'refine-menu-title', text: describeTarget(request.target) })];
  for (const item of MENU_ITEMS) {
    if (item === 'separator') {
      entries.push(h('hr', { attrs: { role: 'separator' } }));
      continue;
    }
    const change = refineChange(state, item.action, request.target);
    const link = h('a', {
      text: item.label,
      attrs: {
        role: 'menuitem',
        tabindex: '-1',
        href: host.hrefOf(change),
        title: item.help,
        'data-action': item.action,
      },
      on: {
        click: onPlainClick(() => {
          store.update(closeOverlay('refine-menu'));
          host.navigate(change);
        }),
      },
    });
    entries.push(link);
  }
  return entries;
}

/** Places the menu at the pointer or below the element, kept whole on screen. */
function place(menu: HTMLElement, at: MenuAnchor): void {
  let x: number;
  let y: number;
  if (at instanceof Element) {
    const box = at.getBoundingClientRect();
    [x, y] = [box.left, box.bottom + 2];
  } else {
    [x, y] = [at.clientX, at.clientY];
  }
  const { offsetWidth: width, offsetHeight: height } = menu;
  x = Math.max(0, Math.min(x, window.innerWidth - width - 4));
  y = Math.max(0, Math.min(y, window.innerHeight - height - 4));
  menu.style.left = `${x + window.scrollX}px`;
  menu.style.top = `${y + window.scrollY}px`;
}

/** Keys in the menu: arrows, Home and End move, Escape and Tab close, Space chooses. */
function onMenuKey(event: KeyboardEvent, menu: HTMLElement, close: () => void): void {
  // Keys in the menu are the menu's: the page's shortcuts (Escape zooming out, letters
  // switching views) must not act on them too.
  event.stopPropagation();
  const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  const step = menuKeyStep(event.key, items.indexOf(document.activeElement as HTMLElement), items.length);
  if (step.kind === 'none') return;
  if (step.kind === 'focus') items[step.index]?.focus();
  else if (step.kind === 'activate') (document.activeElement as HTMLElement | null)?.click();
  else {
    close();
    if (!step.preventDefault) return;
  }
  event.preventDefault();
}

/** Creates the page's one refine menu, shown whenever the store's overlay is a refine menu request. */
export function mountRefineMenu(store: Store<AppState>, host: Host): HTMLElement {
  const menu = h('div', { id: 'refine-menu', className: 'refine-menu', attrs: { role: 'menu' } });
  menu.hidden = true;
  document.body.append(menu);
  let opener: Element | null = null;
  /** Closes the menu and gives the focus back to what had it (Escape, Tab). */
  const closeToOpener = () => {
    const to = opener;
    store.update(closeOverlay('refine-menu'));
    if (to instanceof HTMLElement || to instanceof SVGElement) to.focus();
  };
  menu.addEventListener('keydown', (event) => onMenuKey(event, menu, closeToOpener));
  document.addEventListener('mousedown', (event) => {
    if (!menu.hidden && !menu.contains(event.target as Node)) store.update(closeOverlay('refine-menu'));
  });
  window.addEventListener('blur', () => store.update(closeOverlay('refine-menu')));
  watch(
    store,
    (state) => (state.overlay?.id === 'refine-menu' ? state.overlay.request : undefined),
    (request) => {
      if (request === undefined) {
        menu.hidden = true;
        opener = null;
        return;
      }
      opener = document.activeElement;
      menu.replaceChildren(...menuEntries(store, host, request, store.get().location.state));
      menu.setAttribute('aria-label', `Refine: ${describeTarget(request.target)}`);
      menu.hidden = false;
      place(menu, request.at);
      menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    },
  );
  return menu;
}

/** True for the keys that open a context menu from the keyboard (the Menu key, Shift+F10). */
export function isContextMenuKey(event: KeyboardEvent): boolean {
  return event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);
}
