/**
 * `OUT/manifest.jsonl`: one JSON line per finished package, appended as packages finish (so a
 * crash loses at most the packages in flight). A package can appear more than once after retries;
 * its last line counts. Resume rule: a package is done when its last outcome is `ok` and its
 * output file (if it had samples) exists with the recorded size.
 */
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.jsonl';

export const OUTCOMES = ['ok', 'install-failed', 'timeout', 'no-python-files', 'extract-failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface PackageCounts {
  /** `.py` files the distribution installed. */
  files: number;
  functions: number;
  samples: number;
  /**
   * Files that gave no samples, by reason (`parse-error`, `too-large`, ...; `near-duplicate`: its
   * samples were dropped because an earlier file is a near-duplicate of it).
   */
  skipped: Record<string, number>;
  /** Samples dropped with near-duplicate files (not in `samples`; `functions` excludes theirs too). */
  nearDuplicateSamples?: number;
  /**
   * Files found to be vendored copies of another distribution (see vendored.ts), whether kept or
   * left out (those are also under `skipped.vendored`); absent when none or with `--vendored keep`.
   */
  vendored?: number;
}

/** A dropped near-duplicate file and the kept file it duplicates. */
export interface NearDuplicateEntry {
  path: string;
  of: { package: string; path: string };
}

export interface ManifestEntry {
  /** PEP 503 normalised project name. */
  package: string;
  /** The requirement as listed. */
  requirement: string;
  /** 0-based position of the requirement in the whole package list (before `--shard`); `bugmine merge` orders by it. */
  position?: number;
  outcome: Outcome;
  /** Installed version, when the install got that far. */
  version: string | null;
  counts: PackageCounts;
  /** Output file name inside OUT, or null when there were no samples. */
  output: string | null;
  outputBytes: number;
  durationMs: number;
  /**
   * CPU milliseconds of the package's job, measured by the host (the process group's /proc times
   * locally, the container's cgroup with Docker; polled every second, so up to the last second of
   * a job is missed); null when it could not be measured (a job that ended before the first
   * reading, a job that never ran, an entry of an older bugmine). Like durationMs it varies from
   * run to run and is no part of the output's determinism.
   */
  cpuMs: number | null;
  error: string | null;
  /** Files whose samples were dropped as near-duplicates (absent when none). */
  nearDuplicates?: NearDuplicateEntry[];
  /** Every distribution pip installed for it (itself and its dependencies), when the install succeeded. */
  installed?: { name: string; version: string }[];
}

export function emptyCounts(): PackageCounts {
  return { files: 0, functions: 0, samples: 0, skipped: {} };
}

/** A manifest line's `cpuMs`, or null when it has none that is a CPU time (an older bugmine's line). */
export function cpuMsOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Last entry per package; lines that are not complete JSON (a crash mid-append) are ignored. */
export async function readManifest(outDir: string): Promise<Map<string, ManifestEntry>> {
  const entries = new Map<string, ManifestEntry>();
  let text: string;
  try {
    text = await readFile(join(outDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return entries;
    throw error;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as ManifestEntry;
      if (typeof entry.package === 'string' && (OUTCOMES as readonly string[]).includes(entry.outcome)) entries.set(entry.package, { ...entry, cpuMs: cpuMsOf(entry.cpuMs) });
    } catch {
      // a torn last line
    }
  }
  return entries;
}

export async function appendManifest(outDir: string, entry: ManifestEntry): Promise<void> {
  await appendFile(join(outDir, MANIFEST_FILE), JSON.stringify(entry) + '\n');
}

/** True when `entry` records a finished package whose output is still in place and complete. */
export async function isComplete(outDir: string, entry: ManifestEntry | undefined): Promise<boolean> {
  if (entry === undefined || entry.outcome !== 'ok') return false;
  if (entry.output === null) return entry.counts.samples === 0;
  const info = await stat(join(outDir, entry.output)).catch(() => null);
  return info !== null && info.isFile() && info.size === entry.outputBytes;
}
