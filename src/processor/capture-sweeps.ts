// The capture sweeps of SPEC §5 wired together: at start the leftovers of an interrupted write
// and then the retention (before the API listens, so no capture is being written), again after
// each capture and every 10 minutes; a live session's capture is never deleted, and every
// deletion is logged.

import type { FastifyBaseLogger } from 'fastify';
import { startPeriodicTask, type Clock, type SessionManager } from '../session/index.js';
import { CaptureSweeper, type CaptureDeletion, type SweepOutcome } from '../store/index.js';
import type { TrustSettings } from './processor-limits.js';

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface CaptureSweeps {
  /** Starts a sweep (after a capture's session is live); its outcome is logged. */
  afterCapture(): void;
  /** Stops the periodic sweeps. */
  stop(): void;
}

export interface CaptureSweepsOptions {
  readonly dataRoot: string;
  readonly trust: Pick<TrustSettings, 'retentionMs' | 'maxDataBytes'>;
  readonly clock: Clock;
  readonly sessions: SessionManager;
  /** Captures kept besides the live sessions' (those of sessions being restored). */
  readonly keep?: (file: string) => boolean;
  readonly logger?: FastifyBaseLogger;
  /** Told after each deletion (logged too): the data root's bytes changed. */
  readonly onDeleted?: (deletion: CaptureDeletion) => void;
}

/** Sweeps leftovers and old captures now, then keeps sweeping; resolves once the first sweeps are done. */
export async function startCaptureSweeps(options: CaptureSweepsOptions): Promise<CaptureSweeps> {
  const { logger, sessions } = options;
  const sweeper = new CaptureSweeper({
    dataRoot: options.dataRoot,
    retentionMs: options.trust.retentionMs,
    maxDataBytes: options.trust.maxDataBytes,
    now: () => options.clock.now(),
    isLive: (file) => options.keep?.(file) === true || sessions.list().some((session) => session.label === file),
    onDeleted: (deletion) => {
      logDeletion(logger, deletion);
      options.onDeleted?.(deletion);
    },
    onProblem: (error) => logger?.warn({ error: error.message }, 'capture sweep: a file could not be swept'),
  });
  await sweeper.sweepLeftovers();
  const { retentionMs, maxDataBytes } = options.trust;
  // Keeping everything: nothing more to sweep after the leftovers.
  if (retentionMs === 0 && maxDataBytes === 0) return { afterCapture: () => undefined, stop: () => undefined };
  const sweep = () => sweeper.sweep().then((outcome) => logOutcome(logger, outcome));
  await sweep();
  const onError = (error: unknown) => logger?.error({ err: error }, 'capture sweep failed');
  const periodic = startPeriodicTask(options.clock, SWEEP_INTERVAL_MS, sweep, onError);
  return {
    afterCapture: () => void sweep().catch(onError),
    stop: () => periodic.cancel(),
  };
}

/** One line per sweep that deleted something: what is left. */
function logOutcome(logger: FastifyBaseLogger | undefined, outcome: SweepOutcome): void {
  if (outcome.deletions.length === 0) return;
  const { keptCaptures, keptBytes } = outcome;
  logger?.info({ deleted: outcome.deletions.length, keptCaptures, keptBytes }, 'capture sweep done');
}

function logDeletion(logger: FastifyBaseLogger | undefined, deletion: CaptureDeletion): void {
  if (deletion.reason === 'retention' || deletion.reason === 'max-data-bytes') {
    logger?.info(deletion, 'capture deleted');
  } else logger?.warn(deletion, 'leftover of an interrupted write deleted');
}
