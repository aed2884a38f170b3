// Serves the sessions of a previous run again (SPEC §6): their records are read and judged before
// the API listens (quick: small files), each kept one takes its session place at once, and the
// slow part (reading, decoding, listening) runs in the background, so /healthz, /readyz and the
// first POST never wait for it. A restored session ends at its original expiry, asks for its old
// port first, and keeps its token and decode caps; its namespace is its capture sidecar's.

import type { FastifyBaseLogger } from 'fastify';
import type { Clock, SessionManager, SessionReservation } from '../session/index.js';
import {
  readCaptureBytes,
  readCaptureRecord,
  type CaptureRecord,
  type SessionRecord,
  type StoredSessionRecord,
} from '../store/index.js';
import { restoreBundleCapture } from './bundle-restore.js';
import { captureNamespace } from '../web/capture-namespace.js';
import type { QueryPool } from '../web/query-pool.js';
import type { ViewerCapture } from '../web/viewer-server.js';
import type { StartViewer } from './capture-profile.js';
import { DECOMPRESSED_PROFILE_FACTOR, MAX_EXPIRATION_SECONDS, type TrustSettings } from './processor-limits.js';
import type { SessionJournal } from './session-journal.js';
import { captureWindowOf } from './delta-window.js';

/** Sessions decoded and started at once: the query pool has at most 4 workers. */
const RESTORE_CONCURRENCY = 4;

export interface RestoreDependencies {
  readonly dataRoot: string;
  readonly advertiseAddress: string;
  readonly sessions: SessionManager;
  readonly journal: SessionJournal;
  readonly clock: Clock;
  readonly queryPool: QueryPool;
  readonly startViewer: StartViewer;
  readonly trust: Pick<TrustSettings, 'viewerAuth' | 'maxProfileBytes' | 'maxStackDepth'>;
  readonly logger?: FastifyBaseLogger;
}

export interface RestoreOutcome {
  readonly restored: number;
  /** Records deleted: expired, broken, beyond a bound, or failed to serve. */
  readonly dropped: number;
}

export interface PendingRestore {
  /** The old ports of the sessions being restored: new viewers leave them free meanwhile. */
  readonly pendingPorts: ReadonlySet<number>;
  /** The captures of the sessions being restored: no sweep deletes them meanwhile. */
  readonly pendingFiles: ReadonlySet<string>;
  /** Resolves when every kept record is served or dropped; never rejects. */
  readonly done: Promise<RestoreOutcome>;
  /** The process is shutting down: a session that fails from now on keeps its record. */
  stop(): void;
}

interface KeptRecord {
  readonly name: string;
  readonly record: SessionRecord;
  readonly reservation: SessionReservation;
}

/**
 * Judges every record now, takes the places of those kept (the most recently opened first: see
 * docs/decisions.md) and serves them in the background.
 */
export async function restoreSessions(deps: RestoreDependencies): Promise<PendingRestore> {
  const drop = dropper(deps);
  let stored: StoredSessionRecord[];
  try {
    stored = await deps.journal.records.readAll();
  } catch (error) {
    deps.logger?.error({ err: error }, 'session records not read: no session restored');
    const done = Promise.resolve({ restored: 0, dropped: 0 });
    return { pendingPorts: new Set(), pendingFiles: new Set(), done, stop: () => undefined };
  }
  const usable: { name: string; record: SessionRecord }[] = [];
  for (const entry of stored) {
    const problem = 'problem' in entry ? entry.problem : unusableBecause(entry.record, deps);
    if (problem === undefined && 'record' in entry) usable.push(entry);
    else await drop(entry.name, 'record' in entry ? entry.record.file : undefined, problem ?? '');
  }
  usable.sort((a, b) => b.record.openedAt.localeCompare(a.record.openedAt) || a.name.localeCompare(b.name));
  const kept: KeptRecord[] = [];
  for (const { name, record } of usable) {
    try {
      kept.push({ name, record, reservation: deps.sessions.reserve() });
    } catch (error) {
      await drop(name, record.file, (error as Error).message);
    }
  }
  const pending = new Pending(kept);
  let stopping = false;
  const dropUnlessStopping: Drop = (name, file, reason) => {
    if (!stopping) return drop(name, file, reason);
    deps.logger?.info({ record: name, file, reason }, 'session not restored: shutting down; its record is kept');
    return Promise.resolve();
  };
  const dropped = stored.length - kept.length;
  const done = serveAll(kept, deps, dropUnlessStopping, pending).then((restored) => {
    const outcome = { restored, dropped: dropped + kept.length - restored };
    if (stored.length > 0) deps.logger?.info(outcome, 'sessions restored');
    return outcome;
  });
  return { pendingPorts: pending.ports, pendingFiles: pending.files, done, stop: () => void (stopping = true) };
}

/** Why a well-formed record cannot be served by this run, or undefined. */
function unusableBecause(record: SessionRecord, deps: RestoreDependencies): string | undefined {
  const leftMs = Date.parse(record.expiresAt) - deps.clock.now();
  if (leftMs <= 0) return `expired at ${record.expiresAt}`;
  if (leftMs > MAX_EXPIRATION_SECONDS * 1000) return `its expiry ${record.expiresAt} is beyond the longest expiration`;
  if (record.token === undefined && deps.trust.viewerAuth === 'token') {
    return 'its viewer had no token and --viewer-auth token asks for one';
  }
  const { maxDecompressedBytes, maxStackDepth } = record.decode;
  if (
    maxDecompressedBytes > deps.trust.maxProfileBytes * DECOMPRESSED_PROFILE_FACTOR ||
    maxStackDepth > deps.trust.maxStackDepth
  ) {
    return 'its decode caps exceed --max-profile-bytes or --max-stack-depth of this run';
  }
  return undefined;
}

