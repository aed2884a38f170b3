// The data an offline report carries inside its HTML, shared by the Node side that writes it and
// the browser code that draws it: no Node APIs here.

import type { ValueType } from '../../pprof/profile-model.js';
import type { ProfileDetails } from '../view-models.js';

/** Bumped when the shape changes: a page refuses data of another version by name. */
export const OFFLINE_REPORT_VERSION = 1;

/** The id of the `<script type="application/json">` element holding the data. */
export const REPORT_DATA_ELEMENT_ID = 'go-profiler-report-data';

export interface OfflineReportData {
  readonly version: typeof OFFLINE_REPORT_VERSION;
  /** When the report was written (ISO). */
  readonly generatedAt: string;
  /** One per file (the CLI's FILE…; the processor's one capture); the page switches between them. */
  readonly profiles: readonly ReportProfileModel[];
}

export interface ReportProfileModel {
  /** The file's base name. */
  readonly name: string;
  /** The processor's type name (`Heap`, `Profile`, ...), or the kind the sample types tell. */
  readonly type: string;
  /** Where it came from: the capture's source, or the file's path. */
  readonly source: string;
  /** ISO time of the capture (or of the file's profile time). */
  readonly capturedAt: string;
  readonly details: ProfileDetails;
  /** One sentence each (the capture's preflight advice); empty when there is none. */
  readonly advice: readonly string[];
  /** Index into `views` shown first: the profile's default sample type. */
  readonly defaultSampleIndex: number;
  /** One per sample type, in the profile's order. */
  readonly views: readonly ReportSampleView[];
}

/** Top's row as `go tool pprof -top` prints it: name, inline label, flat, flat%, sum%, cum, cum%. */
export type ReportTopRow = readonly [string, string, string, string, string, string, string];

export interface ReportSampleView {
  readonly sampleType: ValueType;
  /** The flame graph in web/flame-graph-wire.ts's format, gzipped, in base64. */
  readonly flameGraph: string;
  /** Top's legend (pprof's, with its "Showing top N nodes out of M" when rows were left out). */
  readonly topLegend: readonly string[];
  readonly topRows: readonly ReportTopRow[];
  /** What this view leaves out of the profile, one sentence each (pruned frames, Top's rows). */
  readonly omitted: readonly string[];
  /**
   * Set when this sample type opens leaf first, as the viewer's flame graph would
   * (src/web/flame-graph-default.ts); `flameGraph` is then the root-first graph a link goes back to.
   */
  readonly leafFirst?: ReportLeafFirstView;
}

export interface ReportLeafFirstView {
  /** The leaf-first flame graph, in the same form as `flameGraph`. */
  readonly flameGraph: string;
  /** Why it opens leaf first: `88% of in-use space is in call stacks under 0.01% each`. */
  readonly reason: string;
  /** What the leaf-first graph leaves out, one sentence each. */
  readonly omitted: readonly string[];
}
