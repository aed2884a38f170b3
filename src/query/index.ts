// The query layer's public surface: pure functions over a decoded profile with go tool pprof's
// semantics. Every number the viewer and the CLI show comes from here. Nothing below reads a
// file, the clock or the environment, so the browser client may import this module too.

export { QueryError } from './errors/query-error.js';
export { QueryOptionError } from './errors/query-option-error.js';
export {
  GRANULARITIES,
  SORT_ORDERS,
  withOptions,
  type Granularity,
  type QueryOptions,
  type SortOrder,
} from './options/query-options.js';
export {
  DEFAULT_QUERY_OPTIONS,
  OPTION_FIELDS,
  OPTION_KEYS,
  URL_PARAMETERS,
  type OptionField,
  type OptionFlag,
} from './options/option-fields.js';
export { formatQueryOptions, parseQueryOptions, setOption } from './options/parse-query-options.js';
export { effectiveOptions, type ReportKind } from './options/effective-options.js';
export { GoRegexpSyntaxError, compileGoRegexp, type GoRegexp } from './regexp/go-regexp.js';
export { addLabelNodes, withLabelNodes } from './labels/label-nodes.js';
export { resolveSampleIndex, selectSampleValue, type SampleValueSelection } from './filter/sample-index.js';
export { selectSamples, type SampleSelection } from './filter/select-samples.js';
export { filterProfile } from './filter/filter-profile.js';
export { formatProfileTime, UTC_TIME_ZONE, type TimeZone } from './legend/profile-time.js';
export { mainMapping, profileLegend, type LegendContext } from './legend/profile-legend.js';
export { activeFilterLegend } from './legend/report-legend.js';
export { computeSampleTotals } from './legend/sample-totals.js';
export { shortenFunctionName } from './graph/shorten-function-name.js';
export { buildReportGraph, type ReportGraph } from './graph/report-graph.js';
export { buildCallGraph, MAX_NODELETS, type CallGraph, type CallGraphOptions } from './graph/call-graph.js';
export { AGGREGATE_NAME, type FlameGraph, type FlameGraphLimits, type FlameGraphShape } from './flame/flame-graph.js';
export { computeAggregateMatches, type AggregateMatch } from './flame/aggregate-matches.js';
export { buildFlameGraph } from './flame/build-flame-graph.js';
export { buildPivotFlameGraphs, type PivotFlameGraphs } from './flame/pivot-flame-graphs.js';
export { buildZoomedFlameGraph, type ZoomedFlameGraph } from './flame/zoomed-flame-graph.js';
export { computeMatchShare, type MatchShare } from './flame/match-share.js';
export {
  aggregatedShares,
  chooseLeafFirst,
  LEAF_FIRST_RULE,
  leafFirstConcentrates,
  type AggregatedShares,
  type LeafFirstChoice,
} from './flame/leaf-first-choice.js';
export { mergeProfiles, subtractBaseProfile, type DiffOptions } from './merge/merge-profiles.js';
export {
  computeSourceListing,
  type SourceLine,
  type SourceListing,
  type SourceRoutine,
} from './source/source-listing.js';
export { sourceFileCandidates, splitPathList, trimSourcePath, type SourceLookup } from './source/source-path.js';
export {
  annotateSourceListing,
  splitSourceLines,
  type AnnotatedSourceListing,
  type AnnotatedSourceRoutine,
  type ReadSourceFile,
  type SourceCodeLine,
  type SourceFileText,
} from './source/annotated-source-listing.js';
// Every text report yields its text in chunks (report/text-chunks.ts).
export { joinChunks } from './report/text-chunks.js';
export { computeTop, formatTopText, type TopOptions, type TopReport, type TopRow } from './report/top-report.js';
export {
  computePeek,
  computeTree,
  formatPeekText,
  type PeekCall,
  type PeekEntry,
  type PeekOptions,
  type PeekReport,
} from './report/peek-report.js';
export { formatTracesText, type TracesOptions } from './report/traces-report.js';
export { computeTags, formatTagsText, type TagKey, type TagValue, type TagsReport } from './report/tags-report.js';
export { callGraphNodeTexts, dotColor, escapeForDot, formatDot, type CallGraphNodeTexts } from './report/dot-report.js';
export { formatSourceListing } from './report/list-report.js';
export { formatFoldedStacks } from './report/folded-stacks.js';
export { formatRawReport } from './report/raw-report.js';
export { formatCallgrind } from './report/callgrind-report.js';
export {
  compareReplicas,
  computeReplicaTop,
  rankReplicas,
  replicaTopOptions,
  LISTED_ODD_FUNCTIONS,
  ODD_SHARE_RATIO,
  type OddFunction,
  type ReplicaReport,
  type ReplicaRow,
  type ReplicaTop,
} from './replicas/replica-distances.js';
export {
  BLOCK_PROFILE_OFF,
  GOROUTINE_ANALYSER_PATH,
  GOROUTINE_LEAK_THRESHOLD,
  MUTEX_PROFILE_OFF,
  adviceFactsOf,
  adviseOnProfile,
  type AdviceFacts,
} from './advice/profile-advice.js';
export { GoroutineDumpError } from './goroutines/goroutine-dump-error.js';
export {
  parseGoroutineDump,
  type Goroutine,
  type GoroutineDump,
  type GoroutineFrame,
} from './goroutines/parse-goroutine-dump.js';
export {
  groupGoroutines,
  isBlockedState,
  rankGoroutineGroups,
  stackKey,
  type GoroutineGroup,
  type WaitCount,
} from './goroutines/group-goroutines.js';
export { compareGoroutineGroups, type GoroutineGroupGrowth } from './goroutines/goroutine-growth.js';
export { goroutineDumpProfile } from './goroutines/dump-profile.js';
export {
  formatGoroutineReport,
  formatWaits,
  TRUNCATED_DUMP_NOTE,
  type GoroutineReportOptions,
} from './goroutines/format-goroutine-report.js';
