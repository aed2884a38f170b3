// The theme as state: the user's remembered choice, if any, over the system's preference. Pure,
// so the toggle is tested without a browser; theme.ts applies it to the page and remembers it.

import type { Theme } from './theme-name.js';

export interface ThemeState {
  /** Picked with the header's toggle (remembered in localStorage); undefined follows the system. */
  readonly chosen: Theme | undefined;
  /** The system's preference (prefers-color-scheme). */
  readonly system: Theme;
}

/** The theme the page shows. */
export function effectiveTheme(theme: ThemeState): Theme {
  return theme.chosen ?? theme.system;
}

/** The other theme than the one shown, now chosen. */
export function toggledTheme(theme: ThemeState): ThemeState {
  return { ...theme, chosen: effectiveTheme(theme) === 'dark' ? 'light' : 'dark' };
}

/** The system's preference changed; a chosen theme stays. */
export function withSystemTheme(theme: ThemeState, system: Theme): ThemeState {
  return theme.system === system ? theme : { ...theme, system };
}
