// The analyser against the real Go target: its grouping agrees with Go's own debug=1 aggregation,
// and a pile-up of 12,000 goroutines on one stack is the first group.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { groupGoroutines, parseGoroutineDump, type GoroutineGroup } from '../src/query/index.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { analyserCountsOf, countsByStack, parseDebug1Stacks } from './support/goroutine-debug1.js';

async function getText(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return response.text();
}

/**
 * Goroutines that move between two requests: the server's connection and request goroutines (each
 * dump is served by its own), nothing else (the target runs no workers: -cpu 0 -contention 0). The
 * connection's background reader, created but not yet run, is `runtime.goexit` alone in debug=1
 * (the empty stack once runtime frames are dropped) and net/http's function in debug=2.
 */
function stable(counts: Map<string, number>): Map<string, number> {
  return new Map([...counts].filter(([stack]) => stack !== '' && !stack.includes('net/http.')));
}

let parked: GoTarget;
let pileUp: GoTarget;
before(async () => {
  [parked, pileUp] = await Promise.all([
    startGoTarget([
      '-goroutines',
      '300',
      '-stacks',
      '40',
      '-cpu',
      '0',
      '-contention',
      '0',
      '-threads',
      '2',
      '-leak',
      '0',
    ]),
    startGoTarget(['-goroutines', '12000', '-stacks', '1', '-cpu', '0', '-contention', '0', '-leak', '0']),
  ]);
});
after(async () => {
  await Promise.all([parked?.stop(), pileUp?.stop()]);
});

test('the groups, summed over states, are debug=1 stacks and counts of the same program', async () => {
  const debug1 = await getText(`${parked.url}/debug/pprof/goroutine?debug=1`);
  const debug2 = await getText(`${parked.url}/debug/pprof/goroutine?debug=2`);
  const groups = groupGoroutines(parseGoroutineDump(debug2, 'debug=2'));
  const ours = stable(countsByStack(groups));
  const goStacks = parseDebug1Stacks(debug1).filter(
    (stack) => stable(new Map([[stack.frames.join('\n'), 1]])).size === 1,
  );
  const go = new Map(goStacks.map((stack) => [stack.frames.join('\n'), stack.count]));
  // Go's stacks and counts, as the analyser counts them (a stack Go cut at 32 PCs by its prefix).
  assert.deepEqual(analyserCountsOf(goStacks, ours), go);
  // …and no goroutine of ours is outside them: the same total, over as many stacks as Go has.
  const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, count) => sum + count, 0);
  assert.equal(total(ours), total(go));
  assert.equal(ours.size, go.size);
  assert.equal(goStacks.filter((stack) => stack.truncated).length > 0, true, 'some stacks are deeper than 32 PCs');
  // 300 parked on 40 paths: each path holds 7 or 8; the leaves are those of parkLeaf's eight waits.
  const parkedGroups = groups.filter((group) => group.frames.some((frame) => frame.function === 'main.parkedMain'));
  assert.equal(
    parkedGroups.reduce((sum, group) => sum + group.count, 0),
    300,
  );
  // 40 paths, one of them split in two: of the goroutines reading the pipe, one waits in the
  // poller (IO wait) and the others, on five paths, on the file's read lock (semacquire).
  assert.equal(parkedGroups.length, 41);
  const pipeReaders = parkedGroups.filter((group) =>
    group.frames.some((frame) => frame.function === 'main.waitOnPipe'),
  );
  assert.deepEqual(
    pipeReaders.filter((group) => group.state !== 'semacquire').map((group) => [group.state, group.count]),
    [['IO wait', 1]],
  );
  assert.equal(
    pipeReaders.reduce((sum, group) => sum + group.count, 0),
    [...go].filter(([stack]) => stack.includes('main.waitOnPipe')).reduce((sum, [, count]) => sum + count, 0),
  );
});

test('a pile-up of 12,000 goroutines on one stack is the first group', async () => {
  const debug2 = await getText(`${pileUp.url}/debug/pprof/goroutine?debug=2`);
  const groups: GoroutineGroup[] = groupGoroutines(parseGoroutineDump(debug2, 'debug=2'));
  const first = groups[0]!;
  assert.equal(first.count, 12000);
  assert.equal(first.state, 'chan receive');
  assert.equal(first.frames[0]!.function, 'main.waitOnChannel');
  assert.equal(first.frames.at(-1)!.function, 'main.parkedMain');
  assert.equal(first.createdBy?.function, 'main.(*config).setupGoroutines');
  assert.equal(first.ids.length, 12000);
  assert.ok(groups.slice(1).every((group) => group.count < 12000));
});
