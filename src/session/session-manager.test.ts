import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { ManualClock } from '../../test/support/manual-clock.js';
import { isPortOpen } from '../../test/support/ports.js';
import { waitFor } from '../../test/support/wait-for.js';
import {
  SessionBudgetError,
  SessionExpirationError,
  SessionLimitError,
  SessionsClosedError,
} from './session-errors.js';
import { SessionManager, type SessionServer } from './session-manager.js';

/** A real TCP server on a free loopback port, as a session serves. */
async function startServer(): Promise<SessionServer> {
  const server = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

describe('SessionManager', () => {
  it('closes each session port at its own expiry, without waiting in real time', async () => {
    const clock = new ManualClock();
    const closed: string[] = [];
    const sessions = new SessionManager({ clock, onClosed: (s, reason) => closed.push(`${s.label}:${reason}`) });
    const short = await sessions.open(startServer, 60, 'short');
    const long = await sessions.open(startServer, 7200, 'long');
    assert.notEqual(short.port, long.port);
    assert.equal(short.expiresAtMs - short.openedAtMs, 60_000);
    assert.equal(sessions.size, 2);

    clock.advance(59_999);
    assert.equal(await isPortOpen(short.port), true);
    clock.advance(1);
    await waitFor(() => closed.length === 1, 'the first server to close');
    assert.equal(await isPortOpen(short.port), false);
    assert.equal(await isPortOpen(long.port), true);
    assert.deepEqual(
      sessions.list().map((s) => s.label),
      ['long'],
    );

    clock.advance(7200_000);
    await waitFor(() => closed.length === 2, 'the second server to close');
    assert.equal(await isPortOpen(long.port), false);
    assert.deepEqual(closed, ['short:expired', 'long:expired']);
    assert.equal(clock.pending, 0);
  });

  it('closes all sessions at shutdown and refuses new ones', async () => {
    const clock = new ManualClock();
    const sessions = new SessionManager({ clock });
    const opened = await Promise.all(Array.from({ length: 5 }, () => sessions.open(startServer, 300)));
    await sessions.closeAll();
    for (const session of opened) assert.equal(await isPortOpen(session.port), false);
    assert.equal(sessions.size, 0);
    assert.equal(clock.pending, 0);
    await assert.rejects(sessions.open(startServer, 300), SessionsClosedError);
  });

  it('closes a server that finished starting after shutdown began', async () => {
    const sessions = new SessionManager({ clock: new ManualClock() });
    let started: SessionServer | undefined;
    const opening = sessions.open(async () => {
      await sessions.closeAll();
      started = await startServer();
      return started;
    }, 300);
    await assert.rejects(opening, SessionsClosedError);
    assert.equal(await isPortOpen(started!.port), false);
  });

  it('refuses an expiry a timer cannot wait for, before starting anything', async () => {
    const sessions = new SessionManager({ clock: new ManualClock() });
    let starts = 0;
    const start = async () => {
      starts++;
      return startServer();
    };
    await assert.rejects(sessions.open(start, 30 * 86400), SessionExpirationError);
    await assert.rejects(sessions.open(start, 0), SessionExpirationError);
    assert.equal(starts, 0);
  });

  it('drops a session whose server fails to close, and reports it', async () => {
    const clock = new ManualClock();
    const failures: unknown[] = [];
    const sessions = new SessionManager({ clock, onCloseError: (_s, error) => failures.push(error) });
    await sessions.open(async () => ({ port: 1, close: () => Promise.reject(new Error('close: boom')) }), 10);
    clock.advance(10_000);
    await waitFor(() => failures.length === 1, 'the failed close to be reported');
    assert.equal(sessions.size, 0);
  });

  it('counts sessions being opened against maxSessions, so concurrent opens cannot overshoot', async () => {
    const clock = new ManualClock();
    const sessions = new SessionManager({ clock, maxSessions: 2 });
    const first = sessions.reserve();
    const second = sessions.reserve();
    // Neither has started a server yet: the places are taken all the same.
    assert.throws(
      () => sessions.reserve(),
      (error: unknown) =>
        error instanceof SessionLimitError &&
        error.retryAfterSeconds === 10 &&
        error.message ===
          'open session: 2 viewer sessions are live or opening, the most --max-sessions allows; retry in 10 s',
    );
    const opened = await first.open(startServer, 300, 'first');
    clock.advance(100_000);
    assert.throws(
      () => sessions.reserve(),
      (error: unknown) => error instanceof SessionLimitError && error.retryAfterSeconds === 200,
    );
    // A failed capture gives its place back (twice is harmless); opening after that is refused.
    second.release();
    second.release();
    await assert.rejects(second.open(startServer, 300), /the reservation is done/);
    const third = await sessions.open(startServer, 60, 'third');
    assert.deepEqual(
      sessions.list().map((s) => s.label),
      ['first', 'third'],
    );
    await assert.rejects(sessions.open(startServer, 60), SessionLimitError);
    clock.advance(200_000);
    await waitFor(() => sessions.size === 0, 'the session to close');
    assert.equal(await isPortOpen(opened.port), false);
    assert.equal(await isPortOpen(third.port), false);
    await sessions.closeAll();
  });

  it('holds decoded bytes against maxBytes: refused when used up, when a claim does not fit, freed at expiry', async () => {
    const clock = new ManualClock();
    const sessions = new SessionManager({ clock, maxBytes: 1000 });
    const big = sessions.reserve();
    big.claimBytes(600);
    assert.equal(sessions.heldBytes, 600);
    const other = sessions.reserve();
    assert.throws(
      () => other.claimBytes(500),
      (error: unknown) =>
        error instanceof SessionBudgetError &&
        error.bytes === 500 &&
        error.heldBytes === 600 &&
        /this profile's 0\.0 MiB decoded do not fit in the decoded-profile budget of 0\.0 MiB/.test(error.message),
    );
    other.claimBytes(400);
    assert.equal(sessions.heldBytes, 1000);
    // Claimed by sessions still opening: a new capture is refused before its fetch.
    assert.throws(
      () => sessions.reserve(),
      (error: unknown) => error instanceof SessionBudgetError && error.bytes === undefined,
    );
    other.release();
    assert.equal(sessions.heldBytes, 600);
    const info = await big.open(startServer, 60, 'big');
    assert.equal(info.bytes, 600);
    assert.equal(sessions.heldBytes, 600);
    assert.throws(
      () => sessions.reserve().claimBytes(2000),
      (error: unknown) =>
        error instanceof SessionBudgetError &&
        /exceed the decoded-profile budget .* on their own; retry in 60 s$/.test(error.message),
    );
    await assert.rejects(sessions.open(startServer, 60, 'too big', 401), SessionBudgetError);
    assert.equal(sessions.size, 1, 'a refused open starts no server');
    clock.advance(60_000);
    await waitFor(() => sessions.size === 0, 'the session to close');
    assert.equal(sessions.heldBytes, 0);
    assert.equal((await sessions.open(startServer, 60, 'fits', 1000)).bytes, 1000);
    await sessions.closeAll();
  });

  it("gives an idle session's bytes back and claims them again only when they fit, before and after it opens", async () => {
    const clock = new ManualClock();
    const sessions = new SessionManager({ clock, maxBytes: 1000 });
    const idle = sessions.reserve();
    idle.claimBytes(600);
    idle.dropBytes();
    idle.dropBytes(); // twice gives back once
    assert.deepEqual([sessions.heldBytes, sessions.droppedBytes], [0, 600]);
    const info = await idle.open(startServer, 120, 'idle');
    assert.deepEqual([info.bytes, sessions.heldBytes], [600, 0], 'still given back once open');
    const busy = sessions.reserve();
    busy.claimBytes(500);
    await busy.open(startServer, 60, 'busy');
    assert.throws(
      () => idle.reclaimBytes(),
      (error: unknown) =>
        error instanceof SessionBudgetError &&
        error.message ===
          "reopen idle session: this profile's 0.0 MiB decoded do not fit in the decoded-profile budget of 0.0 MiB " +
            '(the live sessions hold 0.0 MiB); retry in 60 s',
    );
    assert.equal(sessions.heldBytes, 500, 'a refused claim takes nothing');
    busy.dropBytes();
    idle.reclaimBytes();
    idle.reclaimBytes(); // twice claims once
    assert.deepEqual([sessions.heldBytes, sessions.droppedBytes], [600, 500]);
    // A session that ends dropped leaves nothing counted, held or given back.
    clock.advance(60_000);
    await waitFor(() => sessions.size === 1, 'the busy session to expire');
    assert.deepEqual([sessions.heldBytes, sessions.droppedBytes], [600, 0]);
    busy.reclaimBytes();
    assert.equal(sessions.heldBytes, 600, 'an ended session claims nothing');
    // Nor one given back before it opened.
    const released = sessions.reserve();
    released.claimBytes(100);
    released.dropBytes();
    released.release();
    assert.deepEqual([sessions.heldBytes, sessions.droppedBytes], [600, 0]);
    await sessions.closeAll();
    assert.deepEqual([sessions.heldBytes, sessions.droppedBytes], [0, 0]);
  });

  it('makes room by dropping idle profiles, oldest first, and refuses only when none is left to drop', async () => {
    const clock = new ManualClock();
    // The pool's part: the holds not in use, least recently queried first.
    const idle: { label: string; dropBytes(): void }[] = [];
    const dropped: string[] = [];
    const sessions = new SessionManager({
      clock,
      maxBytes: 1000,
      makeRoom: () => {
        const oldest = idle.shift();
        if (oldest === undefined) return false;
        dropped.push(oldest.label);
        oldest.dropBytes();
        return true;
      },
    });
    const open = async (label: string, bytes: number) => {
      const place = sessions.reserve();
      place.claimBytes(bytes);
      await place.open(startServer, 60, label);
      return { label, dropBytes: () => place.dropBytes(), reclaimBytes: () => place.reclaimBytes() };
    };
    try {
      const spare = sessions.reserve();
      const a = await open('a', 400);
      const b = await open('b', 400);
      idle.push(a, b);
      // 300 more fit once a, the least recently queried, is dropped; b stays.
      const c = await open('c', 300);
      assert.deepEqual([dropped, sessions.heldBytes], [['a'], 700]);
      // a's next query claims its 400 back: b goes.
      a.reclaimBytes();
      assert.deepEqual([dropped, sessions.heldBytes], [['a', 'b'], 700]);
      idle.push(c);
      const d = await open('d', 300);
      assert.deepEqual([dropped, sessions.heldBytes], [['a', 'b'], 1000], 'it fits: nothing dropped');
      // The budget used up, a new capture's place drops before its fetch.
      sessions.reserve().release();
      assert.deepEqual([dropped, sessions.heldBytes], [['a', 'b', 'c'], 700]);

      // Nothing left to drop (a and d are being queried): refused, saying so.
      assert.throws(
        () => b.reclaimBytes(),
        (error: unknown) =>
          error instanceof SessionBudgetError &&
          error.message ===
            "reopen idle session: this profile's 0.0 MiB decoded do not fit in the decoded-profile budget of 0.0 MiB " +
              '(the live sessions hold 0.0 MiB); every session left is being queried or opened; retry in 60 s',
      );
      await open('e', 300);
      assert.throws(
        () => sessions.reserve(),
        (error: unknown) =>
          error instanceof SessionBudgetError &&
          error.message ===
            'open session: the decoded-profile budget of 0.0 MiB is used up (the live sessions hold 0.0 MiB); ' +
              'every session left is being queried or opened; retry in 60 s',
      );
      // A profile larger than the whole budget drops nothing: it could never fit.
      idle.push(d);
      assert.throws(
        () => spare.claimBytes(2000),
        (error: unknown) =>
          error instanceof SessionBudgetError &&
          error.message.endsWith('on their own; retry in 60 s') &&
          !error.message.includes('every session left'),
      );
      spare.release();
      assert.deepEqual([dropped, sessions.heldBytes], [['a', 'b', 'c'], 1000]);
    } finally {
      await sessions.closeAll();
    }
  });

  it('opens a restored session until a fixed expiry, in a place of the bounds, and closes one already due at once', async () => {
    const clock = new ManualClock();
    const closed: string[] = [];
    const sessions = new SessionManager({
      clock,
      maxSessions: 2,
      onClosed: (s, reason) => closed.push(`${s.label}:${reason}`),
    });
    const expiresAtMs = clock.now() + 90_000;
    const restored = await sessions.reserve().openUntil(startServer, expiresAtMs, 'restored');
    assert.equal(restored.expiresAtMs, expiresAtMs);
    const due = await sessions.reserve().openUntil(startServer, clock.now() - 1, 'due');
    assert.throws(() => sessions.reserve(), SessionLimitError);
    clock.advance(0);
    await waitFor(() => closed.length === 1, 'the session already due to close');
    assert.deepEqual(closed, ['due:expired']);
    assert.equal(await isPortOpen(due.port), false);
    await assert.rejects(
      sessions.reserve().openUntil(startServer, clock.now() + 2 ** 31, 'too far'),
      SessionExpirationError,
    );
    clock.advance(89_999);
    assert.equal(await isPortOpen(restored.port), true);
    clock.advance(1);
    await waitFor(() => closed.length === 2, 'the restored session to close at its expiry');
    assert.deepEqual(closed, ['due:expired', 'restored:expired']);
  });
});
