/**
 * A bound on the CPU time the analysis of one file may take. Analysis is synchronous, so it cannot
 * be interrupted from outside: it calls `checkCpuBudget` at cheap checkpoints (per pass, per call
 * site, per inference step, per function) and the check throws `AnalysisTimeoutError` once the
 * budget of the innermost `withCpuBudget` is spent.
 *
 * CPU time is the calling thread's own (worker threads share one process): Node's
 * `process.threadCpuUsage` where it exists, else Linux's `/proc/thread-self/stat`, else the
 * process's CPU time on the main thread, else wall time as a stand-in. A checkpoint costs one
 * `performance.now()`: since a thread's CPU time never runs ahead of wall time, the CPU clock is
 * only read once wall time says the budget could be spent.
 */
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** Default of `--max-file-cpu-seconds`. */
export const DEFAULT_MAX_FILE_CPU_SECONDS = 60;

export class AnalysisTimeoutError extends Error {
  override readonly name = 'AnalysisTimeoutError';

  constructor(
    readonly seconds: number,
    /** The step that was running (`the call-and-type pass`, `rewrite 2 of function f`, ...). */
    readonly step: string,
    /** 1-based line of the code being analysed, when known. */
    readonly line: number | null = null,
    /** The outermost function being analysed, when known. */
    readonly functionName: string | null = null,
  ) {
    super(
      `analysis exceeded ${seconds} CPU seconds in ${step}` +
        (functionName !== null ? `, function ${functionName}` : '') +
        (line !== null ? ` (line ${line})` : ''),
    );
  }

  /** The same timeout, told the line it happened at (kept if it knows one). */
  atLine(line: number | null): AnalysisTimeoutError {
    return this.line !== null || line === null ? this : new AnalysisTimeoutError(this.seconds, this.step, line, this.functionName);
  }

  /** The same timeout, told which function it happened in. */
  inFunction(functionName: string): AnalysisTimeoutError {
    return this.functionName !== null ? this : new AnalysisTimeoutError(this.seconds, this.step, this.line, functionName);
  }
}

type CpuClock = () => number;

/** Seconds of CPU time of the calling thread (or the best stand-in this platform offers). */
export const threadCpuSeconds: CpuClock = pickClock();

function pickClock(): CpuClock {
  const threadUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (typeof threadUsage === 'function') {
    return () => {
      const usage = threadUsage.call(process);
      return (usage.user + usage.system) / 1e6;
    };
  }
  if (procThreadSeconds() !== null) return () => procThreadSeconds()!;
  if (isMainThread) {
    return () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1e6;
    };
  }
  return () => performance.now() / 1000;
}

/** utime + stime of this thread from /proc (in USER_HZ, 100 per second on Linux), or null. */
function procThreadSeconds(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'latin1');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / 100 : null;
}

interface ActiveBudget {
  readonly seconds: number;
  readonly cpuStart: number;
  /** performance.now() before which the budget cannot be spent. */
  nextCheck: number;
}

let active: ActiveBudget | null = null;

/**
 * Runs `run` with at most `seconds` of CPU time (null or Infinity: unbounded) for the checkpoints
 * inside it; nested budgets replace the outer one while they run.
 */
export function withCpuBudget<T>(seconds: number | null | undefined, run: () => T): T {
  if (seconds === null || seconds === undefined || seconds === Infinity) return run();
  const outer = active;
  active = { seconds, cpuStart: threadCpuSeconds(), nextCheck: performance.now() + seconds * 1000 };
  try {
    return run();
  } finally {
    active = outer;
  }
}

/**
 * A checkpoint: throws `AnalysisTimeoutError` naming `step` (a string, or a function making it,
 * called only on timeout) when the current budget is spent.
 */
export function checkCpuBudget(step: string | (() => string), line: number | null = null): void {
  const budget = active;
  if (budget === null) return;
  const now = performance.now();
  if (now < budget.nextCheck) return;
  const used = threadCpuSeconds() - budget.cpuStart;
  if (used >= budget.seconds) throw new AnalysisTimeoutError(budget.seconds, typeof step === 'string' ? step : step(), line);
  // The thread cannot spend the rest sooner than in the same wall time (at least 10 ms apart).
  budget.nextCheck = now + Math.max((budget.seconds - used) * 1000, 10);
}

/** `error` if it is a timeout (to rethrow through code that swallows other failures), else null. */
export function asAnalysisTimeout(error: unknown): AnalysisTimeoutError | null {
  return error instanceof AnalysisTimeoutError ? error : null;
}
