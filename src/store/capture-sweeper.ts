// Deletes captures: leftovers of an interrupted write at start (sweepLeftovers), and captures past
// the retention or beyond the data cap (sweep, oldest first). Only files inside the data root's
// captures folder are ever touched (the settings file lives beside it, in `go-profiler/`); never a
// live session's capture; every deletion is reported with its reason.

import { readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { readCaptureFolders, type CaptureFolder } from './capture-folders.js';
import { resolveCaptureFile } from './capture-path.js';
import { REPORT_SUFFIX } from './capture-report.js';
import { describeRecordError, parseCaptureRecord } from './capture-record.js';
import { CaptureStoreError } from './capture-store-error.js';
import { TEMPORARY_SUFFIX } from './capture-store.js';
import { fsReason } from './fs-reason.js';

/**
 * A capture younger than this is never deleted: it may have been stored but not yet handed to its
 * viewer session (the after-capture sweep runs once the session is live).
 */
export const FRESH_CAPTURE_MS = 60_000;

export type DeletionReason =
  | 'temporary file'
  | 'empty profile'
  | 'empty sidecar'
  | 'profile without its sidecar'
  | 'sidecar without its profile'
  | 'retention'
  | 'max-data-bytes';

export interface CaptureDeletion {
  /** Relative to the data root: the capture's `.prof` (its sidecar went with it), or a leftover. */
  readonly file: string;
  readonly reason: DeletionReason;
  /** Bytes freed (a capture: profile plus sidecar). */
  readonly bytes: number;
  /** How old the capture was (retention and max-data-bytes only). */
  readonly ageSeconds?: number;
}

export interface CaptureSweeperOptions {
  readonly dataRoot: string;
  /** Captures older than this are deleted; 0 keeps all (`--retention`). */
  readonly retentionMs: number;
  /** Beyond this many bytes of captures, the oldest are deleted; 0 = no cap (`--max-data-bytes`). */
  readonly maxDataBytes: number;
  /** Wall time in milliseconds since the epoch (the processor's Clock). */
  readonly now: () => number;
  /** True for a capture (its `.prof`, relative to the data root) that a live session serves. */
  readonly isLive: (file: string) => boolean;
  readonly onDeleted?: (deletion: CaptureDeletion) => void;
  /** Told about what could not be read or deleted; the sweep goes on with the rest. */
  readonly onProblem?: (error: CaptureStoreError) => void;
}

export interface SweepOutcome {
  readonly deletions: readonly CaptureDeletion[];
  /** The complete captures left, and their bytes (profiles and sidecars). */
  readonly keptCaptures: number;
  readonly keptBytes: number;
}

interface StoredCapture {
  readonly file: string;
  readonly folder: CaptureFolder;
  readonly stem: string;
  readonly bytes: number;
  readonly capturedAtMs: number;
}

/** Sweeps run one at a time; a sweep asked for while one runs is run once after it. */
export class CaptureSweeper {
  readonly #options: CaptureSweeperOptions;
  #tail: Promise<unknown> = Promise.resolve();
  #pendingSweep: Promise<SweepOutcome> | undefined;

  constructor(options: CaptureSweeperOptions) {
    this.#options = options;
  }

  /**
   * Deletes what an interrupted write left: temporary files, a profile without its sidecar (or the
   * reverse), empty files, then emptied folders. Only at start: while captures run, a profile
   * without its sidecar is one being written.
   */
  sweepLeftovers(): Promise<CaptureDeletion[]> {
    return this.#enqueue(async () => {
      const deletions: CaptureDeletion[] = [];
      const folders = await this.#readFolders();
      for (const folder of folders) {
        for (const [name, reason] of findLeftovers(folder)) {
          const bytes = folder.files.get(name) ?? 0;
          if (await this.#remove(folder, [name]))
            this.#deleted(deletions, { file: `${folder.dir}/${name}`, reason, bytes });
        }
      }
      await this.#removeEmptyFolders(folders);
      return deletions;
    });
  }

  /** Applies the retention, then the data cap (oldest first); never rejects. */
  sweep(): Promise<SweepOutcome> {
    this.#pendingSweep ??= this.#enqueue(() => {
      this.#pendingSweep = undefined;
      return this.#sweepOnce();
    });
    return this.#pendingSweep;
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(task);
    // The next run waits for this one however it ends; a failure is told to this run's caller.
    const settled = () => undefined;
    this.#tail = run.then(settled, settled);
    return run;
  }

  async #sweepOnce(): Promise<SweepOutcome> {
    const { retentionMs, maxDataBytes, now, isLive } = this.#options;
    const deletions: CaptureDeletion[] = [];
    const folders = await this.#readFolders();
    const captures = await this.#readCaptures(folders);
    const nowMs = now();
    const deletable = (capture: StoredCapture) =>
      nowMs - capture.capturedAtMs >= FRESH_CAPTURE_MS && !isLive(capture.file);
    const kept: StoredCapture[] = [];
    for (const capture of captures) {
      const expired = retentionMs > 0 && nowMs - capture.capturedAtMs > retentionMs;
      if (expired && deletable(capture) && (await this.#removeCapture(capture, 'retention', nowMs, deletions)))
        continue;
      kept.push(capture);
    }
    let keptBytes = kept.reduce((sum, capture) => sum + capture.bytes, 0);
    let keptCaptures = kept.length;
    if (maxDataBytes > 0) {
      kept.sort((a, b) => a.capturedAtMs - b.capturedAtMs || a.file.localeCompare(b.file));
      for (const capture of kept) {
        if (keptBytes <= maxDataBytes) break;
        if (deletable(capture) && (await this.#removeCapture(capture, 'max-data-bytes', nowMs, deletions))) {
          keptBytes -= capture.bytes;
          keptCaptures--;
        }
      }
    }
    if (deletions.length > 0) await this.#removeEmptyFolders(folders);
    return { deletions, keptCaptures, keptBytes };
  }

  async #readFolders(): Promise<CaptureFolder[]> {
    try {
      return await readCaptureFolders(this.#options.dataRoot);
    } catch (error) {
      this.#problem(error, 'sweep captures', 'profilers/go/pprof');
      return [];
    }
  }

  /** The complete captures (profile and sidecar), aged by the sidecar, else by the folder's name. */
  async #readCaptures(folders: readonly CaptureFolder[]): Promise<StoredCapture[]> {
    const captures: StoredCapture[] = [];
    for (const folder of folders) {
      for (const [name, size] of folder.files) {
        if (!name.endsWith('.prof')) continue;
        const stem = name.slice(0, -'.prof'.length);
        const sidecarBytes = folder.files.get(`${stem}.json`);
        // No sidecar: a capture being written, or a leftover for the next start's sweep.
        if (sidecarBytes === undefined) continue;
        const file = `${folder.dir}/${name}`;
        const capturedAtMs = await this.#capturedAt(folder, stem, file);
        if (capturedAtMs === undefined) continue;
        // The offline report beside it (when written) is the capture's too.
        const reportBytes = folder.files.get(`${stem}${REPORT_SUFFIX}`) ?? 0;
        captures.push({ file, folder, stem, bytes: size + sidecarBytes + reportBytes, capturedAtMs });
      }
    }
    return captures;
  }

  async #capturedAt(folder: CaptureFolder, stem: string, file: string): Promise<number | undefined> {
    let reason: string;
    try {
      return Date.parse(
        parseCaptureRecord(await readFile(path.join(folder.absolute, `${stem}.json`), 'utf8')).capturedAt,
      );
    } catch (error) {
      reason = describeRecordError(error);
    }
    const stamp = parseStamp(path.basename(folder.dir));
    if (stamp !== undefined) return stamp;
    this.#problem(
      undefined,
      'sweep capture',
      file,
      `its sidecar is unreadable (${reason}) and its folder is not a time`,
    );
    return undefined;
  }

  async #removeCapture(
    capture: StoredCapture,
    reason: DeletionReason,
    nowMs: number,
    deletions: CaptureDeletion[],
  ): Promise<boolean> {
    // The sidecar first: interrupted here, what is left is a profile without its sidecar, which
    // the next start sweeps, never a sidecar listing a missing profile.
    const files = [`${capture.stem}.json`, `${capture.stem}.prof`, `${capture.stem}${REPORT_SUFFIX}`];
    if (!(await this.#remove(capture.folder, files))) return false;
    const ageSeconds = Math.round((nowMs - capture.capturedAtMs) / 1000);
    this.#deleted(deletions, { file: capture.file, reason, bytes: capture.bytes, ageSeconds });
    return true;
  }

  /** Removes `names` of `folder` in order; false (and a problem reported) when one could not be. */
  async #remove(folder: CaptureFolder, names: readonly string[]): Promise<boolean> {
    for (const name of names) {
      const file = `${folder.dir}/${name}`;
      try {
        await rm(resolveCaptureFile(this.#options.dataRoot, file), { force: true });
      } catch (error) {
        this.#problem(error, 'delete capture file', file);
        return false;
      }
    }
    return true;
  }

  /** Removes folders below the captures folder that are now empty, deepest first. */
  async #removeEmptyFolders(folders: readonly CaptureFolder[]): Promise<void> {
    for (const folder of folders) {
      if (folder.depth === 0) continue;
      try {
        await rmdir(folder.absolute);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        // Not empty (a capture or a pod's stamp folders), or already gone: nothing to do.
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') continue;
        this.#problem(error, 'delete capture folder', folder.dir);
      }
    }
  }

  #deleted(deletions: CaptureDeletion[], deletion: CaptureDeletion): void {
    deletions.push(deletion);
    this.#options.onDeleted?.(deletion);
  }

  #problem(error: unknown, operation: string, file: string, reason?: string): void {
    const problem =
      error instanceof CaptureStoreError
        ? error
        : new CaptureStoreError(operation, file, reason ?? fsReason(error), { cause: error });
    this.#options.onProblem?.(problem);
  }
}

