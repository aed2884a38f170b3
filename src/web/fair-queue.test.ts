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
    assert.deepEqual(queue.take(), { owner: 'a', job: 'a1', lane: 0 });
    // a runs a1: its next job waits, b's starts.
    assert.equal(queue.startable, 1);
    assert.deepEqual(queue.take(), { owner: 'b', job: 'b1', lane: 0 });
    assert.equal(queue.take(), undefined);
    queue.push('b', 'b2');
    queue.finish('a');
    queue.finish('b');
    // a went to the back of the round when a1 started, so b (pushed again meanwhile) comes after a.
    assert.deepEqual(queue.take(), { owner: 'a', job: 'a2', lane: 0 });
    assert.deepEqual(queue.take(), { owner: 'b', job: 'b2', lane: 0 });
    queue.finish('a');
    assert.deepEqual(queue.take(), { owner: 'a', job: 'a3', lane: 0 });
    assert.equal(queue.startable, 0);
  });

  it('drains the waiting jobs of every owner', () => {
    const queue = new FairQueue<string, number>();
    queue.push('a', 1);
    queue.push('b', 2);
    queue.push('a', 3);
    assert.deepEqual(queue.take(), { owner: 'a', job: 1, lane: 0 });
    assert.deepEqual(queue.drain().sort(), [2, 3]);
    assert.equal(queue.take(), undefined);
  });
});

describe('FairQueue lanes', () => {
  it('takes every job of a lower lane first, owners in turn within a lane, and may stop at a lane', () => {
    const queue = new FairQueue<string, string>({ lanes: 2, onePerOwner: false });
    queue.push('a', 'a1', 1);
    queue.push('a', 'a2', 1);
    queue.push('b', 'b1', 1);
    queue.push('c', 'c1', 0);
    queue.push('c', 'c2', 0);
    assert.equal(queue.waitingIn(0), 2);
    assert.equal(queue.waitingIn(1), 3);
    // Without one job per owner, c's second job runs beside its first.
    assert.deepEqual(queue.take(), { owner: 'c', job: 'c1', lane: 0 });
    assert.deepEqual(queue.take(), { owner: 'c', job: 'c2', lane: 0 });
    assert.equal(queue.take(0, 0), undefined);
    assert.deepEqual(queue.take(), { owner: 'a', job: 'a1', lane: 1 });
    assert.deepEqual(queue.take(), { owner: 'b', job: 'b1', lane: 1 });
    assert.deepEqual(queue.take(), { owner: 'a', job: 'a2', lane: 1 });
    assert.equal(queue.take(), undefined);
  });

  it("removes one owner's waiting jobs from every lane", () => {
    const queue = new FairQueue<string, string>({ lanes: 2 });
    queue.push('a', 'a1', 0);
    queue.push('a', 'a2', 1);
    queue.push('b', 'b1', 1);
    assert.deepEqual(queue.remove('a'), ['a1', 'a2']);
    assert.deepEqual(queue.take(), { owner: 'b', job: 'b1', lane: 1 });
    assert.equal(queue.take(), undefined);
  });
});
