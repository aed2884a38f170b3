// The viewer's keyboard shortcuts, one table for the key handler (install-shortcuts.ts), the help
// overlay and docs/viewer.md: the views by their initials, search, zoom, panels, theme and help.

import type { Route } from './url-state.js';

export type ShortcutAction =
  | { readonly kind: 'view'; readonly route: Route }
  | { readonly kind: 'search' }
  | { readonly kind: 'escape' }
  | { readonly kind: 'zoom-out' }
  | { readonly kind: 'zoom-reset' }
  | { readonly kind: 'details' }
  | { readonly kind: 'theme' }
  | { readonly kind: 'help' };

export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it. */
  readonly keys: readonly string[];
  readonly description: string;
  readonly action: ShortcutAction;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['f'], description: 'Flame graph', action: { kind: 'view', route: 'flamegraph' } },
  { keys: ['t'], description: 'Top', action: { kind: 'view', route: 'top' } },
  { keys: ['g'], description: 'Graph', action: { kind: 'view', route: 'graph' } },
  { keys: ['p'], description: 'Peek', action: { kind: 'view', route: 'peek' } },
  { keys: ['s'], description: 'Source', action: { kind: 'view', route: 'source' } },
  { keys: ['/'], description: 'Search function names (Enter focuses on them)', action: { kind: 'search' } },
  {
    keys: ['Escape'],
    description: 'Close this help or a menu; leave the search box; else zoom the flame graph all the way out',
    action: { kind: 'escape' },
  },
  { keys: ['u', 'Backspace'], description: 'Zoom the flame graph out one level', action: { kind: 'zoom-out' } },
  { keys: ['r'], description: 'Reset the flame graph zoom (the whole graph)', action: { kind: 'zoom-reset' } },
  { keys: ['d'], description: 'Show or hide the details panel', action: { kind: 'details' } },
  { keys: ['l'], description: 'Switch between the light and dark theme', action: { kind: 'theme' } },
  { keys: ['?'], description: 'Show or hide this help', action: { kind: 'help' } },
];

/** How a key is printed in the help. */
export function keyLabel(key: string): string {
  return key === 'Escape' ? 'Esc' : key;
}

/** The shortcut a key press triggers, or undefined. */
export function shortcutFor(event: {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}): Shortcut | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  return SHORTCUTS.find((shortcut) => shortcut.keys.includes(event.key));
}
