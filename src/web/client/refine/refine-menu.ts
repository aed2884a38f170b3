// The refine context menu, opened on a function anywhere in the viewer (a flame graph frame, a
// Top row or the rows selected there, a graph node) by right-click or from a keyboard-reachable
// button: focus, ignore, hide, show, show from (pprof's Refine menu), pivot here, sandwich, peek,
// source, and reset. Each item is a real link to the refined URL, so it can be opened in a new tab.
//
// For other views (e.g. the Graph view's nodes): call `openRefineMenu({ names: [nodeName], at:
// event })` from a `contextmenu` listener (and `preventDefault()` the event), or with
// `at: element` (a button, an SVG node) for keyboard users. `names` are the names the view shows
// (pprof's printable names at the current granularity).

import type { QueryOptions } from '../../../query/index.js';
import { h } from '../dom.js';
import { viewOf, type ViewState } from '../url-state.js';
import type { StateChange } from '../views/view.js';
import { applyRefine, applyRefineRegexp, peekRegexpOf, refineSubjectOf, type RefineAction } from './apply-refine.js';
import './refine.css';

/** What the actions apply to: frames by name, or (pprof's regexp mode) a search expression. */
export type RefineTarget = { readonly names: readonly string[] } | { readonly regexp: string };

export interface RefineMenuRequest {
  readonly target: RefineTarget;
  /** A pointer position (a mouse event works) or the element to open below (a button, a graph node). */
  readonly at: { readonly clientX: number; readonly clientY: number } | Element;
}

export interface RefineMenuHost {
  navigate(change: StateChange): void;
  hrefOf(change: StateChange): string;
  /** The state the actions refine (the current URL's). */
  state(): ViewState;
}

interface MenuItem {
  readonly action: RefineAction | 'sandwich' | 'peek' | 'source';
  readonly label: string;
  readonly help: string;
}

const ITEMS: readonly (MenuItem | 'separator')[] = [
  { action: 'focus', label: 'Focus', help: 'Only samples passing through it (replaces the focus)' },
  { action: 'ignore', label: 'Ignore', help: 'Drop samples passing through it (adds to the ignore list)' },
  { action: 'hide', label: 'Hide', help: 'Remove its frames from stacks (adds to the hide list)' },
  { action: 'show', label: 'Show', help: 'Keep only its frames in stacks (replaces show)' },
  { action: 'show-from', label: 'Show from', help: 'Drop the frames above it (replaces show from)' },
  'separator',
  { action: 'pivot', label: 'Pivot here', help: 'Flame graph with its callers above and callees below' },
  { action: 'sandwich', label: 'Sandwich', help: 'Sandwich view: its callers and callees' },
  { action: 'peek', label: 'Peek', help: 'Peek view: its callers and callees with their weights' },
  { action: 'source', label: 'Source lines', help: 'Source view: the weight of each of its lines' },
  'separator',
  { action: 'reset', label: 'Reset refinements', help: 'Show the entire profile' },
];

function describeTarget(target: RefineTarget): string {
  if ('regexp' in target) return `matching ${target.regexp}`;
  const [first] = target.names;
  if (target.names.length === 1 && first !== undefined) return first;
  return `${target.names.length} selected functions`;
}

/** The state change an item makes for a target. */
export function refineChange(state: ViewState, action: MenuItem['action'], target: RefineTarget): StateChange {
  const options = state.options;
  const refined = (refineAction: RefineAction): QueryOptions => {
    if ('regexp' in target) return applyRefineRegexp(options, refineAction, target.regexp);
    // Pivots match the names the flame graph shows; the filters match function names.
    const names =
      refineAction === 'pivot' ? target.names : target.names.map((name) => refineSubjectOf(name, options.granularity));
    return applyRefine(options, refineAction, names);
  };
  if (action === 'peek' || action === 'source') {
    // pprof's web UI peeks at (and lists) what `f` matches, and focuses on it too.
    const focus = 'regexp' in target ? target.regexp : peekRegexpOf(target.names, options.granularity);
    return { route: action, options: { focus } };
  }
  if (action === 'sandwich') return { route: 'sandwich', options: { pivot: refined('pivot').pivot } };
  if (action === 'pivot') {
    // The sandwich view pivots in place; elsewhere the flame graph shows the pivot.
    const inPlace = viewOf(state.route) === 'flamegraph' || state.route === 'sandwich';
    return { ...(inPlace ? {} : { route: 'flamegraph' }), options: refined('pivot'), zoom: '' };
  }
  return { options: refined(action) };
}

