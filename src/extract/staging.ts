/**
 * Durable staging of finished packages. Packages are committed into OUT strictly in list order
 * (see in-order.ts), so a package that finishes early waits for slower ones before it. So that an
 * interrupt, a kill -9 or a power cut loses only the packages still running, every finished
 * package is staged the moment it finishes: its checked copies (output, signatures, the job's
 * result) and a record of its manifest entry go into `WORK/@staged/<package>/`, made complete
 * and synced under another name first and then renamed into place, so a staging directory either
 * is whole or is not there. A resumed run takes a staged package instead of running it again and
 * commits it at its turn in list order (with near-duplicate dropping then), so its output is the
 * same as an uninterrupted run's.
 *
 * A staging directory lives in OUT, which anything may have changed since (a torn write after a
 * power cut, a user, a tool): on resume it is hostile input like a job's hand-back, checked as
 * strictly (names, regular files, sizes, the record's schema, the samples read to the end) and
 * run again when anything is wrong, with a one-line warning naming the file.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { integer, literal, nullable, object, parseChecked, SchemaError, string } from '../io/schema.js';
import { removeTree } from '../io/remove-tree.js';
import type { PackageJob } from './package-job.js';
import { RESULT_FILE } from './package-job.js';
import type { FinishedPackage } from './commit.js';
import { checkJobOutput, JobResultRejected, packageHandBack, parseJobResult } from './job-result.js';
import type { ManifestEntry } from './manifest.js';
import type { Requirement } from './package-list.js';

export const STAGED_DIR = '@staged';
export const STAGED_RECORD = 'staged.json';
const MAX_RECORD_BYTES = 2 * 1024 * 1024;

/** What a job's result depends on: a staged package of other settings is run again. */
export type JobSettings = Omit<PackageJob, 'workDir'>;

/** Limits whose change makes a staged `timeout` stale (a longer budget may let it finish). */
export interface JobLimits {
  readonly timeoutMs: number;
  readonly cpuTimeoutMs?: number | null;
}

/** Every setting of the job, canonically: a setting added to PackageJob counts without being listed here. */
export function jobFingerprint(settings: JobSettings): string {
  const canonical = JSON.stringify(settings, Object.keys(settings).sort());
  return createHash('sha256').update(canonical).digest('hex');
}

function limitsKey(limits: JobLimits): string {
  return `${limits.timeoutMs}/${limits.cpuTimeoutMs ?? 'none'}`;
}

const RECORD = object(
  {
  format: literal('bugmine-staged'),
  version: literal(1),
  job: string({ maxLength: 64, pattern: /^[0-9a-f]{64}$/ }),
  limits: string({ maxLength: 64 }),
  requirement: string({ maxLength: 4096 }),
  durationMs: integer(),
  // Checked as a job's result is (parseJobResult): the same schema, the same rules.
  result: (value: unknown) => value,
  },
  // Optional: a record staged by a bugmine before it was measured is still taken, as not measured.
  { cpuMs: nullable(integer()) },
);

/** Syncs a file or directory to disk. */
async function sync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Stages `finished` (whose checked copies are in `finished.resultDir`, or which has none) and
 * returns it as staged: its files now in `WORK/@staged/<package>/`. Durable when this resolves.
 */
export async function stagePackage(workRoot: string, finished: FinishedPackage, scratchDir: string, settings: JobSettings, limits: JobLimits): Promise<FinishedPackage> {
  const { entry } = finished;
  const dir = finished.resultDir ?? scratchDir;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const name of await readdir(dir)) await sync(join(dir, name));
  const record = {
    format: 'bugmine-staged',
    version: 1,
    job: jobFingerprint(settings),
    limits: limitsKey(limits),
    requirement: entry.requirement,
    durationMs: entry.durationMs,
    cpuMs: entry.cpuMs,
    result: { outcome: entry.outcome, version: entry.version, counts: entry.counts, output: entry.output, error: entry.error, ...(entry.installed === undefined ? {} : { installed: entry.installed }) },
  };
  await writeFile(join(dir, STAGED_RECORD), JSON.stringify(record) + '\n', { mode: 0o600 });
  await sync(join(dir, STAGED_RECORD));
  await sync(dir);
  const stagedRoot = join(workRoot, STAGED_DIR);
  await mkdir(stagedRoot, { recursive: true, mode: 0o700 });
  const target = join(stagedRoot, entry.package);
  await removeTree(target);
  await rename(dir, target);
  await sync(stagedRoot);
  return { entry, resultDir: target };
}

