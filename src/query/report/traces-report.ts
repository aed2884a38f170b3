// pprof's -traces report: every remaining sample's labels, value and stack (leaf first), at the
// chosen granularity, under the profile's legend; printed in chunks (a large heap profile's
// traces are 600 MB of text).

import type { Profile } from '../../pprof/portable.js';
import { formatScaledValue, formatValueLabel } from '../../units/index.js';
import { selectSamples, type SampleSelection } from '../filter/select-samples.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { divideInt } from '../go/divide-int.js';
import { buildFrameNodes, type FrameNodes } from '../graph/frame-nodes.js';
import { sampleLabels } from '../labels/sample-labels.js';
import { profileLegend } from '../legend/profile-legend.js';
import type { TimeZone } from '../legend/profile-time.js';
import { firstIdenticalSample } from '../merge/first-identical-sample.js';
import type { QueryOptions } from '../options/query-options.js';
import { inChunks } from './text-chunks.js';

const SEPARATOR = '-----------+-------------------------------------------------------';

export interface TracesOptions {
  /** The zone of the legend's Time: line; default UTC (the CLI passes the local zone, as go tool pprof). */
  readonly timeZone?: TimeZone;
}

/** The samples -traces prints, each with the merged value of the identical samples it stands for. */
interface MergedSamples {
  /** Per sample, 1 when it is printed (kept, not all zero, the first of its identical samples). */
  readonly printed: Uint8Array;
  readonly weight: Float64Array;
  /** The -mean divisors; all 0 without -mean. */
  readonly divisor: Float64Array;
}

/**
 * pprof merges every profile it reads: identical samples become one, summed, shown where the
 * first stood; samples whose values are all zero are dropped.
 */
function mergeIdenticalSamples(profile: Profile, selection: SampleSelection): MergedSamples {
  const { kept, weight, divisor } = selection;
  const width = profile.sampleTypes.length;
  const values = profile.samples.values;
  const isZero = (s: number) => {
    for (let i = s * width; i < (s + 1) * width; i++) if (values[i] !== 0) return false;
    return true;
  };
  const first = firstIdenticalSample(profile, selection.profile, (s) => !isZero(s));
  const merged = {
    printed: new Uint8Array(kept.length),
    weight: new Float64Array(kept.length),
    divisor: new Float64Array(kept.length),
  };
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0 || isZero(s)) continue;
    merged.weight[first[s]!]! += weight[s]!;
    if (divisor !== undefined) merged.divisor[first[s]!]! += divisor[s]!;
    if (first[s] === s) merged.printed[s] = 1;
  }
  return merged;
}

/** The report exactly as `go tool pprof -traces` prints it, in chunks. */
export function formatTracesText(
  profile: Profile,
  options: QueryOptions,
  tracesOptions: TracesOptions = {},
): Generator<string> {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  const sampleUnit = selection.value.sampleType.unit;
  const formatValue = (value: number) => formatScaledValue(value, sampleUnit, options.unit);
  const legend = profileLegend({
    profile,
    typeLabel: selection.value.typeLabel,
    sampleUnit,
    total: selection.total,
    formatValue,
    timeZone: tracesOptions.timeZone,
  });
  const merged = mergeIdenticalSamples(profile, selection);
  return inChunks(traceLines(profile, selection, frameNodes, merged, formatValue, legend));
}

function* traceLines(
  profile: Profile,
  selection: SampleSelection,
  frameNodes: FrameNodes,
  merged: MergedSamples,
  formatValue: (value: number) => string,
  legend: readonly string[],
): Generator<string> {
  yield `${legend.join('\n')}\n`;
  for (let s = 0; s < merged.printed.length; s++) {
    if (merged.printed[s] === 0) continue;
    const frames = sampleFrames(selection, frameNodes, s);
    if (frames.length === 0) continue;
    let text = `${SEPARATOR}\n${labelLines(profile, selection, s)}`;
    const d = merged.divisor[s]!;
    const value = formatValue(d !== 0 ? divideInt(merged.weight[s]!, d) : merged.weight[s]!);
    for (let i = 0; i < frames.length; i++) text += `${(i === 0 ? value : '').padStart(10)}   ${frames[i]}\n`;
    yield text;
  }
  yield `${SEPARATOR}\n`;
}

/** The sample's remaining frames, leaf first, inlined ones marked. */
function sampleFrames(selection: SampleSelection, frameNodes: FrameNodes, s: number): string[] {
  // With tagroot/tagleaf the stacks are the selection's derived profile's.
  const stackLocations = selection.profile.samples.stackLocations;
  const { start, node, inlined } = frameNodes.frames;
  const names = frameNodes.nodes.printableName;
  const frames: string[] = [];
  for (let at = selection.stackLow[s]!; at < selection.stackHigh[s]!; at++) {
    const location = stackLocations[at]!;
    for (let f = start[location + 1]! - 1; f >= start[location]!; f--) {
      frames.push(inlined[f] === 1 ? `${names[node[f]!]!} (inline)` : names[node[f]!]!);
    }
  }
  return frames;
}

/** The sample's label lines: string labels, then numeric ones, each group sorted. */
function labelLines(profile: Profile, selection: SampleSelection, s: number): string {
  const { strings, numbers } = sampleLabels(profile, s, selection.hiddenLabelKeys);
  const stringLines = [...strings].map(([key, list]) => `${key.padStart(10)}:  ${list.join(' ')}\n`);
  const numberLines = [...numbers].map(([key, list]) => {
    const unit = selection.labelUnits.get(key) ?? '';
    return `${key.padStart(10)}:  ${list.map((v) => formatValueLabel(v, unit)).join(' ')}\n`;
  });
  return stringLines.sort(compareGoStrings).join('') + numberLines.sort(compareGoStrings).join('');
}
