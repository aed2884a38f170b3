// The progress line of `capture`: the CPU countdown and the bytes received, redrawn in place on a
// terminal, occasional plain lines otherwise; the clock is a variable, nothing waits.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureProgress, type CaptureProgressOptions } from './capture-progress.js';

/** A progress line drawing into `writes`, on a clock that moves only by `advance`. */
function recorder(isTTY: boolean) {
  const writes: string[] = [];
  let nowMs = 1_000_000;
  return {
    writes,
    advance: (ms: number) => void (nowMs += ms),
    progress: (options: Omit<CaptureProgressOptions, 'output' | 'now'>) =>
      new CaptureProgress({ output: { isTTY, write: (text) => void writes.push(text) }, now: () => nowMs, ...options }),
  };
}

describe('CaptureProgress', () => {
  it('counts a CPU profile down and adds up the bytes, redrawn in place on a terminal', () => {
    const tty = recorder(true);
    const progress = tty.progress({ what: 'Profile of pod shop/web-0', cpuSeconds: 30 });
    progress.started('pod shop/web-0');
    tty.advance(1000);
    progress.update();
    tty.advance(500);
    progress.update(); // 28.5 s left: still "29 s", the same line, not drawn again
    tty.advance(28_500);
    progress.received('pod shop/web-0', 1536);
    progress.received('pod shop/web-0', 2048); // within 200 ms of the last draw: not drawn
    tty.advance(200);
    progress.received('pod shop/web-0', 4096);
    progress.finished('pod shop/web-0', true);
    progress.end();
    progress.update(); // ended: nothing more
    assert.deepEqual(tty.writes, [
      '\rcapturing Profile of pod shop/web-0: 30 s left, 0B received\x1b[K',
      '\rcapturing Profile of pod shop/web-0: 29 s left, 0B received\x1b[K',
      '\rcapturing Profile of pod shop/web-0: profile taken, waiting for it, 1.50kB received\x1b[K',
      '\rcapturing Profile of pod shop/web-0: profile taken, waiting for it, 4kB received\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it('writes a plain line at most every 10 s when stderr is not a terminal', () => {
    const log = recorder(false);
    const progress = log.progress({ what: 'Heap of http://127.0.0.1:6060' });
    progress.started('http://127.0.0.1:6060');
    for (let second = 1; second <= 21; second++) {
      log.advance(1000);
      progress.received('http://127.0.0.1:6060', second * 1024);
      progress.update();
    }
    progress.end();
    assert.deepEqual(log.writes, [
      'capturing Heap of http://127.0.0.1:6060: 0B received\n',
      'capturing Heap of http://127.0.0.1:6060: 10kB received\n',
      'capturing Heap of http://127.0.0.1:6060: 20kB received\n',
    ]);
  });

  it("counts a selector's captures done and failed, the countdown from the oldest in flight", () => {
    const log = recorder(false);
    const progress = log.progress({ what: 'Profile of 5 pods', cpuSeconds: 10, captures: 5, plainIntervalMs: 0 });
    for (const pod of ['a', 'b', 'c', 'd']) progress.started(pod);
    log.advance(4000);
    progress.received('a', 100);
    progress.received('b', 200);
    log.advance(7000);
    progress.finished('a', true);
    progress.finished('b', false);
    progress.started('e');
    log.advance(2000);
    progress.update();
    assert.equal(
      log.writes.at(-1),
      'capturing Profile of 5 pods: 2 of 5 done (1 failed), profile taken, waiting for it, 300B received\n',
    );
    progress.finished('c', true);
    progress.finished('d', true);
    progress.update();
    assert.equal(log.writes.at(-1), 'capturing Profile of 5 pods: 4 of 5 done (1 failed), 8 s left, 300B received\n');
  });

  it('clears a terminal line for a line printed above it, and draws it again after', () => {
    const tty = recorder(true);
    const progress = tty.progress({ what: 'Heap of 2 pods', captures: 2 });
    progress.started('a');
    progress.clear();
    progress.clear(); // nothing drawn: nothing to clear
    progress.update();
    assert.deepEqual(tty.writes, [
      '\rcapturing Heap of 2 pods: 0 of 2 done, 0B received\x1b[K',
      '\r\x1b[K',
      '\rcapturing Heap of 2 pods: 0 of 2 done, 0B received\x1b[K',
    ]);
  });
});
