// `go-profiler view FILE` for one file, placed by its size. A large one is decoded in a query pool
// worker, as the processor decodes a capture, while this thread loads the viewer; the worker then
// builds the first flame graph at once (flame-graph-prebuild.ts). A small one is decoded here (a
// worker's start-up would cost more than its decoding) and its first flame graph built before the
// viewer listens. Either way no query holds up the page's HTML once "Serving web UI" is printed.

import path from 'node:path';
import type { GoroutineDumpReader } from '../web/goroutine-dump-reader.js';
import type { DecodedProfileSummary } from '../web/query-pool-messages.js';
import type { SourceFiles } from '../web/source-files.js';
import type { ViewerCapture, ViewerServer } from '../web/viewer-server.js';
import { decodeProfileFile, ProfileFileError, readProfileBytes } from './load-profiles.js';
import { SLOW_CLIENT_TIMEOUT_MS } from '../processor/processor-limits.js';

/**
 * Files from this size on go to the pool: gzipped profiles decode to ~6 times their size, and
 * viewer-server.ts's QUERY_WORKER_MIN_BYTES (32 MiB decoded) is where queries start to take seconds.
 */
export const POOLED_VIEW_MIN_FILE_BYTES = Math.round((32 * 1024 * 1024) / 6);

export interface SingleFileServing {
  readonly host: string;
  readonly port: number;
  readonly settingsFile: string;
  readonly sources: SourceFiles | undefined;
}

/** The profile's kind as the viewer names it (view-command.ts's profileKindOf). */
export type ProfileKindOf = (profile: Pick<DecodedProfileSummary, 'sampleTypes' | 'defaultSampleType'>) => string;

/** What a single file's viewer may be given beyond the file. */
export interface SingleFileExtras {
  /** A goroutine dump beside the file (or the file itself): the session's Goroutines view. */
  readonly goroutineDump?: string;
  /** The profile's bytes when they were made, not read (a dump's goroutine profile): the file is not read. */
  readonly rawBytes?: Uint8Array;
  /** Who parses the session's dumps (default: the process's dump workers). */
  readonly goroutineDumpReader?: GoroutineDumpReader;
}

/** Starts the viewer of one profile file; fails (ProfileFileError, naming it) before listening when it does not decode. */
export async function startSingleFileView(
  file: string,
  serving: SingleFileServing,
  kindOf: ProfileKindOf,
  extras: SingleFileExtras = {},
): Promise<ViewerServer> {
  const { goroutineDump, goroutineDumpReader } = extras;
  const rawBytes = extras.rawBytes ?? (await readProfileBytes(file));
  const capture =
    rawBytes.length < POOLED_VIEW_MIN_FILE_BYTES
      ? decodedCapture(file, rawBytes, kindOf)
      : await pooledCapture(file, rawBytes, kindOf, serving.sources);
  const { startViewerServer } = await import('../web/viewer-server.js');
  return startViewerServer({
    // A goroutine dump beside the file gives the session its Goroutines view.
    capture: goroutineDump === undefined ? capture : { ...capture, goroutineDump },
    host: serving.host,
    port: serving.port,
    settingsFile: serving.settingsFile,
    sources: serving.sources,
    slowClientTimeoutMs: SLOW_CLIENT_TIMEOUT_MS,
    ...(goroutineDumpReader === undefined ? {} : { goroutineDumpReader }),
  });
}

function factsOf(file: string, type: string) {
  return { file: path.basename(file), type, source: path.resolve(file), capturedAt: new Date() };
}

function decodedCapture(file: string, rawBytes: Uint8Array, kindOf: ProfileKindOf): ViewerCapture {
  const profile = decodeProfileFile(file, rawBytes);
  return { ...factsOf(file, kindOf(profile)), profile, rawBytes };
}

async function pooledCapture(
  file: string,
  rawBytes: Uint8Array,
  kindOf: ProfileKindOf,
  sources: SourceFiles | undefined,
): Promise<ViewerCapture> {
  const { sharedQueryPool } = await import('../web/query-pool.js');
  const opening = sharedQueryPool().open(rawBytes);
  // The viewer's modules load while the worker decodes.
  const loading = import('../web/viewer-server.js');
  opening.catch(() => undefined); // awaited below; not an unhandled rejection while the import runs
  await loading;
  let opened: Awaited<typeof opening>;
  try {
    opened = await opening;
  } catch (error) {
    throw new ProfileFileError(file, (error as Error).message, { cause: error });
  }
  const facts = factsOf(file, kindOf(opened.summary));
  return { ...facts, service: opened.serve(facts, sources === undefined ? {} : { sources }), rawBytes };
}
