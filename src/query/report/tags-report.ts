// pprof's -tags report: the value carried by each label key and value over the remaining samples;
// also what the viewer's label menus list.

import type { Profile } from '../../pprof/portable.js';
import { formatFixed, formatPercentage, formatScaledValue, scaleValue } from '../../units/index.js';
import { selectSamples } from '../filter/select-samples.js';
import { alignRightColumns } from '../go/align-right-columns.js';
import { compareGoStrings } from '../go/compare-go-strings.js';
import { sampleLabels } from '../labels/sample-labels.js';
import type { QueryOptions } from '../options/query-options.js';
import { inChunks } from './text-chunks.js';

export interface TagValue {
  /** The label value; numeric labels are formatted with their unit (`32kB`). */
  readonly name: string;
  readonly value: number;
}

export interface TagKey {
  readonly key: string;
  readonly total: number;
  /** Heaviest first (by |value|), then by name. */
  readonly values: readonly TagValue[];
  /** True for a numeric label key. */
  readonly numeric: boolean;
}

export interface TagsReport {
  readonly sampleUnit: string;
  /** Keys by name. */
  readonly keys: readonly TagKey[];
}

export function computeTags(profile: Profile, options: QueryOptions): TagsReport {
  const selection = selectSamples(profile, options);
  const { kept, weight } = selection;
  const byKey = new Map<string, { values: Map<string, number>; numeric: boolean }>();
  const add = (key: string, name: string, value: number, numeric: boolean) => {
    let entry = byKey.get(key);
    if (entry === undefined) byKey.set(key, (entry = { values: new Map(), numeric }));
    entry.values.set(name, (entry.values.get(name) ?? 0) + value);
  };
  for (let s = 0; s < kept.length; s++) {
    if (kept[s] === 0) continue;
    const { strings, numbers } = sampleLabels(profile, s, selection.hiddenLabelKeys);
    for (const [key, list] of strings) for (const value of list) add(key, value, weight[s]!, false);
    for (const [key, list] of numbers) {
      const unit = selection.labelUnits.get(key) ?? '';
      for (const value of list) add(key, formatScaledValue(value, unit, options.unit), weight[s]!, true);
    }
  }
  const keys = [...byKey.entries()]
    .map(([key, entry]) => {
      let total = 0;
      const values = [...entry.values].map(([name, value]) => {
        total += value;
        return { name, value };
      });
      values.sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || compareGoStrings(a.name, b.name));
      return { key, total, values, numeric: entry.numeric };
    })
    .sort((a, b) => compareGoStrings(a.key, b.key));
  return { sampleUnit: selection.value.sampleType.unit, keys };
}

/** The report exactly as `go tool pprof -tags` prints it, in chunks. */
export function formatTagsText(report: TagsReport, unit: string): Generator<string> {
  return inChunks(tagsBlocks(report, unit));
}

/**
 * One block per key. Go's tabwriter aligns columns over runs of lines with a cell in them, and the
 * blank line after each key ends every run: aligning key by key is aligning the whole text.
 */
function* tagsBlocks(report: TagsReport, unit: string): Generator<string> {
  const scaled = (value: number) => {
    const s = scaleValue(value, report.sampleUnit, unit);
    return `${formatFixed(s.value, 1)}${s.unit}`;
  };
  for (const key of report.keys) {
    let text = `${key.key}:\t Total ${scaled(key.total)}\n`;
    for (const value of key.values) {
      if (key.total > 0)
        text += ` \t${scaled(value.value)} (${formatPercentage(value.value, key.total)}):\t ${value.name}\n`;
      else text += ` \t${scaled(value.value)}:\t ${value.name}\n`;
    }
    yield alignRightColumns(`${text}\n`, 0, 1);
  }
}
