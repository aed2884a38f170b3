import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FairQueue } from './fair-queue.js';

describe('FairQueue', () => {
  it("runs one job per owner at a time and serves owners in turn, so one owner's backlog cannot hold another back", () => {
    const queue = new FairQueue<string, string>();
    queue.push('a', 'a1');
    queue.push('a', 'a2');
    queue.push('a', 'a3');
    queue.push('b', 'b1');
    assert.deepEqual(queue.take(), { owner: 'a', job: 'a1' });
    // a runs a1: its next job waits, b's starts.
    assert.equal(queue.startable, 1);
    assert.deepEqual(queue.take(), { owner: 'b', job: 'b1' });
    assert.equal(queue.take(), undefined);
    queue.push('b', 'b2');
    queue.finish('a');
    queue.finish('b');
    // a went to the back of the round when a1 started, so b (pushed again meanwhile) comes after a.
    assert.deepEqual(queue.take(), { owner: 'a', job: 'a2' });
    assert.deepEqual(queue.take(), { owner: 'b', job: 'b2' });
    queue.finish('a');
    assert.deepEqual(queue.take(), { owner: 'a', job: 'a3' });
    assert.equal(queue.startable, 0);
  });

  it('drains the waiting jobs of every owner', () => {
    const queue = new FairQueue<string, number>();
    queue.push('a', 1);
    queue.push('b', 2);
    queue.push('a', 3);
    assert.deepEqual(queue.take(), { owner: 'a', job: 1 });
    assert.deepEqual(queue.drain().sort(), [2, 3]);
    assert.equal(queue.take(), undefined);
  });
});
