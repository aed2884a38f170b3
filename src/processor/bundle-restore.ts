// Brings a bundle session back after a restart (SPEC §6, issue 10): its sidecar lists each kept
// profile's file; each is read and decoded in the query pool, and the session is served again
// with its profile switcher, as captureBundle opened it.

import { entryDumpFacts, entryViewFacts } from './bundle-result.js';
import type { DecodeOptions } from '../pprof/index.js';
import type { SessionReservation } from '../session/index.js';
import { CaptureStoreError, readCaptureBytes, type CaptureRecord } from '../store/index.js';
import { captureNamespace } from '../web/capture-namespace.js';
import type { OpenedProfile, QueryPool } from '../web/query-pool.js';
import type { BundleProfileCapture, ViewerCapture } from '../web/viewer-server.js';

/** The restored bundle's capture (its first profile, with every profile) and what frees it on failure. */
export interface RestoredBundle {
  readonly capture: ViewerCapture;
  close(): Promise<void>;
}

/** Reads and decodes every kept profile of `sidecar`'s bundle, claiming their bytes in `reservation`. */
export async function restoreBundleCapture(
  sidecar: CaptureRecord,
  deps: { readonly dataRoot: string; readonly queryPool: QueryPool },
  decodeOptions: Required<DecodeOptions>,
  reservation: SessionReservation,
): Promise<RestoredBundle> {
  const entries = (sidecar.bundle ?? []).filter((entry) => entry.file !== undefined);
  const opened: OpenedProfile[] = [];
  const close = async () => void (await Promise.all(opened.map((profile) => profile.close())));
  try {
    const profiles: BundleProfileCapture[] = [];
    for (const entry of entries) {
      const rawBytes = await readCaptureBytes(deps.dataRoot, entry.file!);
      const profile = await deps.queryPool.open(rawBytes, decodeOptions);
      opened.push(profile);
      const facts = {
        file: entry.file!,
        type: entry.type,
        source: sidecar.source,
        capturedAt: new Date(sidecar.capturedAt),
        dataRoot: deps.dataRoot,
        namespace: captureNamespace(sidecar),
        decodeOptions,
        ...entryViewFacts(entry),
        ...entryDumpFacts(sidecar, entry),
      };
      profiles.push({ name: entry.profile, capture: { ...facts, service: profile.serve(facts), rawBytes } });
    }
    if (profiles.length === 0)
      throw new CaptureStoreError('restore bundle', sidecar.file, 'its sidecar lists no kept profile');
    reservation.claimBytes(opened.reduce((sum, profile) => sum + profile.summary.decodedBytes, 0));
    return { capture: { ...profiles[0]!.capture, profiles }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
