// Colours of a diff flame graph: red where a frame grew against the base, green where it shrank,
// grey where it did not change, the more saturated the larger the change relative to the frame's
// base value (a frame new in this capture is full red; one gone from it full green).

import type { Theme } from '../theme-name.js';
import type { FrameColors } from './frame-colors.js';

type Rgb = readonly [number, number, number];

interface DiffPalette {
  readonly neutral: Rgb;
  readonly grew: Rgb;
  readonly shrank: Rgb;
  readonly text: string;
}

const PALETTES: Readonly<Record<Theme, DiffPalette>> = {
  light: { neutral: [214, 214, 214], grew: [224, 49, 49], shrank: [47, 158, 68], text: '#1a1a1a' },
  dark: { neutral: [74, 74, 80], grew: [196, 48, 48], shrank: [40, 140, 62], text: '#f2f2f2' },
};

/**
 * How strongly a change shows, 0 (none) to 1 (doubled, new or gone): the square root of the
 * relative change, so a 10% change is already clearly tinted.
 */
export function diffIntensity(change: number, base: number): number {
  if (change === 0) return 0;
  if (base <= 0) return 1;
  return Math.sqrt(Math.min(Math.abs(change) / base, 1));
}

function mix(from: Rgb, to: Rgb, t: number): string {
  const channel = (i: number) => Math.round(from[i]! + (to[i]! - from[i]!) * t);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

/** The colours of a frame whose value changed by `change` from `base` (both in the sample unit). */
export function diffFrameColors(change: number, base: number, theme: Theme): FrameColors {
  const palette = PALETTES[theme];
  const t = diffIntensity(change, base);
  const target = change > 0 ? palette.grew : palette.shrank;
  return { normal: mix(palette.neutral, target, t), muted: mix(palette.neutral, target, t * 0.3), text: palette.text };
}
