// Frame colours: one warm hue per Go package (so a package's frames read as one band, as in
// pprof's flame graph), a strong colour for search matches and a muted one for the rest.

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
}

export const MATCH_COLOR = '#d93bd9';
export const HOVER_OUTLINE = '#1d1d1d';

export function frameColorsOf(name: string): FrameColors {
  const hash = hashOf(packageOf(name));
  const hue = hash % 55; // red to yellow
  const saturation = 70 + ((hash >>> 8) % 25);
  const lightness = 58 + ((hash >>> 16) % 14);
  return {
    normal: `hsl(${hue} ${saturation}% ${lightness}%)`,
    muted: `hsl(${hue} 12% ${Math.min(lightness + 14, 86)}%)`,
  };
}
