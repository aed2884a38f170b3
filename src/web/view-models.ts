// The JSON the viewer's API answers, shared by the server (which builds it) and the browser client
// (which shows it). Types only: the client bundles nothing from the server through this file.

import type { ValueType } from '../pprof/profile-model.js';
import type { ReplicaReport } from '../query/replicas/replica-distances.js';

/** `/api/replicas`: the Replicas view's ranking, as the query returns it. */
export type ReplicaReportModel = ReplicaReport;

/** A session of several replicas: every replica's name, and the one this page shows (none: merged). */
export interface ReplicaSetModel {
  readonly names: readonly string[];
  readonly current?: string;
}

export interface ProfileSummary {
  readonly file: string;
  readonly type: string;
  readonly source: string;
  readonly capturedAt: string;
  readonly sampleTypes: readonly ValueType[];
  readonly defaultSampleIndex: number;
  readonly comments: readonly string[];
  /** The capture's facts beyond pprof's legend, for the details panel. */
  readonly details: ProfileDetails;
  /** When the session closes (ISO), and how long that was from the moment of this answer. */
  readonly expiresAt?: string;
  readonly expiresInMs?: number;
  /** Set in a session of several replicas (`go-profiler view --replicas`, `capture -l --open`). */
  readonly replicas?: ReplicaSetModel;
  /** Preflight advice on the capture (query/advice/), one sentence each; absent when there is none. */
  readonly advice?: readonly string[];
  /** Set when a goroutine dump is stored beside the capture: the Goroutines view has its groups. */
  readonly goroutineDump?: boolean;
  /** Set when the capture was to have a goroutine dump and has none: why. The Goroutines view says so. */
  readonly goroutineDumpError?: string;
  /** A delta capture's window: the viewer says "during N s". */
  readonly window?: CaptureWindow;
  /** Set in a bundle session: its profiles, switched between in the header. */
  readonly profiles?: BundleSetModel;
}

/** A bundle session's profiles (`cpu`, `heap`...; each at `/profile/NAME/`) and the one this page shows. */
export interface BundleSetModel {
  readonly names: readonly string[];
  readonly current: string;
  /** Each profile's type and window, for the switcher's labels. */
  readonly entries: readonly { readonly name: string; readonly type: string; readonly window?: CaptureWindow }[];
}

/** A delta profile's window: its seconds, and whether Go made it or two snapshots were subtracted. */
export interface CaptureWindow {
  readonly seconds: number;
  readonly method: 'go' | 'subtracted';
}

/** What the details panel lists about the capture itself (not the current view). */
export interface ProfileDetails {
  /** pprof's `Time:` text (UTC); absent when the profile has no time. */
  readonly time?: string;
  /** pprof's `Duration:` value (`10.01s`); absent when the profile has none. */
  readonly duration?: string;
  /** The sampling period with its unit and type, e.g. `10ms (cpu)`, `512kB (space)`. */
  readonly period?: string;
  readonly sampleCount: number;
  /** Set when `--max-stack-depth` cut stacks: `3 samples deeper than 4096 frames kept their 4096 leaf-most frames`. */
  readonly truncatedStacks?: string;
  /** Every sample type's total over all samples, before filters. */
  readonly totals: readonly SampleTotalModel[];
}

export interface SampleTotalModel {
  readonly type: string;
  readonly unit: string;
  readonly value: number;
  /** pprof's label for it (`1.50MB`, `4.20s`, `1234`). */
  readonly text: string;
}

/** One stored capture a viewer can diff against (`base`). */
export interface DiffBaseModel {
  /** Relative to the data root: the value of `base`. */
  readonly file: string;
  readonly capturedAt: string;
  readonly sampleCount: number;
  /** `namespace/name` of the pod it came from, when the request named one. */
  readonly pod?: string;
  /** `namespace/name` of the diagnosis that captured it. */
  readonly diagnosis: string;
}

export interface DiffBaseListing {
  /** Newest first. */
  readonly bases: readonly DiffBaseModel[];
  /** Why there is nothing to diff against, when `bases` is empty. */
  readonly unavailable?: string;
}

/** `/api/configs`: the saved configs of the Config menu, in the order they were first saved. */
export interface SavedConfigListing {
  readonly configs: readonly { readonly name: string; readonly query: string }[];
  /**
   * Who shares them, e.g. `namespace team-a` (a processor's viewer keeps one list per namespace);
   * absent for a settings file of the user's own. Never a path (SPEC §5).
   */
  readonly scope?: string;
  /** Why no config can be saved (a viewer without a settings file). */
  readonly unavailable?: string;
}

