// The units layer's public surface: formatting values, units and percentages as pprof does.

export { formatFixed, formatGeneral } from './go-float-format.js';
export {
  compatibleValueTypes,
  formatPercentage,
  formatScaledValue,
  formatValueLabel,
  isKnownUnit,
  scaleValue,
  type ScaledValue,
} from './measurement.js';
