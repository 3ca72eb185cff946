/**
 * The files of a package job left out before extraction: those `--exclude`/`--no-tests` match
 * (`excluded`), then the vendored copies `--vendored` drops (`vendored`).
 */
import type { LeaveOutReason } from '../extract-dir/run.js';
import { EXCLUDED, exclusionMatcher } from '../samples/file-exclusion.js';
import type { InstalledDistribution } from './distribution.js';
import type { PackageJob } from './package-job.js';
import { findVendoredFiles, VENDORED, vendoredLeaveOut } from './vendored.js';

export interface LeaveOutRule {
  /** Null when nothing is left out. */
  readonly leaveOut: ((graphPath: string) => LeaveOutReason | null) | null;
  /** Vendored files found (kept or left out); 0 with `--vendored keep`. */
  readonly vendored: number;
}

export async function leaveOutRule(job: PackageJob, distribution: InstalledDistribution): Promise<LeaveOutRule> {
  const excluded = exclusionMatcher({ ...(job.exclude ? { exclude: job.exclude } : {}), ...(job.noTests ? { noTests: true } : {}) });
  const mode = job.vendored ?? 'keep';
  const vendoredFiles = mode === 'keep' ? new Map<string, string>() : await findVendoredFiles(distribution.siteDir, distribution.pythonFiles, distribution.nestedRecords, job.key);
  const dropVendored = vendoredFiles.size === 0 ? null : vendoredLeaveOut(mode, vendoredFiles, new Set(job.listedPackages ?? []));
  if (excluded === null && dropVendored === null) return { leaveOut: null, vendored: vendoredFiles.size };
  return {
    leaveOut: (graphPath) => (excluded?.(graphPath) ? EXCLUDED : dropVendored?.(graphPath) ? VENDORED : null),
    vendored: vendoredFiles.size,
  };
}
