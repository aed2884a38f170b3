// Keeps the live viewer sessions: opens each on its own server, closes it at its expiry, and
// closes them all at shutdown. Nothing else in the process holds a viewer, so closing one frees it.
// It also bounds them: how many may be live (or opening) at once, and how many decoded-profile
// bytes they may hold together; a place is reserved before a capture's fetch, so concurrent
// captures cannot overshoot either bound. When the bytes do not fit, idle sessions' decoded profiles
// are dropped first (`makeRoom`), so that only profiles in use can make it refuse.

import { MAX_TIMER_MS, type Clock, type TimerHandle } from './clock.js';
import {
  SessionBudgetError,
  SessionExpirationError,
  SessionLimitError,
  SessionsClosedError,
} from './session-errors.js';

/** What a session serves: a started server, already listening on `port`. */
export interface SessionServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface SessionInfo {
  readonly id: number;
  readonly port: number;
  /** A caller's label for logs (e.g. the stored file). */
  readonly label: string;
  readonly openedAtMs: number;
  readonly expiresAtMs: number;
  /** The decoded profile's size the session holds, counted against `maxBytes`. */
  readonly bytes: number;
}

export interface SessionManagerOptions {
  readonly clock: Clock;
  /** Sessions live or being opened at once (`--max-sessions`); default: no bound. */
  readonly maxSessions?: number;
  /** Decoded-profile bytes the sessions may hold together; default: no bound. */
  readonly maxBytes?: number;
  /**
   * Drops one live session's decoded profile that is not in use (the least recently queried; it
   * calls its hold's `dropBytes`) and says whether it did: called while new bytes do not fit.
   * Default none: a full budget refuses.
   */
  readonly makeRoom?: () => boolean;
  /** Told when a session ends; `reason` is why. */
  readonly onClosed?: (session: SessionInfo, reason: 'expired' | 'shutdown') => void;
  /** Told when a server fails to close (the session is dropped all the same). */
  readonly onCloseError?: (session: SessionInfo, error: unknown) => void;
}

/**
 * One place among the sessions, taken before a capture fetches anything and kept until its session
 * opens or the capture fails. Its bytes are claimed once the profile is decoded.
 */
export interface SessionReservation {
  /** Claims `bytes` of the budget (replacing an earlier claim); SessionBudgetError when they do not fit. */
  claimBytes(bytes: number): void;
  /** Opens the session on this place, holding the claimed bytes (see SessionManager.open). */
  open(start: () => Promise<SessionServer>, expirationSeconds: number, label?: string): Promise<SessionInfo>;
  /**
   * Opens a session that ends at `expiresAtMs` (a restored session's original expiry), as `open`
   * does otherwise; an expiry already past closes it at once.
   */
  openUntil(start: () => Promise<SessionServer>, expiresAtMs: number, label?: string): Promise<SessionInfo>;
  /** Gives the place and its bytes back; does nothing once the session opened. Safe to call twice. */
  release(): void;
  /**
   * The session's decoded profile was dropped while idle: its claimed bytes go back to the budget
   * (before or after the session opened). Does nothing when already dropped or once it ended.
   */
  dropBytes(): void;
  /**
   * Claims the dropped bytes again, before the profile is decoded anew: SessionBudgetError (503,
   * `reopen idle session`) when they no longer fit. Does nothing when not dropped.
   */
  reclaimBytes(): void;
}

/** A place's bytes: how many it claimed, whether they are given back while its profile is dropped. */
interface Hold {
  bytes: number;
  dropped: boolean;
  /** Set once the place is given back or its session ended: the hold counts nowhere any more. */
  over: boolean;
}

type Expiry = { expirationSeconds: number } | { expiresAtMs: number };

/** When every place is still being opened, no expiry is known: captures take about this long. */
const OPENING_RETRY_AFTER_SECONDS = 10;

interface LiveSession {
  readonly info: SessionInfo;
  readonly server: SessionServer;
  readonly timer: TimerHandle;
  readonly hold: Hold;
}

