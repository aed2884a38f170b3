import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { goroutineDumpProfile } from './dump-profile.js';
import { compareGoroutineGroups } from './goroutine-growth.js';
import { GoroutineDumpError } from './goroutine-dump-error.js';
import { formatGoroutineReport } from './format-goroutine-report.js';
import { groupGoroutines } from './group-goroutines.js';
import { parseGoroutineDump } from './parse-goroutine-dump.js';

const SMALL = new URL('../../../../shared/fixtures/goroutine-small.debug2.txt', import.meta.url);

/** A dump in Go 1.21's words (`created by … in goroutine N`), waits, a lock, an elided traceback. */
const DUMP = `goroutine 1 [running]:
main.main()
\t/src/main.go:10 +0x1d

goroutine 7 [chan receive, 12 minutes]:
main.worker({0xc000010000?, 0x1}, 0x0?)
\t/src/main.go:20 +0x2c
created by main.start in goroutine 1
\t/src/main.go:30 +0x17f

goroutine 9 [chan receive, 3 minutes, locked to thread]:
main.worker({0xc000010000?, 0x1}, 0x0?)
\t/src/main.go:20 +0x2c
created by main.start in goroutine 1
\t/src/main.go:30 +0x17f

goroutine 8 [chan receive]:
main.worker(...)
\t/src/main.go:20
created by main.start in goroutine 1
\t/src/main.go:30 +0x17f

goroutine 11 [select]:
main.loop()
\t/src/loop.go:5 +0x10
...additional frames elided...
created by main.start in goroutine 1
\t/src/main.go:31 +0x20
`;

test('a dump parses into goroutines with their state, wait, lock, frames and creator', () => {
  const dump = parseGoroutineDump(DUMP, 'dump.txt');
  assert.deepEqual(
    dump.goroutines.map((g) => [g.id, g.state, g.waitMinutes, g.lockedToThread, g.framesElided, g.creatorId]),
    [
      [1, 'running', 0, false, false, -1],
      [7, 'chan receive', 12, false, false, 1],
      [9, 'chan receive', 3, true, false, 1],
      [8, 'chan receive', 0, false, false, 1],
      [11, 'select', 0, false, true, 1],
    ],
  );
  assert.deepEqual(dump.frames[dump.goroutines[1]!.frames[0]!], {
    function: 'main.worker',
    file: '/src/main.go',
    line: 20,
  });
  assert.deepEqual(dump.frames[dump.goroutines[1]!.createdBy], {
    function: 'main.start',
    file: '/src/main.go',
    line: 30,
  });
  assert.equal(dump.goroutines[0]!.createdBy, -1);
});

test('goroutines group by stack and state, blocked first, by count × longest wait', () => {
  const groups = groupGoroutines(parseGoroutineDump(DUMP, 'dump.txt'));
  assert.deepEqual(
    groups.map((g) => [
      g.state,
      g.count,
      g.ids,
      g.waits,
      g.longestWaitMinutes,
      g.leakScore,
      g.lockedToThread,
      g.blocked,
    ]),
    [
      [
        'chan receive',
        3,
        [7, 8, 9],
        [
          { minutes: 0, count: 1 },
          { minutes: 3, count: 1 },
          { minutes: 12, count: 1 },
        ],
        12,
        36,
        1,
        true,
      ],
      ['select', 1, [11], [{ minutes: 0, count: 1 }], 0, 1, 0, true],
      ['running', 1, [1], [{ minutes: 0, count: 1 }], 0, 1, 0, false],
    ],
  );
  assert.equal(groups[0]!.createdBy?.function, 'main.start');
  assert.equal(groups[1]!.framesElided, true);
});

test('the fixture: 35 goroutines in 26 groups; the states as in its headers', () => {
  const groups = groupGoroutines(parseGoroutineDump(readFileSync(SMALL, 'utf8'), 'goroutine-small.debug2.txt'));
  assert.equal(groups.length, 26);
  const byState = new Map<string, number>();
  for (const group of groups) byState.set(group.state, (byState.get(group.state) ?? 0) + group.count);
  assert.deepEqual(Object.fromEntries([...byState].sort()), {
    'IO wait': 3,
    'chan receive': 10,
    runnable: 1,
    running: 1,
    select: 3,
    semacquire: 8,
    sleep: 5,
    'sync.Cond.Wait': 3,
    syscall: 1,
  });
  assert.deepEqual(groups[0]!.ids, [48, 49]);
  assert.equal(groups[0]!.lockedToThread, 2);
  assert.deepEqual(groups.at(-1)!.ids, [5]);
  assert.equal(groups.at(-1)!.state, 'syscall');
});

