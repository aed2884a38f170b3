// The other stored captures of the same target in a capture's namespace (SPEC §5: a viewer never
// shows another namespace's captures), read from the data root's sidecars: what the Diff menu and
// the Goroutines view's "Compare with" offer. A URL may name one of them, never any other path.

import { captureListingOf, type CaptureRecord } from '../store/index.js';
import { captureNamespace } from './capture-namespace.js';

/**
 * The captures of `source` stored in the namespace of `file` (relative to the data root), itself
 * left out, oldest first; `namespace` is undefined, and there are none, when its own sidecar is not
 * found. A sidecar that cannot be read is skipped: it names no capture a user could pick.
 */
export async function siblingCaptures(
  dataRoot: string,
  capture: { readonly file: string; readonly source: string },
): Promise<{ namespace?: string; records: CaptureRecord[] }> {
  // Listed again only when a folder of the data root changed (store/capture-listing.ts).
  const records = await captureListingOf(dataRoot).list();
  const own = records.find((record) => record.file === capture.file);
  if (own === undefined) return { records: [] };
  const namespace = captureNamespace(own);
  return {
    namespace,
    records: records.filter(
      (record) =>
        record.file !== capture.file && record.source === capture.source && captureNamespace(record) === namespace,
    ),
  };
}
