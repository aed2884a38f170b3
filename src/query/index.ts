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
} from './query-options.js';
export { QueryError } from './query-errors.js';
export { GoRegexpSyntaxError, compileGoRegexp, type GoRegexp } from './go-regexp.js';
export { resolveSampleIndex, selectSampleValue, type SampleValueSelection } from './sample-index.js';
export { selectSamples, type SampleSelection } from './select-samples.js';
export { computeTop, formatTopText, type TopOptions, type TopReport, type TopRow } from './top.js';
export {
  buildFlameGraph,
  buildPivotFlameGraphs,
  type FlameGraph,
  type FlameGraphLimits,
  type PivotFlameGraphs,
} from './flame-graph.js';
export { buildZoomedFlameGraph, type ZoomedFlameGraph } from './flame-zoom.js';
export { shortenFunctionName } from './shorten-function-name.js';
export { buildReportGraph, effectiveOptions, type ReportGraph, type ReportKind } from './report-graph.js';
export { formatProfileTime, mainMapping, profileLabels } from './report-labels.js';
export { mergeProfiles, subtractBaseProfile, type DiffOptions } from './merge-profiles.js';
export { computePeek, computeTree, formatPeekText, type PeekCall, type PeekEntry, type PeekReport } from './peek.js';
export { formatTracesText } from './traces.js';
export { computeTags, formatTagsText, type TagKey, type TagValue, type TagsReport } from './tags.js';
export { buildCallGraph, MAX_NODELETS, type CallGraph, type CallGraphOptions } from './call-graph-report.js';
export { callGraphNodeTexts, dotColor, escapeForDot, formatDot, type CallGraphNodeTexts } from './dot-format.js';
export { computeSourceListing, type SourceLine, type SourceListing, type SourceRoutine } from './source-listing.js';
export { sourceFileCandidates, splitPathList, trimSourcePath, type SourceLookup } from './source-path.js';
export {
  annotateSourceListing,
  formatSourceListing,
  splitSourceLines,
  type AnnotatedSourceListing,
  type AnnotatedSourceRoutine,
  type ReadSourceFile,
  type SourceCodeLine,
  type SourceFileText,
} from './source-text.js';
export { computeMatchShare, type MatchShare } from './match-share.js';
export { filterProfile } from './filter-profile.js';
export { formatFoldedStacks } from './folded-stacks.js';
export { computeSampleTotals } from './sample-totals.js';
export { addLabelNodes, withLabelNodes } from './label-nodes.js';
