// pprof's -traces report: every remaining sample's labels, value and stack (leaf first), at the
// chosen granularity, under the profile's header lines.

import type { Profile } from '../../pprof/index.js';
import { formatScaledValue, formatValueLabel } from '../../units/index.js';
import { buildFrameNodes } from '../graph/frame-nodes.js';
import type { QueryOptions } from '../options/query-options.js';
import { profileLabels } from '../legend/report-legend.js';
import { divideInt, selectSamples } from '../filter/select-samples.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { firstIdenticalSample } from '../merge/identical-samples.js';

const SEPARATOR = '-----------+-------------------------------------------------------';

/** Labels of one sample grouped by key, values in order (pprof's Sample.Label / NumLabel). */
export function sampleLabels(
  profile: Profile,
  sample: number,
  hiddenKeys: ReadonlySet<number>,
): { strings: Map<string, string[]>; numbers: Map<string, number[]> } {
  const { labelStart, labelKey, labelString, labelNumber } = profile.samples;
  const strings = new Map<string, string[]>();
  const numbers = new Map<string, number[]>();
  for (let l = labelStart[sample]!; l < labelStart[sample + 1]!; l++) {
    if (hiddenKeys.has(labelKey[l]!)) continue;
    const key = profile.strings[labelKey[l]!]!;
    if (labelString[l] !== 0) {
      const list = strings.get(key);
      if (list === undefined) strings.set(key, [profile.strings[labelString[l]!]!]);
      else list.push(profile.strings[labelString[l]!]!);
    } else {
      const list = numbers.get(key);
      if (list === undefined) numbers.set(key, [labelNumber[l]!]);
      else list.push(labelNumber[l]!);
    }
  }
  return { strings, numbers };
}

/** The report exactly as `go tool pprof -traces` prints it. */
export function formatTracesText(
  profile: Profile,
  options: QueryOptions,
  traceOptions: { timeZone?: string } = {},
): string {
  const selection = selectSamples(profile, options);
  const frameNodes = buildFrameNodes(selection, options.granularity, options.noInlines);
  const sampleUnit = selection.value.sampleType.unit;
  const formatValue = (value: number) => formatScaledValue(value, sampleUnit, options.unit);
  const out: string[] = [];
  out.push(
    `${profileLabels({
      profile,
      typeLabel: selection.value.typeLabel,
      sampleUnit,
      total: selection.total,
      formatValue,
      timeZone: traceOptions.timeZone,
    }).join('\n')}\n`,
  );
  const { kept, weight, divisor, stackLow, stackHigh } = selection;
  const width = profile.sampleTypes.length;
  const values = profile.samples.values;
  // With tagroot/tagleaf the stacks are the selection's derived profile's.
  const stackLocations = selection.profile.samples.stackLocations;
  const { start, node, inlined } = frameNodes.frames;
  const names = frameNodes.nodes.printableName;
  // pprof merges every profile it reads: identical samples become one, summed, shown where the
  // first stood; samples whose values are all zero are dropped.
  const isZero = (s: number) => {
    for (let i = s * width; i < (s + 1) * width; i++) if (values[i] !== 0) return false;
    return true;
  };
  const first = firstIdenticalSample(profile, selection.profile, (s) => !isZero(s));
  const mergedWeight = new Float64Array(kept.length);
  const mergedDivisor = new Float64Array(kept.length);
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0 || isZero(s)) continue;
    mergedWeight[first[s]!]! += weight[s]!;
    if (divisor !== undefined) mergedDivisor[first[s]!]! += divisor[s]!;
  }
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0 || isZero(s) || first[s] !== s) continue;
    const frames: string[] = [];
    for (let at = stackLow[s]!; at < stackHigh[s]!; at++) {
      const location = stackLocations[at]!;
      for (let f = start[location + 1]! - 1; f >= start[location]!; f--) {
        frames.push(inlined[f] === 1 ? `${names[node[f]!]!} (inline)` : names[node[f]!]!);
      }
    }
    if (frames.length === 0) continue;
    out.push(`${SEPARATOR}\n`);
    const { strings, numbers } = sampleLabels(profile, s, selection.hiddenLabelKeys);
    const labelLines = [...strings].map(([key, list]) => `${key.padStart(10)}:  ${list.join(' ')}\n`);
    out.push(labelLines.sort(compareGoStrings).join(''));
    const numberLines = [...numbers].map(([key, list]) => {
      const unit = selection.labelUnits.get(key) ?? '';
      return `${key.padStart(10)}:  ${list.map((v) => formatValueLabel(v, unit)).join(' ')}\n`;
    });
    out.push(numberLines.sort(compareGoStrings).join(''));
    let v = mergedWeight[s]!;
    const d = mergedDivisor[s]!;
    if (d !== 0) v = divideInt(v, d);
    frames.forEach((frame, i) => out.push(`${(i === 0 ? formatValue(v) : '').padStart(10)}   ${frame}\n`));
  }
  out.push(`${SEPARATOR}\n`);
  return out.join('');
}
