// `go-profiler view FILE` for one file: decoded in a query pool worker, as the processor decodes a
// capture, while this thread loads the viewer; the worker then builds the first flame graph at once
// (flame-graph-prebuild.ts). This thread never decodes nor builds, so the page's HTML is never held
// up by a query, and the worker's start-up overlaps the viewer's.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFiles } from '../web/source-files.js';
import type { ViewerServer } from '../web/viewer-server.js';
import { ProfileFileError } from './load-profiles.js';
import { SLOW_CLIENT_TIMEOUT_MS } from '../processor/processor-limits.js';
import type { DecodedProfileSummary } from '../web/query-pool-messages.js';

export interface PooledFileServing {
  readonly host: string;
  readonly port: number;
  readonly settingsFile: string;
  readonly sources: SourceFiles | undefined;
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    const bytes = await readFile(file);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new ProfileFileError(file, reason, { cause: error });
  }
}

/** Starts the viewer of one profile file, decoded in the process's query pool; fails (ProfileFileError) before listening when it does not decode. */
export async function startPooledFileView(
  file: string,
  serving: PooledFileServing,
  /** The profile's kind as the viewer names it (view-command.ts's profileKindOf). */
  kindOf: (summary: DecodedProfileSummary) => string,
): Promise<ViewerServer> {
  const rawBytes = await readBytes(file);
  const { sharedQueryPool } = await import('../web/query-pool.js');
  const opening = sharedQueryPool().open(rawBytes);
  // Loaded while the worker decodes.
  const viewerServer = import('../web/viewer-server.js');
  opening.catch(() => undefined); // awaited below; not an unhandled rejection while the import runs
  const { startViewerServer } = await viewerServer;
  let opened: Awaited<typeof opening>;
  try {
    opened = await opening;
  } catch (error) {
    throw new ProfileFileError(file, (error as Error).message, { cause: error });
  }
  const facts = {
    file: path.basename(file),
    type: kindOf(opened.summary),
    source: path.resolve(file),
    capturedAt: new Date(),
  };
  const service = opened.serve(facts, serving.sources === undefined ? {} : { sources: serving.sources });
  return startViewerServer({
    capture: { ...facts, service, rawBytes },
    host: serving.host,
    port: serving.port,
    settingsFile: serving.settingsFile,
    slowClientTimeoutMs: SLOW_CLIENT_TIMEOUT_MS,
  });
}
