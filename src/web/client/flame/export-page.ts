// The page an exported flame graph (SVG or PNG) is drawn on: the theme's background and text
// colours and the legend's line height, so both files look alike.

import type { Theme } from '../theme-name.js';

export const EXPORT_PAGE: Readonly<Record<Theme, { readonly page: string; readonly text: string }>> = {
  light: { page: '#ffffff', text: '#1f2328' },
  dark: { page: '#0d1117', text: '#e6edf3' },
};

/** The height of one legend line above the graph. */
export const LEGEND_LINE_PX = 16;

/** The legend's height: its lines and a margin under them. */
export function legendHeightPx(lineCount: number): number {
  return lineCount * LEGEND_LINE_PX + 8;
}