/** A staged package that cannot be used: the reason names the file. */
export class StagedRejected extends Error {}

/**
 * The staged package of `requirement`, checked; null when none is staged. Throws StagedRejected
 * (after which the caller removes it and runs the package again) when it is not usable.
 */
export async function loadStaged(workRoot: string, requirement: Requirement, settings: JobSettings, limits: JobLimits): Promise<FinishedPackage | null> {
  const dir = join(workRoot, STAGED_DIR, requirement.key);
  const info = await lstat(dir).catch(() => null);
  if (info === null) return null;
  if (!info.isDirectory()) throw new StagedRejected(`${dir}: not a directory`);
  const allowed: Record<string, number> = { ...packageHandBack(requirement.key, dir).files, [STAGED_RECORD]: MAX_RECORD_BYTES };
  const present: string[] = [];
  for (const name of await readdir(dir)) {
    const file = join(dir, name);
    if (!Object.hasOwn(allowed, name)) throw new StagedRejected(`${file}: not a file of a staged package`);
    const stat = await lstat(file);
    if (!stat.isFile()) throw new StagedRejected(`${file}: not a regular file`);
    if (stat.size > allowed[name]!) throw new StagedRejected(`${file}: larger than its limit of ${allowed[name]} bytes`);
    if (name !== STAGED_RECORD) present.push(name);
  }
  const recordFile = join(dir, STAGED_RECORD);
  let record;
  let result;
  try {
    record = parseChecked(await readFile(recordFile, 'utf8'), RECORD, MAX_RECORD_BYTES);
    result = parseJobResult(JSON.stringify(record.result), requirement.key);
  } catch (error) {
    if (error instanceof SchemaError || error instanceof JobResultRejected) throw new StagedRejected(`${recordFile}:1: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StagedRejected(`${recordFile}: missing`);
    throw error;
  }
  if (record.job !== jobFingerprint(settings)) throw new StagedRejected(`${recordFile}: staged with other settings`);
  if (record.requirement !== requirement.spec) throw new StagedRejected(`${recordFile}: staged for requirement ${JSON.stringify(record.requirement)}`);
  if (result.outcome === 'timeout' && record.limits !== limitsKey(limits)) throw new StagedRejected(`${recordFile}: timed out under other limits`);
  // A staged result with samples must still have them all, as the job handed them back.
  const files = present.filter((name) => name !== RESULT_FILE);
  if (result.output !== null || files.length > 0) {
    try {
      await checkJobOutput(dir, result, requirement.name, files);
    } catch (error) {
      if (error instanceof JobResultRejected) throw new StagedRejected(`${dir}: ${error.message}`);
      throw error;
    }
  }
  const entry: ManifestEntry = {
    package: requirement.key,
    requirement: requirement.spec,
    ...(requirement.position === undefined ? {} : { position: requirement.position }),
    outcome: result.outcome,
    version: result.version,
    counts: result.counts,
    output: result.output,
    outputBytes: 0,
    durationMs: record.durationMs,
    cpuMs: record.cpuMs ?? null,
    error: result.error,
    ...(result.installed === undefined ? {} : { installed: result.installed }),
  };
  return { entry, resultDir: dir };
}

/** Removes staged packages other than `keep` (committed ones, packages not in this run). */
export async function sweepStaged(workRoot: string, keep: ReadonlySet<string>): Promise<void> {
  const root = join(workRoot, STAGED_DIR);
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) if (!keep.has(name)) await removeTree(join(root, name));
}

/** Removes everything of WORK but the staged packages (scratch of jobs that did not finish). */
export async function clearScratch(workRoot: string): Promise<void> {
  const names = await readdir(workRoot).catch(() => [] as string[]);
  for (const name of names) if (name !== STAGED_DIR) await removeTree(join(workRoot, name));
  // Nothing staged: leave OUT as an uninterrupted run would, without an empty work directory.
  const staged = await readdir(join(workRoot, STAGED_DIR)).catch(() => [] as string[]);
  if (staged.length === 0) await removeTree(workRoot);
}