class RefineMenu {
  private readonly element: HTMLElement;
  private opener: Element | null = null;

  constructor(private readonly host: RefineMenuHost) {
    this.element = h('div', { id: 'refine-menu', className: 'refine-menu', attrs: { role: 'menu' } });
    this.element.hidden = true;
    document.body.append(this.element);
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    document.addEventListener('mousedown', (event) => {
      if (!this.element.hidden && !this.element.contains(event.target as Node)) this.close(false);
    });
    window.addEventListener('blur', () => this.close(false));
    window.addEventListener('popstate', () => this.close(false));
  }

  open(request: RefineMenuRequest): void {
    this.opener = document.activeElement;
    const state = this.host.state();
    const heading = h('div', { className: 'refine-menu-title', text: describeTarget(request.target) });
    const entries: HTMLElement[] = [heading];
    for (const item of ITEMS) {
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
          href: this.host.hrefOf(change),
          title: item.help,
          'data-action': item.action,
        },
      });
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        this.close(false);
        this.host.navigate(change);
      });
      entries.push(link);
    }
    this.element.replaceChildren(...entries);
    this.element.setAttribute('aria-label', `Refine: ${describeTarget(request.target)}`);
    this.element.hidden = false;
    this.place(request.at);
    this.items()[0]?.focus();
  }

  close(restoreFocus = true): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    if (restoreFocus && (this.opener instanceof HTMLElement || this.opener instanceof SVGElement)) this.opener.focus();
    this.opener = null;
  }

  private items(): HTMLElement[] {
    return [...this.element.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  private place(at: RefineMenuRequest['at']): void {
    let x: number;
    let y: number;
    if (at instanceof Element) {
      const box = at.getBoundingClientRect();
      [x, y] = [box.left, box.bottom + 2];
    } else {
      [x, y] = [at.clientX, at.clientY];
    }
    // Keep the whole menu on screen.
    const { offsetWidth: width, offsetHeight: height } = this.element;
    x = Math.max(0, Math.min(x, window.innerWidth - width - 4));
    y = Math.max(0, Math.min(y, window.innerHeight - height - 4));
    this.element.style.left = `${x + window.scrollX}px`;
    this.element.style.top = `${y + window.scrollY}px`;
  }

  private onKey(event: KeyboardEvent): void {
    // Keys in the menu are the menu's: the page's shortcuts (Escape zooming out, letters
    // switching views) must not act on them too.
    event.stopPropagation();
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'Escape':
        this.close();
        break;
      case 'Tab':
        this.close();
        return;
      case ' ':
        (document.activeElement as HTMLElement | null)?.click();
        break;
      default:
        return;
    }
    event.preventDefault();
  }
}

let menu: RefineMenu | undefined;

/** Creates the page's one refine menu; the app calls it once at start. */
export function installRefineMenu(host: RefineMenuHost): void {
  menu ??= new RefineMenu(host);
}

/** Opens the refine menu for a function (or several, or a regexp) at a point or below an element. */
export function openRefineMenu(request: RefineMenuRequest): void {
  menu?.open(request);
}

export function closeRefineMenu(): void {
  menu?.close(false);
}

/** True for the keys that open a context menu from the keyboard (the Menu key, Shift+F10). */
export function isContextMenuKey(event: KeyboardEvent): boolean {
  return event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);
}