/** A function's flat and cum, with pprof's texts (`1.50MB`, `12.34%`) as `-top` and `-peek` print them. */
export interface FunctionValuesModel {
  readonly flat: number;
  readonly cum: number;
  readonly flatText: string;
  readonly flatPercent: string;
  /** The running flat sum over the rows shown, as pprof's sum%. */
  readonly sumPercent: string;
  readonly cumText: string;
  readonly cumPercent: string;
}

/** One row of Top, as `go tool pprof -top` prints it. */
export interface TopRowModel extends FunctionValuesModel {
  readonly name: string;
  /** "", "(inline)" or "(partial-inline)", printed after the name as pprof does. */
  readonly inlineLabel: string;
  /** Set when the request carried a search (`q`): whether it matches this row's name. */
  readonly matched?: boolean;
}

export interface TopViewModel {
  /** pprof's header lines (File, Type, Time, Showing nodes accounting for ...). */
  readonly legend: readonly string[];
  readonly total: number;
  readonly totalText: string;
  /** The unit the values are shown in (`kB`: pprof's pick for `unit=minimum`, else the option). */
  readonly outputUnit: string;
  readonly warnings: readonly string[];
  readonly rows: readonly TopRowModel[];
}

export interface AggregateMatchModel {
  /** The aggregate's node in the flame graph. */
  readonly node: number;
  readonly value: number;
  readonly valueText: string;
  /** Of the report total, as the flame graph prints percentages. */
  readonly percent: string;
}

export interface SearchViewModel {
  readonly pattern: string;
  /** Indices into the flame graph's `names` (for the same options) that the pattern matches. */
  readonly matchedNames: readonly number[];
  /** The flame graph's aggregates hiding a matching frame, with the value of those samples. */
  readonly matchedAggregates: readonly AggregateMatchModel[];
  /** The value of all samples with a matching frame (each sample counted once). */
  readonly matched: number;
  readonly matchedText: string;
  /** Of the report total, as pprof's percentages. */
  readonly matchedPercent: string;
  readonly reportTotal: number;
  readonly reportTotalText: string;
}

/** One label value in the label menus, with pprof's -tags numbers. */
export interface LabelValueModel {
  readonly name: string;
  readonly value: number;
  /** The value in its best unit (`1.20MB`) and its share of the key's total (`12.34%`). */
  readonly valueText: string;
  readonly percent: string;
}

export interface LabelKeyModel {
  readonly key: string;
  /** Numeric labels can group (tagroot/tagleaf) but not be focused by value. */
  readonly numeric: boolean;
  readonly values: readonly LabelValueModel[];
}

/** The label menu: keys and values of the shown samples, before any tag focus or ignore. */
export interface LabelsViewModel {
  readonly keys: readonly LabelKeyModel[];
}

/** The Go presets of this profile (see src/web/go-presets.ts). */
export interface PresetsViewModel {
  readonly hideRuntime: string;
  readonly mainModule: string;
  readonly modulePath: string;
}

/** A caller or callee in Peek: pprof's "calls calls%" columns. */
export interface PeekCallModel {
  readonly name: string;
  readonly weight: number;
  /** The weight in the report's unit, and its share of the function's cum (`calls%`). */
  readonly weightText: string;
  readonly percent: string;
  /** pprof's " (inline)" mark: the call was inlined. */
  readonly inline: boolean;
  /** Set when the request carried a search (`q`): whether it matches this name. */
  readonly matched?: boolean;
}

/** What a capped list left out: how many, and their summed weight (pprof's texts). */
export interface OmittedModel {
  readonly count: number;
  readonly weight: number;
  readonly weightText: string;
}

/** One function in Peek: its callers, its own row as `go tool pprof -peek` prints it, its callees. */
export interface PeekEntryModel extends FunctionValuesModel {
  readonly name: string;
  /** Heaviest first, at most `callLimit` of each. */
  readonly callers: readonly PeekCallModel[];
  readonly callees: readonly PeekCallModel[];
  readonly omittedCallers?: OmittedModel;
  readonly omittedCallees?: OmittedModel;
  readonly matched?: boolean;
}

