// Compiles a search the page answers itself, loading the Go regexp engine (re2js, ~150 KB
// minified) on first use: app.js goes without it, and only a view that searches in the page (the
// Goroutines view) fetches `search-regexp.js`, which scripts/build-client.mjs bundles apart.

import type { GoRegexp } from './search-regexp.js';

/** `compileSearch` of search-regexp.ts, once loaded; undefined for no search (nothing is loaded). */
export async function compileSearchLazily(pattern: string): Promise<GoRegexp | undefined> {
  if (pattern === '') return undefined;
  const { compileSearch } = await import('./search-regexp.js');
  return compileSearch(pattern);
}
