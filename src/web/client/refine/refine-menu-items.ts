// What the refine menu offers and where each item leads, as pure functions of the state: the
// items (pprof's Refine menu, then pivot, sandwich, peek, source and reset), the menu's title,
// the state change of an item for a target, and which item the arrow keys move to.

import type { QueryOptions } from '../query-options.js';
import { viewOf, type StateChange, type ViewState } from '../url-state.js';
import { applyRefine, applyRefineRegexp, peekRegexpOf, refineSubjectOf, type RefineAction } from './apply-refine.js';

/** What the actions apply to: frames by name, or (pprof's regexp mode) a search expression. */
export type RefineTarget = { readonly names: readonly string[] } | { readonly regexp: string };

/** A pointer position (a mouse event works) or the element to open below (a button, a graph node). */
export type MenuAnchor = { readonly clientX: number; readonly clientY: number } | Element;

export interface RefineMenuRequest {
  readonly target: RefineTarget;
  readonly at: MenuAnchor;
}

export type MenuAction = RefineAction | 'sandwich' | 'peek' | 'source';

export interface MenuItem {
  readonly action: MenuAction;
  readonly label: string;
  readonly help: string;
}

export const MENU_ITEMS: readonly (MenuItem | 'separator')[] = [
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

/** The menu's title: the function, "N selected functions", or "matching RE". */
export function describeTarget(target: RefineTarget): string {
  if ('regexp' in target) return `matching ${target.regexp}`;
  const [first] = target.names;
  if (target.names.length === 1 && first !== undefined) return first;
  return `${target.names.length} selected functions`;
}

/** The options a refine action leaves for a target. */
function refinedOptions(options: QueryOptions, action: RefineAction, target: RefineTarget): QueryOptions {
  if ('regexp' in target) return applyRefineRegexp(options, action, target.regexp);
  // Pivots match the names the flame graph shows; the filters match function names.
  const names =
    action === 'pivot' ? target.names : target.names.map((name) => refineSubjectOf(name, options.granularity));
  return applyRefine(options, action, names);
}

/** The state change an item makes for a target. */
export function refineChange(state: ViewState, action: MenuAction, target: RefineTarget): StateChange {
  const options = state.options;
  if (action === 'peek' || action === 'source') {
    // pprof's web UI peeks at (and lists) what `f` matches, and focuses on it too.
    const focus = 'regexp' in target ? target.regexp : peekRegexpOf(target.names, options.granularity);
    return { route: action, options: { focus } };
  }
  if (action === 'sandwich')
    return { route: 'sandwich', options: { pivot: refinedOptions(options, 'pivot', target).pivot } };
  if (action === 'pivot') {
    // The sandwich view pivots in place; elsewhere the flame graph shows the pivot.
    const inPlace = viewOf(state.route) === 'flamegraph' || state.route === 'sandwich';
    return { ...(inPlace ? {} : { route: 'flamegraph' }), options: refinedOptions(options, 'pivot', target), zoom: '' };
  }
  return { options: refinedOptions(options, action, target) };
}

/** What a key does in the open menu. */
export type MenuKeyStep =
  | { readonly kind: 'focus'; readonly index: number }
  | { readonly kind: 'close'; readonly preventDefault: boolean }
  | { readonly kind: 'activate' }
  | { readonly kind: 'none' };

/** The step for `key` with the item at `index` focused (-1: none) among `count` items. */
export function menuKeyStep(key: string, index: number, count: number): MenuKeyStep {
  const focus = (to: number): MenuKeyStep => ({ kind: 'focus', index: (to + count) % count });
  switch (key) {
    case 'ArrowDown':
      return focus(index + 1);
    case 'ArrowUp':
      return focus(index - 1);
    case 'Home':
      return focus(0);
    case 'End':
      return focus(count - 1);
    case 'Escape':
      return { kind: 'close', preventDefault: true };
    case 'Tab':
      // Tab leaves the menu for the next control, as it would anywhere.
      return { kind: 'close', preventDefault: false };
    case ' ':
      return { kind: 'activate' };
    default:
      return { kind: 'none' };
  }
}
