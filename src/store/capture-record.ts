// The sidecar `.json` written beside each stored profile: what was captured, from where, when,
// for which pod and diagnosis. Parsed with a schema, since sidecars are read back from disk.

import * as v from 'valibot';

const IsoDate = v.pipe(v.string(), v.isoTimestamp());

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
