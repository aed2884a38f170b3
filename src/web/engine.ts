// The engine functions the viewer's server side calls (src/query), in one place.
// TEMPORARY: re-exports the stand-in until the engine's milestone is merged.

export {
  buildFlameGraph,
  compileGoRegexp,
  computeTop,
  type FlameGraph,
  type TopReport,
  type TopRow,
} from './engine-standin.js';
