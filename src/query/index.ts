// The query layer's public surface: pure functions over a decoded profile with go tool pprof's
// semantics. Every number the viewer and the CLI show comes from here.

export {
  DEFAULT_QUERY_OPTIONS,
  GRANULARITIES,
  QueryOptionError,
  SORT_ORDERS,
  URL_PARAMETERS,
  formatQueryOptions,
  parseQueryOptions,
  setOption,
  withOptions,
  type Granularity,
  type QueryOptions,
  type SortOrder,
} from './options/query-options.js';
export { QueryError } from './errors/query-error.js';
export { GoRegexpSyntaxError, compileGoRegexp, type GoRegexp } from './regexp/go-regexp.js';
export { resolveSampleIndex, selectSampleValue, type SampleValueSelection } from './filter/sample-index.js';
export { selectSamples, type SampleSelection } from './filter/select-samples.js';
export { computeTop, formatTopText, type TopOptions, type TopReport, type TopRow } from './report/top-report.js';
export {
  buildFlameGraph,
  buildPivotFlameGraphs,
  type FlameGraph,
  type FlameGraphLimits,
  type PivotFlameGraphs,
} from './flame/flame-graph.js';
export { buildZoomedFlameGraph, type ZoomedFlameGraph } from './flame/zoomed-flame-graph.js';
export { shortenFunctionName } from './graph/shorten-function-name.js';
export { buildReportGraph, effectiveOptions, type ReportGraph, type ReportKind } from './graph/report-graph.js';
export { formatProfileTime, mainMapping, profileLabels } from './legend/report-legend.js';
export { mergeProfiles, subtractBaseProfile, type DiffOptions } from './merge/merge-profiles.js';
export {
  computePeek,
  computeTree,
  formatPeekText,
  type PeekCall,
  type PeekEntry,
  type PeekReport,
} from './report/peek-report.js';
export { formatTracesText } from './report/traces-report.js';
export { computeTags, formatTagsText, type TagKey, type TagValue, type TagsReport } from './report/tags-report.js';
export { buildCallGraph, MAX_NODELETS, type CallGraph, type CallGraphOptions } from './graph/call-graph.js';
export { callGraphNodeTexts, dotColor, escapeForDot, formatDot, type CallGraphNodeTexts } from './report/dot-report.js';
export {
  computeSourceListing,
  type SourceLine,
  type SourceListing,
  type SourceRoutine,
} from './source/source-listing.js';
export { sourceFileCandidates, splitPathList, trimSourcePath, type SourceLookup } from './source/source-path.js';
export {
  annotateSourceListing,
  formatSourceListing,
  splitSourceLines,
  type AnnotatedSourceListing,
  type AnnotatedSourceRoutine,
  type ReadSourceFile,
  type SourceCodeLine,
  type SourceFileText,
} from './source/source-text.js';
export { computeMatchShare, type MatchShare } from './flame/match-share.js';
export { filterProfile } from './filter/filter-profile.js';
export { formatFoldedStacks } from './report/folded-stacks.js';
export { computeSampleTotals } from './legend/sample-totals.js';
export { addLabelNodes, withLabelNodes } from './labels/label-nodes.js';
