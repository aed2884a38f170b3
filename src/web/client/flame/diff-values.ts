// How a diff flame graph states one frame's change: its value in the base and in this capture,
// the change signed, and the change relative to the base, as the tooltip, the frame list and the
// SVG export print them. The engine sends the change (`cum`) and the base (`baseCum`); this
// capture's value is their sum.

import { flamePercentText, flameValueText, type FlameValueScale } from '../../flame-values.js';

export interface DiffTexts {
  readonly before: string;
  readonly now: string;
  /** Signed: `+1.20MB`, `-512kB`, `0`. */
  readonly change: string;
  /** Signed share of the base: `+35.20%`, `-100%`; `new` when the base had none. */
  readonly relative: string;
}

/** A change in the view's unit, with its sign: `+1.20MB`, `-512kB`, `0`. */
export function signedValueText(scale: FlameValueScale, value: number): string {
  const text = flameValueText(scale, value);
  return value > 0 ? `+${text}` : text;
}

export function diffTexts(scale: FlameValueScale, change: number, base: number): DiffTexts {
  const now = base + change;
  let relative: string;
  if (base === 0) relative = change === 0 ? '0%' : 'new';
  else relative = `${change < 0 ? '-' : change > 0 ? '+' : ''}${flamePercentText(scale, change, base)}`;
  return {
    before: flameValueText(scale, base),
    now: flameValueText(scale, now),
    change: signedValueText(scale, change),
    relative,
  };
}
