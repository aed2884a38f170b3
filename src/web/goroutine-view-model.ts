// The JSON of `/api/goroutines` (the Goroutines view), shared by the server and the browser
// client. Types only, as view-models.ts.

export interface GoroutineFrameModel {
  readonly function: string;
  /** `file:line`. */
  readonly where: string;
}

export interface GoroutineGroupModel {
  readonly key: string;
  readonly state: string;
  readonly blocked: boolean;
  readonly count: number;
  /** With a base: its count there (0: new since), and count − baseCount. */
  readonly baseCount?: number;
  readonly growth?: number;
  /** The first MAX_LISTED_IDS ids, ascending; `count` says how many there are. */
  readonly ids: readonly number[];
  /** `< 1 min ×3, 12 min ×5` (Go prints no wait under a minute). */
  readonly waitsText: string;
  readonly longestWaitMinutes: number;
  readonly leakScore: number;
  readonly lockedToThread: number;
  /** Leaf first. */
  readonly frames: readonly GoroutineFrameModel[];
  readonly framesElided: boolean;
  readonly createdBy?: GoroutineFrameModel;
  /**
   * The flame graph's zoom path (zoom-path.ts' names, root first) to this stack in the capture's
   * goroutine profile; absent when the stack cannot be named so (Go elided frames).
   */
  readonly zoomPath?: readonly string[];
}

/** A stored capture of the same target whose dump the view can be compared with. */
export interface GoroutineBaseModel {
  /** The capture's file, as the diff menu's `base` names it. */
  readonly file: string;
  readonly capturedAt: string;
}

export interface GoroutineReportModel {
  /** Legend lines, as every report view has (the dump's totals). */
  readonly legend: readonly string[];
  readonly total: number;
  /** The compared capture, when `base` names one; its total. */
  readonly base?: string;
  readonly baseTotal?: number;
  /** Ranked: blocked groups first by leak score; with a base, the groups that grew first. */
  readonly groups: readonly GoroutineGroupModel[];
  readonly bases: readonly GoroutineBaseModel[];
}

/** Goroutine ids listed per group: a pile-up of 50,000 is not 50,000 numbers on the wire. */
export const MAX_LISTED_IDS = 200;
