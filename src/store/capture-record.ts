// The sidecar `.json` written beside each stored profile: what was captured, from where, when,
// for which pod and diagnosis. Parsed with a schema, since sidecars are read back from disk.

import * as v from 'valibot';

const IsoDate = v.pipe(v.string(), v.isoTimestamp());

/** The profiles a bundle holds, in the order they are listed (issue 10). */
export const BUNDLE_PROFILES = ['cpu', 'allocs', 'heap', 'goroutine', 'block', 'mutex', 'threadcreate'] as const;

/** One profile of a bundle: its file and totals, or why it is missing (failed, or empty). */
const BundleEntrySchema = v.object({
  profile: v.picklist(BUNDLE_PROFILES),
  /** Its canonical type (`Profile`, `Allocs`, ...). */
  type: v.string(),
  /** Relative to the data root; absent when the profile failed or was empty. */
  file: v.optional(v.string()),
  deltaSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  deltaMethod: v.optional(v.picklist(['go', 'subtracted'])),
  sampleCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  totals: v.optional(v.array(v.object({ type: v.string(), unit: v.string(), value: v.number() }))),
  /** Why there is no file: the fetch's error, or `empty: ...`. */
  error: v.optional(v.string()),
  /** Preflight advice for this profile (s5-advice), one sentence each. */
  advice: v.optional(v.array(v.string())),
});

export type BundleEntry = v.InferOutput<typeof BundleEntrySchema>;
export type BundleProfileName = (typeof BUNDLE_PROFILES)[number];

const CaptureRecordSchema = v.object({
  /** Layout version of this sidecar. */
  version: v.literal(1),
  /** The profile's path relative to the data root (`profilers/go/pprof/.../ns.name.Heap.prof`). */
  file: v.string(),
  /** The source as requested (trailing slashes trimmed): what "the same target" means for diffs. */
  source: v.string(),
  /** The URL actually fetched, with `/debug/pprof/<name>` and `?seconds=`. */
  url: v.string(),
  /** Canonical type name (`Heap`, `Profile`, ...). */
  type: v.string(),
  requestedAt: IsoDate,
  capturedAt: IsoDate,
  /** Size of the stored file. */
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** CPU profile length asked for (`Profile` only). */
  cpuSeconds: v.optional(v.pipe(v.number(), v.integer())),
  /** A delta capture's window (Heap, Allocs, Block, Mutex with `seconds`; issue 10). */
  deltaSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** How the delta was taken: Go's `?seconds=` endpoint, or two snapshots subtracted here. */
  deltaMethod: v.optional(v.picklist(['go', 'subtracted'])),
  /** A bundle (`Bundle`): each profile's file and totals, or its reason (`file` is then this sidecar). */
  bundle: v.optional(v.array(BundleEntrySchema)),
  /** Goroutine captures and bundles: the `debug=2` text beside, relative to the data root. */
  goroutineDump: v.optional(v.string()),
  /** Goroutine captures and bundles without that text: why (the fetch's error, as ours phrase it). */
  goroutineDumpError: v.optional(v.string()),
  sampleTypes: v.array(v.object({ type: v.string(), unit: v.string() })),
  sampleCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  pod: v.optional(
    v.object({
      namespace: v.string(),
      name: v.string(),
      container: v.string(),
      node: v.optional(v.string()),
      /** Captured by pod reference (SPEC §6): the pod port the API server proxied to, its name, the scheme. */
      port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
      portName: v.optional(v.string()),
      scheme: v.optional(v.picklist(['http', 'https'])),
    }),
  ),
  diagnosis: v.object({ namespace: v.string(), name: v.string(), uid: v.optional(v.string()) }),
  /** Preflight advice on the profile (query/advice/), one sentence each; absent when there is none. */
  advice: v.optional(v.array(v.string())),
  /** The offline report beside the profile (`<stem>.report.html`), relative to the data root; set once written. */
  report: v.optional(v.string()),
});

export type CaptureRecord = v.InferOutput<typeof CaptureRecordSchema>;

/** Parses a sidecar's JSON text; throws a valibot ValiError (the caller names the file). */
export function parseCaptureRecord(json: string): CaptureRecord {
  return v.parse(CaptureRecordSchema, JSON.parse(json));
}

/** Describes a valibot failure in one line: `bytes: Invalid type: Expected number but received "x"`. */
export function describeRecordError(error: unknown): string {
  if (v.isValiError(error)) {
    const issue = error.issues[0];
    const key = issue === undefined ? '' : v.getDotPath(issue);
    return `${key === null || key === '' ? '' : `${key}: `}${error.message}`;
  }
  return (error as Error).message;
}
