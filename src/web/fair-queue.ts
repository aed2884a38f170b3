// A queue of jobs shared by owners (viewer sessions) and served round-robin, with at most one job
// of each owner running at a time: an owner with many jobs queued holds back another owner's job
// by at most its one running job. No Node APIs; the graph layout pool's scheduling, tested alone.

export class FairQueue<Owner, Job> {
  /** Each owner's waiting jobs; the Map's insertion order is the round-robin order. */
  private readonly waiting = new Map<Owner, Job[]>();
  private readonly running = new Set<Owner>();

  push(owner: Owner, job: Job): void {
    const jobs = this.waiting.get(owner);
    if (jobs === undefined) this.waiting.set(owner, [job]);
    else jobs.push(job);
  }

  /**
   * The next job to run: the oldest job of the first owner in turn that runs none. The owner is
   * then running (until `finish`) and goes to the back of the round.
   */
  take(): { readonly owner: Owner; readonly job: Job } | undefined {
    for (const [owner, jobs] of this.waiting) {
      if (this.running.has(owner)) continue;
      const job = jobs.shift()!;
      this.waiting.delete(owner);
      if (jobs.length > 0) this.waiting.set(owner, jobs);
      this.running.add(owner);
      return { owner, job };
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
    for (const owner of this.waiting.keys()) if (!this.running.has(owner)) count++;
    return count;
  }

  /** Removes and returns every waiting job (running ones are the caller's). */
  drain(): Job[] {
    const jobs = [...this.waiting.values()].flat();
    this.waiting.clear();
    return jobs;
  }
}
