// The other stored captures of the same target in a capture's namespace (SPEC §5: a viewer never
// shows another namespace's captures), read from the data root's sidecars: what the Diff menu and
// the Goroutines view's "Compare with" offer. A URL may name one of them, never any other path.

import { captureListingOf, type CaptureRecord } from '../store/index.js';
import { captureNamespace } from './capture-namespace.js';

/**
 * The captures of `source` stored in the namespace of `file` (relative to the data root), its own
 * sidecar left out, oldest first; `namespace` is undefined, and there are none, when its own
 * sidecar is not found. `file` may be one profile of a bundle: its sidecar is the bundle's. A
 * sidecar that cannot be read is skipped: it names no capture a user could pick.
 */
export async function siblingCaptures(
  dataRoot: string,
  capture: { readonly file: string; readonly source: string },
): Promise<{ namespace?: string; records: CaptureRecord[] }> {
  // Listed again only when a folder of the data root changed (store/capture-listing.ts).
  const records = await captureListingOf(dataRoot).list();
  const own = records.find(
    (record) => record.file === capture.file || record.bundle?.some((entry) => entry.file === capture.file) === true,
  );
  if (own === undefined) return { records: [] };
  const namespace = captureNamespace(own);
  return {
    namespace,
    records: records.filter(
      (record) => record !== own && record.source === capture.source && captureNamespace(record) === namespace,
    ),
  };
}

/**
 * Each kept profile of a bundle as a capture of its own (its file, type and sample count; the
 * bundle's source, times, pod and diagnosis); any other record as it is. What a diff base is
 * picked among: a bundle's heap profile is a Heap capture of its target.
 */
export function profileCapturesOf(records: readonly CaptureRecord[]): CaptureRecord[] {
  return records.flatMap((record) => {
    if (record.bundle === undefined) return [record];
    return record.bundle.flatMap((entry) => {
      if (entry.file === undefined) return [];
      const { bundle: _bundle, goroutineDump: _dump, goroutineDumpError: _error, ...facts } = record;
      return [{ ...facts, file: entry.file, type: entry.type, sampleCount: entry.sampleCount ?? 0 }];
    });
  });
}
