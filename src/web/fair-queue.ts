// A queue of jobs shared by owners (viewer sessions) and served round-robin, in priority lanes:
// a job of a lower lane is taken before any job of a higher one (a new session's first paint
// before other sessions' clicks), and within a lane owners take turns. By default at most one job
// of each owner runs at a time, so an owner with many jobs queued holds back another owner's job by
// at most its one running job. No Node APIs; the graph layout pool's and the query pool's
// scheduling, tested alone.

export interface FairQueueOptions {
  /** Lanes, 0 first; default 1. */
  readonly lanes?: number;
  /** At most one running job per owner (default); false: an owner's jobs may run side by side. */
  readonly onePerOwner?: boolean;
}

export class FairQueue<Owner, Job> {
  /** Per lane, each owner's waiting jobs; a Map's insertion order is the lane's round-robin order. */
  private readonly waiting: Map<Owner, Job[]>[];
  private readonly running = new Set<Owner>();
  private readonly onePerOwner: boolean;

  constructor(options: FairQueueOptions = {}) {
    this.waiting = Array.from({ length: Math.max(1, options.lanes ?? 1) }, () => new Map<Owner, Job[]>());
    this.onePerOwner = options.onePerOwner ?? true;
  }

  push(owner: Owner, job: Job, lane = 0): void {
    const waiting = this.waiting[Math.min(Math.max(lane, 0), this.waiting.length - 1)]!;
    const jobs = waiting.get(owner);
    if (jobs === undefined) waiting.set(owner, [job]);
    else jobs.push(job);
  }

  /**
   * The next job to run from lanes `fromLane` to `toLane`: the oldest job of the first owner in
   * turn (that runs none) of the first lane with one. The owner is then running (until `finish`) and
   * goes to the back of its lane's round.
   */
  take(
    fromLane = 0,
    toLane = this.waiting.length - 1,
  ): { readonly owner: Owner; readonly job: Job; readonly lane: number } | undefined {
    for (let lane = fromLane; lane <= Math.min(toLane, this.waiting.length - 1); lane++) {
      const waiting = this.waiting[lane]!;
      for (const [owner, jobs] of waiting) {
        if (this.onePerOwner && this.running.has(owner)) continue;
        const job = jobs.shift()!;
        waiting.delete(owner);
        if (jobs.length > 0) waiting.set(owner, jobs);
        if (this.onePerOwner) this.running.add(owner);
        return { owner, job, lane };
      }
    }
    return undefined;
  }

  /** The owner's running job ended: its next job may run. */
  finish(owner: Owner): void {
    this.running.delete(owner);
  }

  /** How many jobs could start now (one per owner that has jobs waiting and none running). */
  get startable(): number {
    let count = 0;
    for (const waiting of this.waiting) {
      for (const owner of waiting.keys()) if (!this.onePerOwner || !this.running.has(owner)) count++;
    }
    return count;
  }

  /** How many jobs wait in `lane`. */
  waitingIn(lane: number): number {
    let count = 0;
    for (const jobs of this.waiting[lane]?.values() ?? []) count += jobs.length;
    return count;
  }

  /** Removes and returns the waiting jobs of `owner` (its running ones are the caller's). */
  remove(owner: Owner): Job[] {
    const jobs: Job[] = [];
    for (const waiting of this.waiting) {
      jobs.push(...(waiting.get(owner) ?? []));
      waiting.delete(owner);
    }
    return jobs;
  }

  /** Removes and returns every waiting job (running ones are the caller's). */
  drain(): Job[] {
    const jobs = this.waiting.flatMap((waiting) => [...waiting.values()].flat());
    for (const waiting of this.waiting) waiting.clear();
    return jobs;
  }
}
