/**
 * A pool of up to `size` worker threads running one kind of job: `run(job)` resolves with the
 * worker's answer. Jobs queue when every worker is busy. A thread starts when a job finds none
 * idle, not before: each costs its imports (about 0.1 s of CPU) and the warm-up of its first job,
 * which a pool larger than its work (pypibugs with fewer repositories than threads) would pay for
 * nothing. A worker that dies fails its job and is replaced by the next job that needs one, so
 * one bad input cannot stop the pool.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';

interface Pending<R> {
  resolve(result: R): void;
  reject(error: Error): void;
}

interface Slot<R> {
  worker: Worker;
  busy: { id: number; pending: Pending<R> } | null;
}

export interface ThreadPoolOptions {
  /** Data every worker receives once, as `workerData`. */
  readonly workerData?: unknown;
}

export class ThreadPool<J, R> {
  private readonly slots: Slot<R>[] = [];
  private readonly queue: { id: number; job: J; pending: Pending<R> }[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly script: URL,
    readonly size: number,
    private readonly options: ThreadPoolOptions = {},
  ) {}

  /** Threads started and alive. */
  get threads(): number {
    return this.slots.length;
  }

  run(job: J): Promise<R> {
    if (this.closed) return Promise.reject(new Error('thread pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, pending: { resolve, reject } });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot<R> {
    const slot: Slot<R> = { worker: new Worker(this.script, { workerData: this.options.workerData }), busy: null };
    slot.worker.on('message', (message: { id: number; result?: R; error?: string }) => {
      const busy = slot.busy;
      if (busy === null || busy.id !== message.id) return;
      slot.busy = null;
      if (message.error !== undefined) busy.pending.reject(new Error(message.error));
      else busy.pending.resolve(message.result as R);
      this.dispatch();
    });
    const fail = (error: Error) => {
      const busy = slot.busy;
      slot.busy = null;
      busy?.pending.reject(error);
      if (this.closed) return;
      // Gone from the pool: the queue's next job starts a thread in its place.
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots.splice(index, 1);
      this.dispatch();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed && code !== 0) fail(new Error(`worker thread exited with code ${code}`));
    });
    return slot;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.busy === null);
      if (slot === undefined) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
        this.slots.push(slot);
      }
      const next = this.queue.shift()!;
      slot.busy = { id: next.id, pending: next.pending };
      slot.worker.postMessage({ id: next.id, job: next.job });
    }
  }
}

/** The worker side: answers each `{ id, job }` message with `handle(job)`. */
export function serveJobs<J, R>(
  port: { on(event: 'message', listener: (message: { id: number; job: J }) => void): unknown; postMessage(value: unknown, transfer?: TransferListItem[]): void },
  handle: (job: J) => Promise<R>,
  transferOf: (result: R) => TransferListItem[] = () => [],
): void {
  port.on('message', ({ id, job }) => {
    handle(job).then(
      (result) => port.postMessage({ id, result }, transferOf(result)),
      (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