export class SessionManager {
  readonly #options: SessionManagerOptions;
  readonly #live = new Map<number, LiveSession>();
  readonly #maxSessions: number;
  readonly #maxBytes: number;
  /** Places reserved and not yet opened or released, and the bytes they have claimed. */
  #reservedPlaces = 0;
  #reservedBytes = 0;
  #liveBytes = 0;
  /** Bytes counted above (live or reserved) but given back while their profiles are dropped. */
  #droppedBytes = 0;
  #nextId = 1;
  #closed = false;

  constructor(options: SessionManagerOptions) {
    this.#options = options;
    this.#maxSessions = options.maxSessions ?? Infinity;
    this.#maxBytes = options.maxBytes ?? Infinity;
  }

  /**
   * Takes a place for a session about to be prepared: SessionLimitError when live and opening
   * sessions fill `maxSessions`, SessionBudgetError when the sessions already hold `maxBytes`,
   * SessionsClosedError after shutdown.
   */
  reserve(): SessionReservation {
    if (this.#closed) throw new SessionsClosedError();
    if (this.#live.size + this.#reservedPlaces >= this.#maxSessions) {
      throw new SessionLimitError(this.#maxSessions, this.retryAfterSeconds());
    }
    if (!this.#makeRoom(() => this.heldBytes < this.#maxBytes)) {
      throw new SessionBudgetError(this.#maxBytes, this.heldBytes, undefined, this.retryAfterSeconds(), {
        nothingToDrop: this.#dropsIdle,
      });
    }
    this.#reservedPlaces++;
    // Shared with the live session once it opens: dropping and reclaiming work before and after.
    let hold: Hold = { bytes: 0, dropped: false, over: false };
    let state: 'reserved' | 'opening' | 'done' = 'reserved';
    const giveBack = (opened: boolean) => {
      this.#reservedPlaces--;
      this.#reservedBytes -= hold.bytes;
      if (!opened) this.#endHold(hold);
      state = 'done';
    };
    const openWith = async (start: () => Promise<SessionServer>, expiry: Expiry, label: string) => {
      if (state !== 'reserved') throw new Error(`open session: the reservation is ${state}`);
      state = 'opening';
      let opened = false;
      try {
        const info = await this.#open(start, expiry, label, hold);
        opened = true;
        return info;
      } finally {
        giveBack(opened);
      }
    };
    return {
      claimBytes: (bytes) => {
        if (state !== 'reserved') throw new Error(`claim session bytes: the reservation is ${state}`);
        this.#endHold(hold);
        if (!this.#makeRoom(() => this.heldBytes - hold.bytes + bytes <= this.#maxBytes, bytes)) {
          const held = this.heldBytes - hold.bytes;
          throw new SessionBudgetError(this.#maxBytes, held, bytes, this.retryAfterSeconds(), {
            nothingToDrop: this.#dropsIdle,
          });
        }
        this.#reservedBytes += bytes - hold.bytes;
        hold = { bytes, dropped: false, over: false };
      },
      open: (start, expirationSeconds, label = '') => openWith(start, { expirationSeconds }, label),
      openUntil: (start, expiresAtMs, label = '') => openWith(start, { expiresAtMs }, label),
      release: () => {
        if (state === 'reserved') giveBack(false);
      },
      dropBytes: () => {
        if (hold.dropped || hold.over) return;
        hold.dropped = true;
        this.#droppedBytes += hold.bytes;
      },
      reclaimBytes: () => {
        if (!hold.dropped || hold.over) return;
        if (!this.#makeRoom(() => this.heldBytes + hold.bytes <= this.#maxBytes, hold.bytes)) {
          throw new SessionBudgetError(this.#maxBytes, this.heldBytes, hold.bytes, this.retryAfterSeconds(), {
            operation: 'reopen idle session',
            nothingToDrop: this.#dropsIdle,
          });
        }
        hold.dropped = false;
        this.#droppedBytes -= hold.bytes;
      },
    };
  }

  /**
   * Starts a server with `start` and keeps it until `expirationSeconds` have passed, holding `bytes`
   * of the budget; the bounds are checked before `start` runs. If the manager shut down while the
   * server was starting, the server is closed and SessionsClosedError thrown.
   */
  async open(
    start: () => Promise<SessionServer>,
    expirationSeconds: number,
    label = '',
    bytes = 0,
  ): Promise<SessionInfo> {
    const reservation = this.reserve();
    try {
      reservation.claimBytes(bytes);
      return await reservation.open(start, expirationSeconds, label);
    } finally {
      reservation.release();
    }
  }

  /** The live sessions, oldest first. */
  list(): SessionInfo[] {
    return [...this.#live.values()].map((session) => session.info);
  }

  get size(): number {
    return this.#live.size;
  }

  /**
   * Decoded-profile bytes held by live sessions and claimed by sessions being opened, less those
   * given back while their profiles are dropped (idle).
   */
  get heldBytes(): number {
    return this.#liveBytes + this.#reservedBytes - this.#droppedBytes;
  }

  /** Bytes given back by sessions whose profiles are dropped while idle (the `/metrics` gauge). */
  get droppedBytes(): number {
    return this.#droppedBytes;
  }

  /** Whole seconds until the earliest live session expires (at least 1): when a place frees. */
  retryAfterSeconds(): number {
    let earliest = Infinity;
    for (const { info } of this.#live.values()) earliest = Math.min(earliest, info.expiresAtMs);
    if (earliest === Infinity) return OPENING_RETRY_AFTER_SECONDS;
    return Math.max(1, Math.ceil((earliest - this.#options.clock.now()) / 1000));
  }

  /** Closes every session and refuses new ones; resolves when every server has closed. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#live.keys()].map((id) => this.#end(id, 'shutdown')));
  }

  /** Whether idle profiles are dropped for room: then a refusal means none could be. */
  get #dropsIdle(): boolean {
    return this.#options.makeRoom !== undefined;
  }

  /**
   * Drops idle sessions' profiles, least recently queried first, until `fits` or none is left to
   * drop; says whether it fits. Each drop gives back a distinct session's bytes, so it ends. A
   * profile of more `bytes` than the whole budget drops nothing.
   */
  #makeRoom(fits: () => boolean, bytes = 0): boolean {
    if (bytes > this.#maxBytes) return false;
    while (!fits()) if (this.#options.makeRoom?.() !== true) return false;
    return true;
  }

  /** A hold ends (its place given back, its session closed): its dropped bytes stop counting too. */
  #endHold(hold: Hold): void {
    if (hold.over) return;
    hold.over = true;
    if (hold.dropped) this.#droppedBytes -= hold.bytes;
  }

  async #open(start: () => Promise<SessionServer>, expiry: Expiry, label: string, hold: Hold): Promise<SessionInfo> {
    const { bytes } = hold;
    if ('expirationSeconds' in expiry) {
      const delayMs = expiry.expirationSeconds * 1000;
      if (!(delayMs > 0 && delayMs <= MAX_TIMER_MS)) throw new SessionExpirationError(expiry.expirationSeconds);
    } else if (!(expiry.expiresAtMs - this.#options.clock.now() <= MAX_TIMER_MS)) {
      throw new SessionExpirationError((expiry.expiresAtMs - this.#options.clock.now()) / 1000);
    }
    if (this.#closed) throw new SessionsClosedError();
    const server = await start();
    if (this.#closed) {
      await server.close();
      throw new SessionsClosedError();
    }
    const openedAtMs = this.#options.clock.now();
    const expiresAtMs = 'expiresAtMs' in expiry ? expiry.expiresAtMs : openedAtMs + expiry.expirationSeconds * 1000;
    const info: SessionInfo = { id: this.#nextId++, port: server.port, label, openedAtMs, expiresAtMs, bytes };
    const delayMs = Math.max(0, expiresAtMs - openedAtMs);
    const timer = this.#options.clock.setTimer(() => void this.#end(info.id, 'expired'), delayMs);
    this.#live.set(info.id, { info, server, timer, hold });
    this.#liveBytes += bytes;
    return info;
  }

  async #end(id: number, reason: 'expired' | 'shutdown'): Promise<void> {
    const session = this.#live.get(id);
    if (session === undefined) return;
    this.#live.delete(id);
    this.#liveBytes -= session.info.bytes;
    this.#endHold(session.hold);
    session.timer.cancel();
    try {
      await session.server.close();
    } catch (error) {
      this.#options.onCloseError?.(session.info, error);
    }
    this.#options.onClosed?.(session.info, reason);
  }
}
