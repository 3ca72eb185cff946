/**
 * The one shape of running a job somewhere else (a worker thread, a child process, a worker
 * container), whatever the job: a job in, its outcome out, in the same terms for every job.
 * Everything a worker hands back is hostile input (see hand-back.ts), so `ok` carries only what the
 * executor checked: a generic runner (WorkerContainers) the hand-back's rules, giving `Exited`; a
 * job's executor (extract's packages, pypibugs' units) also the job's result, with `checkExited`.
 * A job's caller never reads what a worker handed back itself.
 */
import type { TimeoutHit } from './time-limits.js';

/** `cpuMs`: the CPU time of the job's processes as the host last measured it (null: not measured), never anything the job reported. */
export type JobOutcome<Result> =
  /** The job finished and what it handed back passed the checks. */
  | { readonly kind: 'ok'; readonly result: Result; readonly cpuMs: number | null }
  /** What the job handed back broke the rules: a file the hand-back does not allow, or a result its checks refuse. */
  | { readonly kind: 'rejected'; readonly error: string; readonly cpuMs: number | null }
  /** Killed for time: which limit hit, and what it had used. */
  | TimeoutHit
  /** The job ended without a result, or could not be run. */
  | { readonly kind: 'crashed'; readonly error: string; readonly cpuMs: number | null }
  /** Stopped by `killAll` (an interrupt): not an outcome of the job, nothing is recorded. */
  | { readonly kind: 'interrupted' };

export interface Executor<Job, Result> {
  /** Runs one job to its end (or until it passes a limit, or `killAll`). */
  run(job: Job): Promise<JobOutcome<Result>>;
  /** Stops every job still running (an interrupt); resolves when they are gone. */
  killAll(): Promise<void>;
}

/**
 * The result of a worker process or container once it exited: the files copied into the
 * hand-back directory under the hand-back's rules (their content not checked yet), its exit code
 * (null: none, e.g. it could not be started) and the tail of its log.
 */
export interface Exited {
  readonly handedBack: readonly string[];
  readonly exitCode: number | null;
  readonly log: string;
}

/** A result, read from what a worker handed back, that the host refuses: the job is rejected. */
export class ResultRejected extends Error {}

/** How the messages of `checkExited` name a job: `job` ("the unit") and what exits (`worker`: "worker container"). */
export interface JobNaming {
  readonly job: string;
  readonly worker: string;
}

/**
 * The outcome of a job whose worker exited, its hand-back checked: without `resultFile` among the
 * files handed back it crashed; otherwise `check` reads the host's copies, returns the result, and
 * throws a ResultRejected for what it refuses (any other error propagates).
 */
export async function checkExited<Result>(
  outcome: JobOutcome<Exited>,
  naming: JobNaming,
  resultFile: string,
  check: (exited: Exited) => Promise<Result>,
): Promise<JobOutcome<Result>> {
  if (outcome.kind === 'rejected') return { ...outcome, error: `rejected what ${naming.job} handed back: ${outcome.error}` };
  if (outcome.kind !== 'ok') return outcome;
  const exited = outcome.result;
  if (!exited.handedBack.includes(resultFile)) return { kind: 'crashed', error: `${naming.worker} exited with code ${exited.exitCode} without a result: ${exited.log}`, cpuMs: outcome.cpuMs };
  try {
    return { kind: 'ok', result: await check(exited), cpuMs: outcome.cpuMs };
  } catch (error) {
    if (error instanceof ResultRejected) return { kind: 'rejected', error: `rejected ${naming.job}'s result: ${error.message}`, cpuMs: outcome.cpuMs };
    throw error;
  }
}