/** What of `folder` is left over from an interrupted write, with why. */
function findLeftovers(folder: CaptureFolder): [string, DeletionReason][] {
  const leftovers: [string, DeletionReason][] = [];
  const stems = new Set<string>();
  for (const name of folder.files.keys()) {
    if (name.endsWith(TEMPORARY_SUFFIX)) leftovers.push([name, 'temporary file']);
    else if (/\.(prof|json)$/.test(name)) stems.add(name.replace(/\.(prof|json)$/, ''));
  }
  for (const stem of stems) {
    const profile = `${stem}.prof`;
    const sidecar = `${stem}.json`;
    const profileBytes = folder.files.get(profile);
    const sidecarBytes = folder.files.get(sidecar);
    if (sidecarBytes === undefined) leftovers.push([profile, 'profile without its sidecar']);
    else if (profileBytes === undefined) leftovers.push([sidecar, 'sidecar without its profile']);
    else if (profileBytes === 0 || sidecarBytes === 0) {
      const reason = profileBytes === 0 ? 'empty profile' : 'empty sidecar';
      leftovers.push([sidecar, reason], [profile, reason]);
    }
  }
  return leftovers;
}

/** A capture folder's name (`YYYYMMDDhhmmss`, UTC) as epoch milliseconds; undefined for other names. */
function parseStamp(name: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(name);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(year, month - 1, day, hour, minute, second);
}
