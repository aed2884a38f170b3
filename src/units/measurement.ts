// Scales and labels sample values exactly as pprof's internal/measurement does (Go 1.19's
// vendored copy): `1.50MB`, `10ms`, `2.5s`, counts without a unit, and percentages as the text
// reports print them.

import { formatFixed, formatGeneral } from './go-float-format.js';

interface Unit {
  readonly canonicalName: string;
  readonly aliases: readonly string[];
  readonly factor: number;
}

interface UnitType {
  readonly defaultUnit: Unit;
  readonly units: readonly Unit[];
}

const NANOSECOND = 1;
const MICROSECOND = 1e3;
const MILLISECOND = 1e6;
const SECOND = 1e9;
const HOUR = 3600 * SECOND;

const UNIT_TYPES: readonly UnitType[] = [
  {
    units: [
      { canonicalName: 'B', aliases: ['b', 'byte'], factor: 1 },
      { canonicalName: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
      { canonicalName: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
      { canonicalName: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
      { canonicalName: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
      { canonicalName: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
    ],
    defaultUnit: { canonicalName: 'B', aliases: ['b', 'byte'], factor: 1 },
  },
  {
    units: [
      { canonicalName: 'ns', aliases: ['ns', 'nanosecond'], factor: NANOSECOND },
      { canonicalName: 'us', aliases: ['μs', 'us', 'microsecond'], factor: MICROSECOND },
      { canonicalName: 'ms', aliases: ['ms', 'millisecond'], factor: MILLISECOND },
      { canonicalName: 's', aliases: ['s', 'sec', 'second'], factor: SECOND },
      { canonicalName: 'hrs', aliases: ['hour', 'hr'], factor: HOUR },
    ],
    defaultUnit: { canonicalName: 's', aliases: [], factor: SECOND },
  },
  {
    units: [
      { canonicalName: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
      { canonicalName: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
      { canonicalName: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
      { canonicalName: 'GCU', aliases: ['gcu'], factor: 1 },
      { canonicalName: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
      { canonicalName: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
      { canonicalName: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
      { canonicalName: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
      { canonicalName: 'P*GCU', aliases: ['petagcu'], factor: 1e15 },
    ],
    defaultUnit: { canonicalName: 'GCU', aliases: [], factor: 1 },
  },
];

/** A value in some unit; `unit` is "" when pprof leaves it out (counts). */
export interface ScaledValue {
  readonly value: number;
  readonly unit: string;
}

/** pprof's sniffUnit: lower case, a plural "s" dropped from names longer than two letters. */
function sniffUnit(unitType: UnitType, name: string): Unit | undefined {
  let alias = name.toLowerCase();
  if (alias.length > 2 && alias.endsWith('s')) alias = alias.slice(0, -1);
  return unitType.units.find((unit) => unit.aliases.includes(alias));
}

function autoScale(unitType: UnitType, value: number): ScaledValue | undefined {
  let factor = 0;
  let unit = '';
  for (const candidate of unitType.units) {
    if (candidate.factor >= factor && value / candidate.factor >= 1) {
      factor = candidate.factor;
      unit = candidate.canonicalName;
    }
  }
  return factor === 0 ? undefined : { value: value / factor, unit };
}

function convertUnit(unitType: UnitType, value: number, fromName: string, toName: string): ScaledValue | undefined {
  const from = sniffUnit(unitType, fromName);
  if (from === undefined) return undefined;
  const base = value * from.factor;
  if (toName === 'minimum' || toName === 'auto') {
    return (
      autoScale(unitType, base) ?? {
        value: base / unitType.defaultUnit.factor,
        unit: unitType.defaultUnit.canonicalName,
      }
    );
  }
  const to = sniffUnit(unitType, toName) ?? unitType.defaultUnit;
  return { value: base / to.factor, unit: to.canonicalName };
}

/**
 * pprof's measurement.Scale: converts `value` from `fromUnit` to `toUnit` ("minimum"/"auto" pick
 * the largest unit in which the value is ≥ 1). Units pprof does not know pass through unchanged,
 * labelled with `toUnit` unless that is a count-like name.
 */
export function scaleValue(value: number, fromUnit: string, toUnit: string): ScaledValue {
  if (value < 0) {
    const scaled = scaleValue(-value, fromUnit, toUnit);
    return { value: -scaled.value, unit: scaled.unit };
  }
  for (const unitType of UNIT_TYPES) {
    const converted = convertUnit(unitType, value, fromUnit, toUnit);
    if (converted !== undefined) return converted;
  }
  switch (toUnit) {
    case 'count':
    case 'sample':
    case 'unit':
    case 'minimum':
    case 'auto':
      return { value, unit: '' };
    default:
      return { value, unit: toUnit };
  }
}

/** pprof's measurement.ScaledLabel: `1.50MB`, `10ms`, `0` — two decimals, ".00" dropped. */
export function formatScaledValue(value: number, fromUnit: string, toUnit: string): string {
  const scaled = scaleValue(value, fromUnit, toUnit);
  let text = formatFixed(scaled.value, 2);
  if (text.endsWith('.00')) text = text.slice(0, -3);
  if (text === '0' || text === '-0') return '0';
  return text + scaled.unit;
}

/** pprof's measurement.Label: the value in the best unit for itself. */
export function formatValueLabel(value: number, unit: string): string {
  return formatScaledValue(value, unit, 'auto');
}

/**
 * pprof's measurement.Percentage, padded as the text reports print it: `  100%`, `12.34%`,
 * ` 0.58%`, `    0%`.
 */
export function formatPercentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${formatFixed(ratio, 2).padStart(5)}%`;
  return `${formatGeneral(ratio, 2).padStart(5)}%`;
}

/** Whether two sample types can be merged or compared (pprof's compatibleValueTypes). */
export function compatibleValueTypes(
  a: { readonly type: string; readonly unit: string },
  b: { readonly type: string; readonly unit: string },
): boolean {
  const trimS = (text: string) => (text.endsWith('s') ? text.slice(0, -1) : text);
  if (trimS(a.type) !== trimS(b.type)) return false;
  if (a.unit === b.unit) return true;
  return UNIT_TYPES.some(
    (unitType) => sniffUnit(unitType, a.unit) !== undefined && sniffUnit(unitType, b.unit) !== undefined,
  );
}

/** Whether pprof knows `unit` (bytes, time or GCU units, in any alias). */
export function isKnownUnit(unit: string): boolean {
  return UNIT_TYPES.some((unitType) => sniffUnit(unitType, unit) !== undefined);
}
