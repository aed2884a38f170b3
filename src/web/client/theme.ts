// Light and dark themes on the page: the system's choice (prefers-color-scheme) until the user
// picks one with the header's toggle, remembered in localStorage. The store holds the theme
// (theme-state.ts); this applies it to `<html data-theme>`, which the CSS follows, remembers it,
// and tells the store when the system's preference changes. Canvases read it from the store.

import { systemThemeChanged, toggleTheme, type AppState } from './app-state.js';
import { h } from './dom.js';
import { watch, type Store } from './store.js';
import { effectiveTheme, type ThemeState } from './theme-state.js';
import type { Theme } from './theme-name.js';

export type { Theme };

export const THEME_STORAGE_KEY = 'go-profiler.theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function storedTheme(): Theme | undefined {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    // Storage can be off (privacy settings, sandboxed frames): the system's theme applies.
    return undefined;
  }
}

function systemTheme(): Theme {
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** The remembered choice and the system's preference, applied to the page at once (before the first paint). */
export function readTheme(): ThemeState {
  const chosen = storedTheme();
  if (chosen !== undefined) document.documentElement.dataset.theme = chosen;
  return { chosen, system: systemTheme() };
}

function remember(theme: Theme): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not remembered, but applied for this page: nothing else to do without storage.
  }
}

/** Applies and remembers each theme the user picks, and follows the system's changes. */
export function installTheme(store: Store<AppState>): void {
  watch(
    store,
    (state) => state.theme.chosen,
    (chosen) => {
      if (chosen === undefined || document.documentElement.dataset.theme === chosen) return;
      document.documentElement.dataset.theme = chosen;
      remember(chosen);
    },
  );
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', () => store.update(systemThemeChanged(query.matches ? 'dark' : 'light')));
}

/** The header's toggle; its label names the theme a click switches to. */
export function mountThemeToggle(store: Store<AppState>): HTMLButtonElement {
  const button = h('button', {
    id: 'theme-toggle',
    className: 'icon-button',
    attrs: { type: 'button' },
    on: { click: () => store.update(toggleTheme) },
  });
  watch(
    store,
    (state) => effectiveTheme(state.theme),
    (theme) => {
      const other = theme === 'dark' ? 'light' : 'dark';
      button.textContent = theme === 'dark' ? '☀' : '☾';
      button.setAttribute('aria-label', `Switch to the ${other} theme`);
      button.title = `Switch to the ${other} theme (remembered in this browser)`;
      button.dataset.theme = theme;
    },
  );
  return button;
}
