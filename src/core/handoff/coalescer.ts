/**
 * Runs a job per key at most once at a time; calls that arrive while it runs
 * make it run once more afterwards (so the last change is always reflected),
 * and their promises resolve when that run is done.
 */
export class Coalescer {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  run(key: string, job: () => Promise<void>): Promise<void> {
    const current = this.running.get(key);
    if (current) {
      this.again.add(key);
      return current;
    }
    const p = (async () => {
      do {
        this.again.delete(key);
        await job();
      } while (this.again.has(key));
    })().finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }

  /** Resolves when every job started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }
}
