// Keeps the live viewer sessions: opens each on its own server, closes it at its expiry, and
// closes them all at shutdown. Nothing else in the process holds a viewer, so closing one frees it.

import { MAX_TIMER_MS, type Clock, type TimerHandle } from './clock.js';

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
}

/** The manager is shut down (SIGTERM); no new session may open. */
export class SessionsClosedError extends Error {
  override readonly name = 'SessionsClosedError';
  constructor() {
    super('open session: the processor is shutting down');
  }
}

/** A session's expiry is beyond what a timer can wait for. */
export class SessionExpirationError extends Error {
  override readonly name = 'SessionExpirationError';
  constructor(expirationSeconds: number) {
    super(`open session: an expiration of ${expirationSeconds} s is beyond the longest timer (${MAX_TIMER_MS} ms)`);
  }
}

export interface SessionManagerOptions {
  readonly clock: Clock;
  /** Told when a session ends; `reason` is why. */
  readonly onClosed?: (session: SessionInfo, reason: 'expired' | 'shutdown') => void;
  /** Told when a server fails to close (the session is dropped all the same). */
  readonly onCloseError?: (session: SessionInfo, error: unknown) => void;
}

interface LiveSession {
  readonly info: SessionInfo;
  readonly server: SessionServer;
  readonly timer: TimerHandle;
}

export class SessionManager {
  readonly #options: SessionManagerOptions;
  readonly #live = new Map<number, LiveSession>();
  #nextId = 1;
  #closed = false;

  constructor(options: SessionManagerOptions) {
    this.#options = options;
  }

  /**
   * Starts a server with `start` and keeps it until `expirationSeconds` have passed. If the manager
   * shut down while the server was starting, the server is closed and SessionsClosedError thrown.
   */
  async open(start: () => Promise<SessionServer>, expirationSeconds: number, label = ''): Promise<SessionInfo> {
    const delayMs = expirationSeconds * 1000;
    if (!(delayMs > 0 && delayMs <= MAX_TIMER_MS)) throw new SessionExpirationError(expirationSeconds);
    if (this.#closed) throw new SessionsClosedError();
    const server = await start();
    if (this.#closed) {
      await server.close();
      throw new SessionsClosedError();
    }
    const openedAtMs = this.#options.clock.now();
    const info: SessionInfo = {
      id: this.#nextId++,
      port: server.port,
      label,
      openedAtMs,
      expiresAtMs: openedAtMs + delayMs,
    };
    const timer = this.#options.clock.setTimer(() => void this.#end(info.id, 'expired'), delayMs);
    this.#live.set(info.id, { info, server, timer });
    return info;
  }

  /** The live sessions, oldest first. */
  list(): SessionInfo[] {
    return [...this.#live.values()].map((session) => session.info);
  }

  get size(): number {
    return this.#live.size;
  }

  /** Closes every session and refuses new ones; resolves when every server has closed. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#live.keys()].map((id) => this.#end(id, 'shutdown')));
  }

  async #end(id: number, reason: 'expired' | 'shutdown'): Promise<void> {
    const session = this.#live.get(id);
    if (session === undefined) return;
    this.#live.delete(id);
    session.timer.cancel();
    try {
      await session.server.close();
    } catch (error) {
      this.#options.onCloseError?.(session.info, error);
    }
    this.#options.onClosed?.(session.info, reason);
  }
}
