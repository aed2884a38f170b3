import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../test/support/manual-clock.js';
import { startPeriodicTask } from './periodic-task.js';

const MINUTE = 60_000;
/** Lets the promise callbacks of a finished run happen. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('startPeriodicTask', () => {
  it('runs the task every interval, timed from the end of the last run, until cancelled', async () => {
    const clock = new ManualClock();
    const started: number[] = [];
    let finish: () => void = () => undefined;
    const task = () => {
      started.push(clock.now());
      return new Promise<void>((resolve) => (finish = resolve));
    };
    const errors: unknown[] = [];
    const handle = startPeriodicTask(clock, 10 * MINUTE, task, (error) => errors.push(error));
    const start = clock.now();
    clock.advance(10 * MINUTE - 1);
    assert.deepEqual(started, []);
    clock.advance(1);
    assert.deepEqual(started, [start + 10 * MINUTE]);
    // Still running: time passing starts no second run.
    clock.advance(30 * MINUTE);
    assert.equal(started.length, 1);
    finish();
    await settle();
    clock.advance(10 * MINUTE);
    assert.deepEqual(started, [start + 10 * MINUTE, start + 50 * MINUTE]);
    finish();
    await settle();
    handle.cancel();
    assert.equal(clock.pending, 0);
    clock.advance(60 * MINUTE);
    assert.equal(started.length, 2);
    assert.deepEqual(errors, []);
  });

  it('hands a failed run to onError and keeps the schedule', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const errors: unknown[] = [];
    const failure = new Error('sweep: disk gone');
    const handle = startPeriodicTask(
      clock,
      MINUTE,
      async () => {
        runs++;
        throw failure;
      },
      (error) => errors.push(error),
    );
    clock.advance(MINUTE);
    await settle();
    clock.advance(MINUTE);
    await settle();
    assert.equal(runs, 2);
    assert.deepEqual(errors, [failure, failure]);
    handle.cancel();
  });
});