/** The ports and captures of the records not yet served or dropped (a port or file may be named twice). */
class Pending {
  readonly ports = new Set<number>();
  readonly files = new Set<string>();
  readonly #left: KeptRecord[];

  constructor(kept: readonly KeptRecord[]) {
    this.#left = [...kept];
    this.#refresh();
  }

  finished(item: KeptRecord): void {
    this.#left.splice(this.#left.indexOf(item), 1);
    this.#refresh();
  }

  #refresh(): void {
    this.ports.clear();
    this.files.clear();
    for (const { record } of this.#left) {
      this.ports.add(record.port);
      this.files.add(record.file);
    }
  }
}

async function serveAll(
  kept: readonly KeptRecord[],
  deps: RestoreDependencies,
  drop: Drop,
  pending: Pending,
): Promise<number> {
  let next = 0;
  let restored = 0;
  const work = async () => {
    for (let item = kept[next++]; item !== undefined; item = kept[next++]) {
      try {
        await serveOne(item, deps);
        restored++;
      } catch (error) {
        item.reservation.release();
        await drop(item.name, item.record.file, (error as Error).message);
      }
      pending.finished(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(RESTORE_CONCURRENCY, kept.length) }, work));
  return restored;
}

/** Reads, decodes and serves one session in its place; throws what stopped it. */
async function serveOne({ name, record, reservation }: KeptRecord, deps: RestoreDependencies): Promise<void> {
  const sidecar = await readCaptureRecord(deps.dataRoot, record.file);
  if (sidecar.bundle !== undefined) return serveBundle({ name, record, reservation }, sidecar, deps);
  const rawBytes = await readCaptureBytes(deps.dataRoot, record.file);
  // As when it was captured: profile.proto only (SPEC §2), never a legacy text format.
  const decodeOptions = { ...record.decode, legacyFormats: false };
  const opened = await deps.queryPool.open(rawBytes, decodeOptions);
  try {
    reservation.claimBytes(opened.summary.decodedBytes);
  } catch (error) {
    await opened.close();
    throw error;
  }
  const window = captureWindowOf(sidecar);
  const facts = {
    file: record.file,
    type: sidecar.type,
    ...(window === undefined ? {} : { window }),
    source: sidecar.source,
    capturedAt: new Date(sidecar.capturedAt),
    dataRoot: deps.dataRoot,
    namespace: captureNamespace(sidecar),
    decodeOptions,
    ...(sidecar.advice === undefined ? {} : { advice: sidecar.advice }),
    ...(sidecar.goroutineDumpError === undefined ? {} : { goroutineDumpError: sidecar.goroutineDumpError }),
  };
  const capture: ViewerCapture = {
    ...facts,
    service: opened.serve(facts, { budget: reservation }),
    rawBytes,
    expiresAt: new Date(record.expiresAt),
  };
  const start = () => deps.startViewer(capture, deps.advertiseAddress, record.token, record.port);
  const session = await reservation.openUntil(start, Date.parse(record.expiresAt), record.file).catch(async (error) => {
    await opened.close();
    throw error;
  });
  await deps.journal.adopt(name, session, record);
  const logged = { file: record.file, port: session.port, expiresAt: record.expiresAt };
  if (session.port === record.port) deps.logger?.info(logged, 'session restored');
  else deps.logger?.warn({ ...logged, oldPort: record.port }, 'session restored on a new port: its old port is taken');
}

/** A bundle's session: every kept profile decoded again, served with its switcher (bundle-restore.ts). */
async function serveBundle(
  { name, record, reservation }: KeptRecord,
  sidecar: CaptureRecord,
  deps: RestoreDependencies,
): Promise<void> {
  const decodeOptions = { ...record.decode, legacyFormats: false };
  const restored = await restoreBundleCapture(sidecar, deps, decodeOptions, reservation);
  const capture: ViewerCapture = { ...restored.capture, expiresAt: new Date(record.expiresAt) };
  const start = () => deps.startViewer(capture, deps.advertiseAddress, record.token, record.port);
  const session = await reservation.openUntil(start, Date.parse(record.expiresAt), record.file).catch(async (error) => {
    await restored.close();
    throw error;
  });
  await deps.journal.adopt(name, session, record);
  deps.logger?.info({ file: record.file, port: session.port, expiresAt: record.expiresAt }, 'bundle session restored');
}

type Drop = (name: string, file: string | undefined, reason: string) => Promise<void>;

/** Deletes a record that will not be served, logging why (never the capture it names). */
function dropper(deps: RestoreDependencies): Drop {
  return async (name, file, reason) => {
    deps.logger?.warn({ record: name, ...(file === undefined ? {} : { file }), reason }, 'session record dropped');
    try {
      await deps.journal.records.remove(name);
    } catch (error) {
      deps.logger?.error({ err: error, record: name }, 'session record not deleted');
    }
  };
}
