/**
 * The Slurm gate of the tests that submit real jobs: they run when `sbatch` is on PATH and the
 * controller answers, are skipped with a message otherwise, and fail instead when
 * BUGMINE_REQUIRE_SLURM=1 (as .ci/run sets it after starting its one-node cluster with
 * scripts/slurm/start-test-cluster.sh).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findOnPath } from '../../src/run/tools.js';

export interface SlurmGate {
  /** Whether the tests that need a cluster run. */
  readonly available: boolean;
}

export function slurmGate(name: string): SlurmGate {
  let why: string | null = null;
  if (findOnPath('sbatch') === null) why = 'sbatch is not installed';
  else {
    const ping = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', timeout: 15_000 });
    if (ping.status !== 0) why = `no Slurm controller answers (sinfo: ${(ping.stderr ?? '').trim().split('\n')[0] || `exit ${ping.status}`})`;
    else if (!/idle|mixed|alloc/.test(ping.stdout)) why = `no node can run jobs (sinfo: ${ping.stdout.trim() || 'no nodes'})`;
  }
  const required = process.env['BUGMINE_REQUIRE_SLURM'] === '1';
  if (why !== null && !required) {
    console.warn(`${name}: Slurm tests skipped, ${why}; as root, scripts/slurm/start-test-cluster.sh starts a one-node cluster (set BUGMINE_REQUIRE_SLURM=1 to fail instead)`);
  }
  describe.runIf(required && why !== null)('Slurm required', () => {
    it('has a Slurm cluster that runs jobs', () => {
      expect(why, 'BUGMINE_REQUIRE_SLURM=1 but no usable Slurm cluster').toBeNull();
    });
  });
  return { available: why === null };
}

/** Runs a Slurm client program and returns its stdout; throws with its stderr when it fails. */
export function slurm(program: string, args: string[]): string {
  const run = spawnSync(program, args, { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${program} ${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
  return run.stdout.trim();
}

/** Array task id → state, from `squeue -t all` (no slurmdbd: sacct has nothing). */
export function states(job: string): Map<string, string> {
  const lines = slurm('squeue', ['-h', '-t', 'all', '-r', '-j', job, '-o', '%i %T']).split('\n').filter(Boolean);
  return new Map(lines.map((line) => line.split(' ') as [string, string]));
}

export async function until(test: () => boolean, what: string, timeoutMs = 600_000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);
export const allFinal = (job: string): boolean => {
  const s = states(job);
  return s.size > 0 && [...s.values()].every((state) => FINAL.has(state));
};
