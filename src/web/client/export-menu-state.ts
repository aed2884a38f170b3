// The Export menu's pure parts: the download links of a location (made by the server for its
// refine options, so they match what the views show) and the name of an exported image.

import { optionsQuery, type ParsedLocation } from './url-state.js';

/** `default.demo.Heap` from `profilers/go/pprof/.../default.demo.Heap.prof`. */
export function stemOf(file: string): string {
  return (file.split('/').pop() ?? 'profile').replace(/\.prof$/, '') || 'profile';
}

/** The download links of a location: the raw capture, and the filtered profile and folded stacks of its options. */
export function exportLinksOf(location: ParsedLocation): { raw: string; filtered: string; folded: string } {
  const query = optionsQuery(location.state.options);
  const suffix = query === '' ? '' : `?${query}`;
  return {
    raw: `${location.basePath}download`,
    filtered: `${location.basePath}download/filtered${suffix}`,
    folded: `${location.basePath}download/folded${suffix}`,
  };
}
