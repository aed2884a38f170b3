// The engine functions the viewer's server side calls (src/query), in one place, so the web
// layer's dependence on the engine is visible at a glance.

export {
  buildFlameGraph,
  compileGoRegexp,
  computeMatchShare,
  computeTop,
  profileLabels,
  selectSampleValue,
  type FlameGraph,
  type MatchShare,
  type TopReport,
  type TopRow,
} from '../query/index.js';
// Not (yet) on the query layer's public surface.
export { activeFilterLabels } from '../query/report-labels.js';
