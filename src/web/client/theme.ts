// Light and dark themes: the system's choice (prefers-color-scheme) until the user picks one with
// the header's toggle, which is remembered in localStorage. The page's colours follow through CSS
// (`<html data-theme>`); the canvas asks `currentTheme()` when it paints and repaints on
// THEME_EVENT.

import { h } from './dom.js';
import type { Theme } from './theme-name.js';

export type { Theme };

export const THEME_STORAGE_KEY = 'go-profiler.theme';
/** Dispatched on window whenever the effective theme changes (toggle or system). */
export const THEME_EVENT = 'go-profiler:theme';

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

/** The theme the page shows now. */
export function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme;
  return chosen === 'light' || chosen === 'dark' ? chosen : systemTheme();
}

/** Applies the remembered choice (call before the first paint) and follows the system's changes. */
export function initTheme(): void {
  const stored = storedTheme();
  if (stored !== undefined) document.documentElement.dataset.theme = stored;
  window.matchMedia(DARK_QUERY).addEventListener('change', () => {
    if (document.documentElement.dataset.theme === undefined) window.dispatchEvent(new Event(THEME_EVENT));
  });
}

/** Switches to the other theme and remembers it. */
export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, next);
  } catch {
    // Not remembered, but applied for this page: nothing else to do without storage.
  }
  window.dispatchEvent(new Event(THEME_EVENT));
  return next;
}

/** The header's toggle; its label names the theme a click switches to. */
export function mountThemeToggle(): HTMLButtonElement {
  const button = h('button', { id: 'theme-toggle', className: 'icon-button', attrs: { type: 'button' } });
  const label = () => {
    const other = currentTheme() === 'dark' ? 'light' : 'dark';
    button.textContent = currentTheme() === 'dark' ? '☀' : '☾';
    button.setAttribute('aria-label', `Switch to the ${other} theme`);
    button.title = `Switch to the ${other} theme (remembered in this browser)`;
    button.dataset.theme = currentTheme();
  };
  button.addEventListener('click', toggleTheme);
  window.addEventListener(THEME_EVENT, label);
  label();
  return button;
}
