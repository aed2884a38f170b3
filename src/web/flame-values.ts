// How the flame graph prints a frame's value and share, the same on the server, in the browser
// and in tests: pprof's ScaledLabel in the view's output unit, and pprof's Percentage of the
// report total (with a focus, pprof's percentages stay relative to the whole profile).

import { formatPercentage, formatScaledValue } from '../units/index.js';

export interface FlameValueScale {
  readonly sampleType: { readonly unit: string };
  /** The denominator of percentages (pprof's report total). */
  readonly reportTotal: number;
  readonly info: { readonly outputUnit: string };
}

export function flameValueText(graph: FlameValueScale, value: number): string {
  return formatScaledValue(value, graph.sampleType.unit, graph.info.outputUnit);
}

export function flamePercentText(graph: FlameValueScale, value: number, total = graph.reportTotal): string {
  return formatPercentage(value, total).trim();
}
