/**
 * How `extract` runs a package's job, wherever it runs: an Executor (src/run/executor.ts) of
 * package runs whose `ok` carries the job's result checked by the host (job-result.ts). The local
 * executor runs the job as a child process, the Docker executor in a worker container.
 */
import type { Executor } from '../run/executor.js';
import type { HandBack } from '../run/hand-back.js';
import type { TimeLimits } from '../run/time-limits.js';
import type { PackageJob, PackageJobResult } from './package-job.js';
import type { PhaseReport } from './phase.js';

export interface PackageRun {
  readonly job: PackageJob;
  /** The job is killed when it passes either. */
  readonly limits: TimeLimits;
  /** The files the job may hand back (from its output directory), and the host directory receiving the copies. */
  readonly handBack: HandBack;
  /** Receives the job's phase reports (its stdout, checked by PhaseLineReader). */
  readonly onPhase?: (report: PhaseReport) => void;
}

export type PackageExecutor = Executor<PackageRun, PackageJobResult>;
