// Chooses the sample type a query shows, as pprof's -sample_index and -mean do.

import type { Profile, ValueType } from '../../pprof/portable.js';
import { QueryError } from '../errors/query-error.js';

/** Which value of each sample a query adds up. */
export interface SampleValueSelection {
  readonly index: number;
  readonly sampleType: ValueType;
  /** With -mean: the index of the value to divide by (pprof uses the first type, a count); -1 otherwise. */
  readonly meanDivisorIndex: number;
  /** The type name reports print: `inuse_space`, or `mean_delay` with -mean. */
  readonly typeLabel: string;
}

/**
 * pprof's SampleIndexByName: "" = the profile's default_sample_type, else the last type; a number
 * is an index; a name may omit the legacy `inuse_` prefix.
 */
export function resolveSampleIndex(profile: Profile, sampleIndex: string): number {
  const types = profile.sampleTypes;
  if (types.length === 0) throw new QueryError('select', 'sample type', 'the profile has no sample types');
  if (sampleIndex === '') {
    if (profile.defaultSampleType !== '') {
      const index = types.findIndex((t) => t.type === profile.defaultSampleType);
      if (index >= 0) return index;
    }
    return types.length - 1;
  }
  // Go's strconv.Atoi: optional sign and decimal digits only.
  if (/^[+-]?\d+$/.test(sampleIndex)) {
    const index = Number(sampleIndex);
    if (index < 0 || index >= types.length) {
      throw new QueryError('select', `sample index ${sampleIndex}`, `outside the range [0..${types.length - 1}]`, {
        key: 'sampleIndex',
      });
    }
    return index;
  }
  const noInuse = sampleIndex.startsWith('inuse_') ? sampleIndex.slice('inuse_'.length) : sampleIndex;
  const index = types.findIndex((t) => t.type === sampleIndex || t.type === noInuse);
  if (index < 0) {
    throw new QueryError(
      'select',
      `sample index ${JSON.stringify(sampleIndex)}`,
      `must be one of: ${types.map((t) => t.type).join(', ')}`,
      { key: 'sampleIndex' },
    );
  }
  return index;
}

export function selectSampleValue(profile: Profile, sampleIndex: string, mean: boolean): SampleValueSelection {
  const index = resolveSampleIndex(profile, sampleIndex);
  const sampleType = profile.sampleTypes[index]!;
  return {
    index,
    sampleType,
    meanDivisorIndex: mean ? 0 : -1,
    typeLabel: mean ? `mean_${sampleType.type}` : sampleType.type,
  };
}
