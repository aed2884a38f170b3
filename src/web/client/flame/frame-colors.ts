// Frame colours: one warm hue per Go package (so a package's frames read as one band, as in
// pprof's flame graph), a strong colour for search matches and a muted one for the rest, each in
// a light and a dark variant so the canvas follows the page's theme.

import type { Theme } from '../theme-name.js';

/** The package part of a Go function name: `gotarget/internal/codec.(*Decoder).ReadFrame` → `gotarget/internal/codec`. */
export function packageOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot < 0 ? name : name.slice(0, dot);
}

function hashOf(text: string): number {
  // FNV-1a: stable across sessions, so a package keeps its colour.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface FrameColors {
  readonly normal: string;
  readonly muted: string;
  /** The label colour on `normal` and `muted`. */
  readonly text: string;
}

export const MATCH_COLOR = '#d93bd9';
export const MATCH_TEXT_COLOR = '#ffffff';

/** The outline of the frame under the pointer: dark on the light theme, light on the dark one. */
export function hoverOutlineOf(theme: Theme): string {
  return theme === 'dark' ? '#f0f0f0' : '#1d1d1d';
}

export function frameColorsOf(name: string, theme: Theme = 'light'): FrameColors {
  const hash = hashOf(packageOf(name));
  const hue = hash % 55; // red to yellow
  const saturation = 70 + ((hash >>> 8) % 25);
  const lightness = 58 + ((hash >>> 16) % 14);
  if (theme === 'dark') {
    // The same hue, deeper, so light labels stay readable on a dark page.
    return {
      normal: `hsl(${hue} ${saturation - 20}% ${lightness - 22}%)`,
      muted: `hsl(${hue} 10% ${lightness - 38}%)`,
      text: '#f2f2f2',
    };
  }
  return {
    normal: `hsl(${hue} ${saturation}% ${lightness}%)`,
    muted: `hsl(${hue} 12% ${Math.min(lightness + 14, 86)}%)`,
    text: '#1a1a1a',
  };
}

/** An aggregate's fill and hatching: grey, so it never reads as a package of its own. */
export function aggregateColorsOf(theme: Theme): FrameColors & { readonly hatch: string } {
  return theme === 'dark'
    ? { normal: '#4a4a4a', muted: '#333333', text: '#f2f2f2', hatch: '#7a7a7a' }
    : { normal: '#d6d6d6', muted: '#ececec', text: '#1a1a1a', hatch: '#9a9a9a' };
}