export interface PeekViewModel {
  /** pprof's header lines for the peek report. */
  readonly legend: readonly string[];
  /** The regexp choosing the functions (`f`, as pprof's web UI); "" for every function. */
  readonly pattern: string;
  readonly total: number;
  readonly totalText: string;
  readonly warnings: readonly string[];
  /** In pprof's order (flat, or cum with sort=cum), at most `entryLimit`. */
  readonly entries: readonly PeekEntryModel[];
  /** How many functions the pattern matched; more than `entries` when the limit cut them. */
  readonly matchedCount: number;
  readonly entryLimit: number;
  readonly callLimit: number;
}

/** One source line of a function with samples, as `go tool pprof -list` weighs it. */
export interface SourceLineModel {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
  /** pprof's texts: "." for zero, as -list prints it. */
  readonly flatText: string;
  readonly cumText: string;
}

/** One line of a function's code (`view --source-path`), as `go tool pprof -list` prints it. */
export interface SourceCodeLineModel extends SourceLineModel {
  /** The line as in the file, tabs kept: text for the page, never markup. */
  readonly text: string;
}

/** One function in one file: pprof's ROUTINE block, with the code when the viewer may read it. */
export interface SourceRoutineModel {
  readonly function: string;
  readonly file: string;
  readonly flat: number;
  readonly cum: number;
  readonly flatText: string;
  readonly cumText: string;
  /** cum of the report total: pprof's "(flat, cum) 1.76% of Total". */
  readonly cumPercent: string;
  /** Lines with samples, by line number. */
  readonly lines: readonly SourceLineModel[];
  /** -list's lines with their code, when the file was found under the source path; else empty. */
  readonly code: readonly SourceCodeLineModel[];
  /** Why the code is missing when sources are read: pprof's error ("could not find file …"). */
  readonly sourceError?: string;
  readonly matched?: boolean;
}

export interface SourceViewModel {
  /** pprof's profile labels, the active filters and -list's "Total:" line. */
  readonly legend: readonly string[];
  /** The regexp choosing the functions (`f`); "" for every function with samples. */
  readonly pattern: string;
  readonly total: number;
  readonly totalText: string;
  /** In -list's order (function name, then file), at most `routineLimit`. */
  readonly routines: readonly SourceRoutineModel[];
  /** How many routines matched; more than `routines` when the limit cut them. */
  readonly matchedCount: number;
  readonly routineLimit: number;
  /** Whether this viewer reads source files (`go-profiler view --source-path`); never in the processor. */
  readonly readsSources: boolean;
}

/** One function node of the call graph: the `<g id="…">` Graphviz drew it as, and pprof's texts. */
export interface GraphNodeModel {
  /** The SVG group's id (`node1` for pprof's N1). */
  readonly id: string;
  /** pprof's printable name at the current granularity (what refine acts on). */
  readonly name: string;
  readonly flatText: string;
  readonly flatPercent: string;
  readonly cumText: string;
  readonly cumPercent: string;
}

/** The Graph view: pprof's call graph laid out by Graphviz. */
export interface GraphViewModel {
  /** pprof's legend lines (the DOT legend box, shown in the header instead). */
  readonly legend: readonly string[];
  /** Graphviz's SVG, as it drew it; the client parses it as SVG, never as HTML. */
  readonly svg: string;
  readonly nodes: readonly GraphNodeModel[];
  readonly edgeCount: number;
  readonly warnings: readonly string[];
  /** Set when the request carried a search (`q`): indices into `nodes` whose names match. */
  readonly matchedNodes?: readonly number[];
  /** Set when pprof's default node count gave too many edges and fewer nodes are drawn. */
  readonly reducedFrom?: GraphReduction;
}

/** The graph pprof's default node count would have drawn, when the view drew a smaller one. */
export interface GraphReduction {
  /** pprof's default `n` for graphs (80). */
  readonly defaultNodeCount: number;
  /** The nodes and edges it keeps. */
  readonly nodes: number;
  readonly edges: number;
  /** The `n` drawn instead (labels count towards it, as pprof's nodelets, so nodes may be fewer). */
  readonly nodeCount: number;
}

/** The body of the 422 answer when Graphviz ran past its time limit. */
export interface GraphTooLargeBody {
  readonly error: string;
  readonly key: 'n';
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly timeLimitMs: number;
  /** A node count (`n`) whose graph has few enough edges to lay out quickly. */
  readonly suggestedNodeCount: number;
}
