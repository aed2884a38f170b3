// Keeps a record of each live viewer session under the data root (store's SessionRecords) from the
// moment it opens until it expires, so a restarted processor serves it again (SPEC §6). A shutdown
// keeps the records: SIGTERM and SIGKILL alike leave every unexpired session to the next start.

import type { FastifyBaseLogger } from 'fastify';
import type { DecodeOptions } from '../pprof/index.js';
import type { SessionInfo } from '../session/index.js';
import { SessionRecords, type SessionRecord } from '../store/index.js';

/** What a record keeps of a session beyond its SessionInfo. */
export interface JournaledViewer {
  /** `--viewer-auth token`'s token, if the viewer asks for one. */
  readonly token: string | undefined;
  readonly decodeOptions: Required<DecodeOptions>;
}

export class SessionJournal {
  readonly records: SessionRecords;
  readonly #logger: FastifyBaseLogger | undefined;
  /** Session id → its record's name. */
  readonly #names = new Map<number, string>();

  constructor(dataRoot: string, logger?: FastifyBaseLogger) {
    this.records = new SessionRecords(dataRoot);
    this.#logger = logger;
  }

  /**
   * Records a session just opened, before its address is answered. A record that cannot be
   * written costs only the session's survival of a restart: logged, not thrown.
   */
  async recordOpened(session: SessionInfo, viewer: JournaledViewer): Promise<void> {
    try {
      this.#names.set(session.id, await this.records.create(recordOf(session, viewer)));
    } catch (error) {
      this.#logger?.warn({ err: error, file: session.label, port: session.port }, 'session record not written');
    }
  }

  /** Adopts the record `name` for a restored session, rewriting it when the session's port changed. */
  async adopt(name: string, session: SessionInfo, record: SessionRecord): Promise<void> {
    this.#names.set(session.id, name);
    if (record.port === session.port) return;
    try {
      await this.records.replace(name, { ...record, port: session.port });
    } catch (error) {
      this.#logger?.warn({ err: error, file: session.label, port: session.port }, 'session record not rewritten');
    }
  }

  /** The session manager's onClosed: an expired session's record goes, a shut-down one's stays. */
  closed(session: SessionInfo, reason: 'expired' | 'shutdown'): void {
    const name = this.#names.get(session.id);
    this.#names.delete(session.id);
    if (name === undefined || reason !== 'expired') return;
    this.records.remove(name).catch((error: unknown) => {
      this.#logger?.warn({ err: error, file: session.label }, 'expired session record not deleted');
    });
  }
}

function recordOf(session: SessionInfo, viewer: JournaledViewer): SessionRecord {
  return {
    version: 1,
    file: session.label,
    port: session.port,
    openedAt: new Date(session.openedAtMs).toISOString(),
    expiresAt: new Date(session.expiresAtMs).toISOString(),
    ...(viewer.token === undefined ? {} : { token: viewer.token }),
    // The caps only: the record's schema is strict, and a capture is always profile.proto.
    decode: {
      maxDecompressedBytes: viewer.decodeOptions.maxDecompressedBytes,
      maxStackDepth: viewer.decodeOptions.maxStackDepth,
    },
  };
}
