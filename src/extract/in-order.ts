/**
 * Commits finished items strictly in their list positions' order, whatever order they finish in:
 * an item waits until every item before it is committed. So the committed items are always a
 * prefix of the list, and what a commit sees (e.g. the near-duplicate index) does not depend on
 * scheduling. Commits run one at a time.
 */
export class InOrderCommits<T> {
  private readonly ready = new Map<number, T | null>();
  private next = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  private stopped = false;

  constructor(private readonly commit: (item: T, position: number) => Promise<void>) {}

  /** Position `position` finished; `null` abandons it (interrupted), and nothing after it is committed. */
  finished(position: number, item: T | null): void {
    this.ready.set(position, item);
    // The chain never rejects (a failure is kept for `drained()`), so no rejection goes unhandled.
    this.chain = this.chain.then(() => this.drain()).catch((error: unknown) => {
      this.failure ??= { error };
      this.stopped = true;
    });
  }

  /** True once a commit failed or a position was abandoned: later work is wasted. */
  get halted(): boolean {
    return this.stopped;
  }

  /** Positions committed so far. */
  get committed(): number {
    return this.next;
  }

  /** Resolves when every ready item that can be committed is; rejects with the first commit failure. */
  async drained(): Promise<void> {
    await this.chain;
    if (this.failure !== null) throw this.failure.error;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.ready.has(this.next)) {
      const item = this.ready.get(this.next)!;
      this.ready.delete(this.next);
      if (item === null) {
        this.stopped = true;
        return;
      }
      await this.commit(item, this.next);
      this.next++;
    }
  }
}
