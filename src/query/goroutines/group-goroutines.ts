// Groups a dump's goroutines by identical stack and state, and ranks the groups by a leak score,
// so that a pile-up (12,000 goroutines parked on one channel) is the first thing a person reads.

import type { GoroutineDump, GoroutineFrame } from './parse-goroutine-dump.js';

/** How many goroutines of a group have waited how long (Go's minutes; 0 is under a minute). */
export interface WaitCount {
  readonly minutes: number;
  readonly count: number;
}

export interface GoroutineGroup {
  /** Stable within a dump and across dumps of one program: the state and the frames' text. */
  readonly key: string;
  readonly state: string;
  /** True for states that wait on something else (channels, locks, I/O): what leaks look like. */
  readonly blocked: boolean;
  readonly count: number;
  /** Ascending. */
  readonly ids: readonly number[];
  /** Leaf first. */
  readonly frames: readonly GoroutineFrame[];
  readonly framesElided: boolean;
  /** The `created by` frame of the group's goroutines (the most frequent one, should they differ). */
  readonly createdBy: GoroutineFrame | undefined;
  /** Ascending by minutes. */
  readonly waits: readonly WaitCount[];
  readonly longestWaitMinutes: number;
  readonly lockedToThread: number;
  /** count × max(1, longest wait in minutes); see rankGoroutineGroups. */
  readonly leakScore: number;
}

/**
 * States that are not waiting on another goroutine, the kernel's answer or a lock: the scheduler's
 * own (running, runnable, syscall) and the runtime's idle workers. Everything else is blocked.
 */
const NOT_BLOCKED = [
  'running',
  'runnable',
  'syscall',
  'idle',
  'sleep',
  'GC worker (idle)',
  'GC sweep wait',
  'GC scavenge wait',
  'finalizer wait',
  'force gc (idle)',
  'trace reader (blocked)',
  'wait for GC cycle',
  'preempted',
  'dead',
  'copystack',
];

/** Whether a state (the header's first part) waits on something: see NOT_BLOCKED. */
export function isBlockedState(state: string): boolean {
  const base = state.split(', ')[0]!;
  return !NOT_BLOCKED.includes(base);
}

/** The groups of `dump`, ranked (rankGoroutineGroups). */
export function groupGoroutines(dump: GoroutineDump): GoroutineGroup[] {
  const byKey = new Map<string, { state: string; members: number[] }>();
  const { goroutines } = dump;
  for (let index = 0; index < goroutines.length; index++) {
    const goroutine = goroutines[index]!;
    const key = `${goroutine.stack}|${goroutine.state}`;
    let group = byKey.get(key);
    if (group === undefined) {
      group = { state: goroutine.state, members: [] };
      byKey.set(key, group);
    }
    group.members.push(index);
  }
  const groups: GoroutineGroup[] = [];
  for (const { state, members } of byKey.values()) groups.push(summarize(dump, state, members));
  return rankGoroutineGroups(groups);
}

/**
 * The leak score ranks: blocked groups before the others, then by count × max(1, longest wait in
 * minutes) (a thousand goroutines parked for an hour outrank a thousand that just arrived, and
 * Go prints no wait under a minute, hence the 1), then by count, then by key for a stable order.
 */
export function rankGoroutineGroups<Group extends GoroutineGroup>(groups: Group[]): Group[] {
  return groups.sort(
    (a, b) =>
      Number(b.blocked) - Number(a.blocked) ||
      b.leakScore - a.leakScore ||
      b.count - a.count ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

function summarize(dump: GoroutineDump, state: string, members: readonly number[]): GoroutineGroup {
  const first = dump.goroutines[members[0]!]!;
  const frames = first.frames.map((index) => dump.frames[index]!);
  const ids: number[] = [];
  const waits = new Map<number, number>();
  const creators = new Map<number, number>();
  let lockedToThread = 0;
  for (const member of members) {
    const goroutine = dump.goroutines[member]!;
    ids.push(goroutine.id);
    waits.set(goroutine.waitMinutes, (waits.get(goroutine.waitMinutes) ?? 0) + 1);
    creators.set(goroutine.createdBy, (creators.get(goroutine.createdBy) ?? 0) + 1);
    if (goroutine.lockedToThread) lockedToThread += 1;
  }
  ids.sort((a, b) => a - b);
  const waitCounts = [...waits].map(([minutes, count]) => ({ minutes, count })).sort((a, b) => a.minutes - b.minutes);
  const longestWaitMinutes = waitCounts[waitCounts.length - 1]!.minutes;
  const creator = [...creators].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  return {
    key: stackKey(state, frames, first.framesElided),
    state,
    blocked: isBlockedState(state),
    count: members.length,
    ids,
    frames,
    framesElided: first.framesElided,
    createdBy: creator < 0 ? undefined : dump.frames[creator],
    waits: waitCounts,
    longestWaitMinutes,
    lockedToThread,
    leakScore: members.length * Math.max(1, longestWaitMinutes),
  };
}

/** The key of a stack in a state, the same in every dump of one binary (frame indexes are not). */
export function stackKey(state: string, frames: readonly GoroutineFrame[], elided: boolean): string {
  const text = frames.map((frame) => `${frame.function} ${frame.file}:${frame.line}`).join('\n');
  return `${state}\n${text}${elided ? '\n…' : ''}`;
}
