// Runs the captures of one `capture` command (one target, or a selector's pods) a few at a time,
// keeps the progress line, saves each profile as it was served, and keeps the others when one
// fails: the outcome lists both.

import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Profile } from '../pprof/index.js';
import type { ProfileType } from '../fetch/index.js';
import { defaultCaptureFile } from './capture-target.js';
import { CaptureSaveError } from './capture-errors.js';
import type { CaptureProgress } from './capture-progress.js';
import type { DeltaMethod } from '../processor/delta-profile.js';

/** A profile fetched and decoded (proved to be one), with the bytes exactly as served. */
export interface FetchedCapture {
  readonly bytes: Uint8Array;
  readonly profile: Profile;
  /** Preflight advice on it (query/advice/), one sentence each: printed on stderr, shown in Details. */
  readonly advice?: readonly string[];
  /** A delta capture: Go's delta endpoint, or two snapshots subtracted (the target refused it). */
  readonly deltaMethod?: DeltaMethod;
}

export interface CaptureJob {
  /** What is captured, as messages name it: `pod default/web-0`, `http://127.0.0.1:6060`. */
  readonly label: string;
  /** Its short name, unique among a selector's: the pod's name, `HOST_PORT` (the Replicas view's rows). */
  readonly name: string;
  /** The start of its default file name: `NS.NAME`, `HOST_PORT`. */
  readonly stem: string;
  fetch(onProgress: (bytesReceived: number) => void): Promise<FetchedCapture>;
}

/** Where profiles go: one named file (`-o FILE`, one target), or default names in a directory. */
export type CaptureOutput = { readonly file: string } | { readonly dir: string };

export interface SavedCapture extends FetchedCapture {
  readonly job: CaptureJob;
  readonly file: string;
}

export interface FailedCapture {
  readonly job: CaptureJob;
  readonly error: unknown;
}

export interface CaptureOutcome {
  /** In the jobs' order. */
  readonly saved: SavedCapture[];
  readonly failed: FailedCapture[];
}

export interface RunCapturesOptions {
  readonly type: ProfileType;
  readonly output: CaptureOutput;
  /** The captures' time (one for all, so a selector's files sort together): the TIMESTAMP of the names. */
  readonly at: Date;
  readonly progress: CaptureProgress;
  /** Captures in flight at once (SPEC §6: 4). */
  readonly concurrency: number;
  /** Called as each capture ends, in the order they end (the command prints them). */
  readonly onSaved?: (saved: SavedCapture) => void;
  readonly onFailed?: (failed: FailedCapture) => void;
}

export async function runCaptures(jobs: readonly CaptureJob[], options: RunCapturesOptions): Promise<CaptureOutcome> {
  const saved = new Map<CaptureJob, SavedCapture>();
  const failed = new Map<CaptureJob, FailedCapture>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      options.progress.started(job.label);
      try {
        const fetched = await job.fetch((bytes) => options.progress.received(job.label, bytes));
        const file = await saveCapture(fetched.bytes, job, options);
        options.progress.finished(job.label, true);
        const capture = { ...fetched, job, file };
        saved.set(job, capture);
        options.onSaved?.(capture);
      } catch (error) {
        options.progress.finished(job.label, false);
        failed.set(job, { job, error });
        options.onFailed?.({ job, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker));
  return {
    saved: jobs.flatMap((job) => saved.get(job) ?? []),
    failed: jobs.flatMap((job) => failed.get(job) ?? []),
  };
}

/**
 * Writes the bytes as served. `-o FILE` is replaced like curl's `-o`; a default name is never:
 * a second capture in the same second gets `-2` (the processor's rule).
 */
async function saveCapture(bytes: Uint8Array, job: CaptureJob, options: RunCapturesOptions): Promise<string> {
  try {
    return await writeCapture(bytes, job, options);
  } catch (error) {
    const file = 'file' in options.output ? options.output.file : options.output.dir;
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CaptureSaveError(shownPath(file), SAVE_REASONS[reason] ?? reason, { cause: error });
  }
}

const SAVE_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
};

async function writeCapture(bytes: Uint8Array, job: CaptureJob, options: RunCapturesOptions): Promise<string> {
  if ('file' in options.output) {
    const handle = await open(options.output.file, 'w');
    await handle.writeFile(bytes).finally(() => handle.close());
    return options.output.file;
  }
  for (let attempt = 1; ; attempt++) {
    const file = defaultCaptureFile(options.output.dir, job.stem, options.type, options.at, attempt);
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(bytes).finally(() => handle.close());
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The file's name as printed: relative to the working directory when under it. */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
