// The stored captures as listCaptures lists them, read again only when a folder under the data root
// changed: the Diff menu (`/api/bases`) and the Goroutines view (`/api/goroutines`) ask on every
// request, and with a thousand captures each request read a thousand sidecars. The store writes a
// sidecar by renaming it into its folder and deletes by unlinking, so every change to the list
// changes the modification time of a folder the listing read; a `stat` of each folder says whether
// the list still holds.

import { stat } from 'node:fs/promises';
import type { CaptureRecord } from './capture-record.js';
import type { CaptureStoreError } from './capture-store-error.js';
import { listCapturesWithFolders } from './capture-store.js';

/**
 * A folder changed this recently may change again within the same tick of the file system's clock
 * (a few ms on ext4, 2 s on FAT, ~1 s on some network file systems) without its time moving: such a
 * listing is not kept (git's "racy" index entries have the same cure).
 */
export const SETTLED_FOLDER_MS = 2_000;

interface KeptListing {
  /** Each folder read and its modification time in ns (-1n: it did not exist). */
  readonly folders: ReadonlyMap<string, bigint>;
  readonly records: readonly CaptureRecord[];
  readonly problems: readonly CaptureStoreError[];
}

export interface CaptureListingOptions {
  /** The clock a folder's time is compared with (SETTLED_FOLDER_MS); default Date.now. */
  readonly now?: () => number;
}

export class CaptureListing {
  private kept: KeptListing | undefined;
  private readonly now: () => number;

  constructor(
    private readonly dataRoot: string,
    options: CaptureListingOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** listCaptures' records (a new array each time; the records are shared: do not change them). */
  async list(onProblem?: (error: CaptureStoreError) => void): Promise<CaptureRecord[]> {
    let listing = this.kept;
    if (listing === undefined || !(await unchanged(listing.folders))) {
      this.kept = undefined;
      listing = await this.read();
    }
    for (const problem of listing.problems) onProblem?.(problem);
    return [...listing.records];
  }

  private async read(): Promise<KeptListing> {
    const started = this.now();
    const problems: CaptureStoreError[] = [];
    const { records, folders: read } = await listCapturesWithFolders(this.dataRoot, {
      onProblem: (problem) => problems.push(problem),
    });
    // The folders' times are taken after reading them: a change meanwhile leaves a time after
    // `started`, and such a listing is not kept.
    const times = await Promise.all(read.map(async (folder) => [folder, await modifiedNs(folder)] as const));
    const settledBefore = BigInt(Math.floor(started - SETTLED_FOLDER_MS)) * 1_000_000n;
    const folders = new Map<string, bigint>();
    let settled = true;
    for (const [folder, modified] of times) {
      if (modified === undefined || modified >= settledBefore) settled = false;
      else folders.set(folder, modified);
    }
    const listing = { folders, records, problems };
    if (settled) this.kept = listing;
    return listing;
  }
}

async function unchanged(folders: ReadonlyMap<string, bigint>): Promise<boolean> {
  const now = await Promise.all(
    [...folders].map(async ([folder, modified]) => (await modifiedNs(folder)) === modified),
  );
  return now.every(Boolean);
}

/** The folder's modification time in ns, -1n when it does not exist; undefined when it cannot be told. */
async function modifiedNs(folder: string): Promise<bigint | undefined> {
  try {
    return (await stat(folder, { bigint: true })).mtimeNs;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ENOENT' ? -1n : undefined;
  }
}

const listings = new Map<string, CaptureListing>();

/** The process's listing of `dataRoot`, shared by every viewer session of it. */
export function captureListingOf(dataRoot: string): CaptureListing {
  let listing = listings.get(dataRoot);
  if (listing === undefined) listings.set(dataRoot, (listing = new CaptureListing(dataRoot)));
  return listing;
}