test('bad dumps are errors naming the line', () => {
  const cases: [string, RegExp][] = [
    ['goroutine profile: total 3\n1 @ 0x1\n', /line 1: .*this is a debug=1 dump/],
    ['', /holds no goroutine/],
    ['goroutine 1 [running]:\nmain.main()\n\n', /line 3: the frame "main.main" has no file line/],
    ['goroutine 1 [running]:\nmain.main()\nmain.other()\n', /line 3: expected a file line/],
    ['goroutine 1 [running]:\n\t/src/main.go:1\n', /line 2: a file line .* follows no function line/],
    ['goroutine 1 [running]:\nnot a frame\n', /line 2: "not a frame" is not a frame/],
    ['goroutine x [running]:\n', /line 1: expected a header/],
  ];
  for (const [text, reason] of cases) {
    assert.throws(
      () => parseGoroutineDump(text, 'bad.txt'),
      (error: unknown) => {
        assert.ok(error instanceof GoroutineDumpError);
        assert.equal(error.name, 'GoroutineDumpError');
        assert.match(error.message, /^parse goroutine dump bad\.txt: /);
        assert.match(error.message, reason);
        return true;
      },
    );
  }
});

test('with a base dump, the groups that grew come first with their growth; gone groups last', () => {
  const base = groupGoroutines(parseGoroutineDump(DUMP.split('\ngoroutine 9 ')[0]!, 'base.txt'));
  const now = groupGoroutines(parseGoroutineDump(DUMP.replace(/goroutine 1 \[running\]:[^]*?\n\n/, ''), 'now.txt'));
  const compared = compareGoroutineGroups(now, base);
  assert.deepEqual(
    compared.map((g) => [g.state, g.count, g.baseCount, g.growth]),
    [
      ['chan receive', 3, 1, 2],
      ['select', 1, 0, 1],
      ['running', 0, 1, -1],
    ],
  );
  const text = [...formatGoroutineReport(compared, { frames: 1 })].join('');
  assert.match(text, /^4 goroutines in 2 groups \(base: 2, \+2\); groups that grew first\n/);
  assert.match(
    text,
    /\n#1 3 goroutines \(\+2 from 1\) \[chan receive\], 1 locked to thread\n {3}waiting: < 1 min ×1, 3 min ×1, 12 min ×1\n {3}ids: 7 8 9\n {3}main\.worker {2}\/src\/main\.go:20\n {3}created by main\.start {2}\/src\/main\.go:30\n/,
  );
  assert.match(text, /\n#3 0 goroutines \(-1 from 1\) \[running\]\n {3}main\.main/);
});

test('a dump Go cut at its size limit keeps the goroutines before the cut, and says so', () => {
  const cut = DUMP.slice(0, DUMP.indexOf('main.loop()') + 'main.lo'.length);
  const dump = parseGoroutineDump(cut, 'cut.txt');
  assert.equal(dump.truncated, true);
  assert.deepEqual(
    dump.goroutines.map((g) => g.id),
    [1, 7, 9, 8],
  );
  const whole = parseGoroutineDump(DUMP.trimEnd(), 'whole.txt');
  assert.equal(whole.truncated, false);
  assert.equal(whole.goroutines.length, 5);
  const text = [...formatGoroutineReport(groupGoroutines(dump), { truncated: true })].join('');
  assert.match(
    text,
    /^Note: the dump ends mid-goroutine \(net\/http\/pprof stops writing it at 64 MB\): the goroutines after are not counted\n4 goroutines in 2 groups;/,
  );
});

test('goroutines with the same frames share a stack id; a different elision or frame does not', () => {
  const dump = parseGoroutineDump(DUMP, 'dump.txt');
  const stackOf = (id: number) => dump.goroutines.find((g) => g.id === id)!.stack;
  assert.equal(stackOf(7), stackOf(8));
  assert.equal(stackOf(7), stackOf(9));
  assert.notEqual(stackOf(7), stackOf(1));
  assert.notEqual(stackOf(11), stackOf(1));
});

test('a dump as a profile: one sample per group, its count and state; the main goroutine under runtime.main', () => {
  const profile = goroutineDumpProfile(parseGoroutineDump(DUMP, 'dump.txt'));
  assert.deepEqual(profile.sampleTypes, [{ type: 'goroutine', unit: 'count' }]);
  assert.equal(profile.samples.count, 3);
  assert.deepEqual([...profile.samples.values], [3, 1, 1]);
  const functionName = (location: number) => {
    const line = profile.locations.lineStart[location]!;
    return profile.strings[profile.functions.name[profile.locations.lineFunction[line]!]!];
  };
  const stack = (sample: number) => {
    const names: (string | undefined)[] = [];
    for (let at = profile.samples.stackStart[sample]!; at < profile.samples.stackStart[sample + 1]!; at++) {
      names.push(functionName(profile.samples.stackLocations[at]!));
    }
    return names;
  };
  assert.deepEqual(stack(0), ['main.worker']);
  assert.deepEqual(stack(2), ['main.main', 'runtime.main']);
});
