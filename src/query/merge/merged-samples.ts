// The merged profile's samples on typed arrays, as pprof's Merge folds them: identical samples
// (same stack, same labels in any order) become one, their values summed; those summing to zero go.

import { GrowableFloat64, type BuilderLabel, type Profile, type ProfileBuilder } from '../../pprof/portable.js';
import { SampleKeys } from './sample-keys.js';

/** A label every sample of a source gets, replacing the key's values (pprof's SetLabel). */
export interface SetLabel {
  readonly key: string;
  readonly value: string;
}

/** A sample's labels, with `setLabel` replacing the values of its key (pprof's SetLabel). */
export function sampleLabelsWith(p: Profile, s: number, setLabel: SetLabel | undefined): BuilderLabel[] {
  const samples = p.samples;
  const labels: BuilderLabel[] = [];
  for (let l = samples.labelStart[s]!; l < samples.labelStart[s + 1]!; l++) {
    const key = p.strings[samples.labelKey[l]!]!;
    const str = samples.labelString[l]!;
    if (setLabel !== undefined && key === setLabel.key && str !== 0) continue;
    if (str !== 0) labels.push({ key, value: p.strings[str]! });
    else labels.push({ key, number: samples.labelNumber[l]!, unit: p.strings[samples.labelUnit[l]!]! || undefined });
  }
  if (setLabel !== undefined) labels.push({ key: setLabel.key, value: setLabel.value });
  return labels;
}

/** The merged samples on typed arrays: the distinct samples' keys and their summed values. */
export class MergedSamples {
  private readonly keys: SampleKeys;
  private readonly values = new GrowableFloat64();
  private readonly labelSets: (readonly BuilderLabel[])[] = [[]];

  constructor(
    private readonly width: number,
    expected: number,
  ) {
    this.keys = new SampleKeys({ expected });
  }

  /** The id of a set of labels, equal for equal sets whatever their order. */
  labelSet(labels: readonly BuilderLabel[]): number {
    const id = this.keys.labelSet(labelKey(labels));
    // Ids count up from 1 (0 is no labels): a new one is the next slot.
    if (id === this.labelSets.length) this.labelSets.push(labels);
    return id;
  }

  /** Adds a sample's values to those of the identical sample, or appends it. */
  add(stack: Uint32Array, depth: number, values: Float64Array, labelSet: number): void {
    const id = this.keys.intern(stack, 0, depth, labelSet);
    if (id * this.width === this.values.length) {
      for (let i = 0; i < this.width; i++) this.values.push(values[i]!);
      return;
    }
    const sums = this.values.data;
    for (let i = 0; i < this.width; i++) sums[id * this.width + i]! += values[i]!;
  }

  addNonZeroTo(builder: ProfileBuilder): void {
    const sums = this.values.data;
    for (let id = 0; id < this.keys.size; id++) {
      const values = sums.subarray(id * this.width, (id + 1) * this.width);
      if (values.every((v) => v === 0)) continue;
      builder.addSample(this.keys.stackOf(id), values, this.labelSets[this.keys.labelSetOfSample(id)]!);
    }
  }
}

/** A key equal for samples with the same labels, whatever their order (pprof keys by sorted key). */
function labelKey(labels: readonly BuilderLabel[]): string {
  const byKey = new Map<string, string[]>();
  for (const label of labels) {
    const text = label.value !== undefined ? `s${label.value}` : `n${label.number}\u0001${label.unit ?? ''}`;
    const list = byKey.get(label.key);
    if (list === undefined) byKey.set(label.key, [text]);
    else list.push(text);
  }
  return [...byKey.entries()]
    .map(([key, values]) => `${key}\u0002${values.join('\u0003')}`)
    .sort()
    .join('\u0004');
}
