/**
 * The two time limits of a job: wall-clock time, and the CPU time of everything the job runs
 * (its process group locally, its container's cgroup in Docker). A wall-clock cap alone kills a
 * package that merely waited on a busy machine; a CPU budget alone lets a job that hangs on the
 * network wait forever. The executors enforce both and say which one hit.
 */

export interface TimeLimits {
  /** Wall-clock milliseconds from the job's start. */
  readonly wallMs: number;
  /** CPU milliseconds of the job's processes together (null: no CPU budget). */
  readonly cpuMs: number | null;
}

/** How a job that was killed for time ended: which limit hit, and what it had used by then. */
export interface TimeoutHit {
  readonly kind: 'timeout';
  readonly limit: 'wall-clock' | 'cpu';
  /** That limit: wall-clock or CPU milliseconds. */
  readonly limitMs: number;
  readonly elapsedMs: number;
  /** CPU time used, as last measured (null: it could not be measured). */
  readonly cpuMs: number | null;
}

/** How a job started at `started` (epoch ms) ended when `limit` of `limits` stopped it, having used `cpuMs`. */
export function timeoutHit(limit: TimeoutHit['limit'], limits: TimeLimits, started: number, cpuMs: number | null): TimeoutHit {
  return { kind: 'timeout', limit, limitMs: limit === 'cpu' ? (limits.cpuMs ?? 0) : limits.wallMs, elapsedMs: Date.now() - started, cpuMs };
}

/** How often the CPU time of a running job is read. */
export const CPU_POLL_MS = 1000;
/** The least time between two readings prompted by the job's own activity (`CpuWatch.nudge`). */
export const NUDGE_POLL_MS = 200;

/**
 * Polls `measure` (the job's CPU milliseconds so far, null when unknown) every `intervalMs` and
 * calls `exceeded` once when it passes `limitMs`. The highest reading is kept: processes of a
 * group can exit without their time being counted by anyone, so a sum can go down.
 */
export class CpuWatch {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = false;
  private nudged = 0;
  /** The highest CPU time read so far (null before the first reading succeeded). */
  usedMs: number | null = null;
  /** True once the budget was found spent. */
  hit = false;

  constructor(
    private readonly measure: () => Promise<number | null>,
    private readonly limitMs: number | null,
    private readonly exceeded: () => void,
    intervalMs = CPU_POLL_MS,
  ) {
    this.timer = setInterval(() => void this.poll(), intervalMs);
  }

  /** Takes one reading now (also the last one, before the job's processes are gone). */
  async poll(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      const used = await this.measure().catch(() => null);
      if (used !== null && (this.usedMs === null || used > this.usedMs)) this.usedMs = used;
      if (!this.hit && !this.stopped && this.limitMs !== null && this.usedMs !== null && this.usedMs >= this.limitMs) {
        this.hit = true;
        this.exceeded();
      }
    } finally {
      this.busy = false;
    }
  }

  /**
   * A reading now, prompted by the job's activity (its output: its last report comes just before
   * it exits), at most one per NUDGE_POLL_MS, so a job shorter than the poll interval is measured too.
   */
  nudge(): void {
    const now = Date.now();
    if (now - this.nudged < NUDGE_POLL_MS) return;
    this.nudged = now;
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}

/**
 * The error text of a job killed for time: which limit hit, what the job had used of both, and
 * the option (`wallOption`, `cpuOption`) that raises the limit.
 */
export function describeTimeout(hit: TimeoutHit, options: { wallOption: string; cpuOption: string }): string {
  const elapsed = `${seconds(hit.elapsedMs)} s of wall-clock time`;
  const cpu = hit.cpuMs === null ? 'an unknown amount of CPU time' : `${seconds(hit.cpuMs)} CPU-s`;
  if (hit.limit === 'cpu') {
    return `CPU-time limit hit: used ${cpu} of the ${seconds(hit.limitMs)} allowed, after ${elapsed}; killed (raise it with ${options.cpuOption} SECONDS)`;
  }
  return `wall-clock limit hit: no result after ${elapsed} (${seconds(hit.limitMs)} allowed), having used ${cpu}; killed (raise it with ${options.wallOption} SECONDS)`;
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
