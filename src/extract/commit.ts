/**
 * Committing one finished package into OUT: its output file moved into place (without the samples
 * of near-duplicate files, when dedup is on), its files added to the near-duplicate index, then
 * its manifest line. Packages are committed in package-list order (see `InOrderCommits`).
 */
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { peekRouting } from '../io/peek.js';
import { readValueViews } from '../io/reader.js';
import { SampleWriter } from '../io/writer.js';
import type { NearDuplicates, PackageVerdict } from '../dedup/near-duplicates.js';
import { readSignatures } from '../dedup/signatures.js';
import { outputFileName } from '../extract-dir/run.js';
import { appendManifest, type ManifestEntry } from './manifest.js';

export const NEAR_DUPLICATE = 'near-duplicate';

/** A package whose job has ended, waiting for its turn. */
export interface FinishedPackage {
  /** Its manifest entry; `output` names the output file inside `resultDir` until committed. */
  readonly entry: ManifestEntry;
  /** Where the job's output and signatures are (removed by the commit), or null without any. */
  readonly resultDir: string | null;
}

export interface CommitContext {
  readonly outDir: string;
  /** Null with `--no-dedup`. */
  readonly dedup: NearDuplicates | null;
  readonly warn: (line: string) => void;
}

/**
 * Commits `finished` and returns its final manifest entry. A package whose output cannot be
 * committed (unreadable signatures, sample counts that do not add up) is recorded as
 * `extract-failed` and leaves nothing in OUT or in the index; failures of OUT itself (a full disk)
 * are thrown.
 */
export async function commitPackage(finished: FinishedPackage, context: CommitContext): Promise<ManifestEntry> {
  const { entry, resultDir } = finished;
  const { outDir, dedup } = context;
  const target = join(outDir, outputFileName(entry.package));
  try {
    let verdict: PackageVerdict | null = null;
    if (entry.outcome === 'ok' && entry.output !== null && resultDir !== null) {
      try {
        verdict = dedup === null ? null : await judge(entry, resultDir, dedup, context.warn);
        // The host's name, never one from the job (the job's result was checked to name the same).
        await placeOutput(entry, join(resultDir, outputFileName(entry.package)), target, resultDir, verdict);
      } catch (error) {
        if (!(error instanceof OutputRejected)) throw error;
        if (verdict !== null) dedup!.retract(verdict);
        verdict = null;
        entry.outcome = 'extract-failed';
        entry.error = error.message;
        delete entry.nearDuplicates;
      }
    }
    if (entry.outcome !== 'ok' || entry.output === null) {
      entry.output = null;
      entry.outputBytes = 0;
      // An output of an earlier run no longer belongs to this package's latest outcome.
      await rm(target, { force: true });
    }
    if (verdict !== null) await dedup!.record(entry.package, verdict);
    await appendManifest(outDir, entry);
    return entry;
  } finally {
    if (resultDir !== null) await rm(resultDir, { recursive: true, force: true });
  }
}

/** A package job's output that cannot be committed as it is. */
class OutputRejected extends Error {}

/** Moves the output to `target`, without the samples of the verdict's duplicates (via `scratchDir`). */
async function placeOutput(entry: ManifestEntry, source: string, target: string, scratchDir: string, verdict: PackageVerdict | null): Promise<void> {
  if (verdict === null || verdict.duplicates.length === 0) {
    await rename(source, target);
  } else {
    applyVerdict(entry, verdict);
    // Written inside the work directory, so an interrupt leaves no temporary file in OUT.
    const filtered = join(scratchDir, `filtered-${outputFileName(entry.package)}`);
    const written = await copyWithout(source, filtered, new Set(verdict.duplicates.map((d) => d.path)));
    if (written !== entry.counts.samples) {
      throw new OutputRejected(`${written} samples left after dropping near-duplicate files, but the signatures account for ${entry.counts.samples}`);
    }
    if (written === 0) entry.output = null;
    else await rename(filtered, target);
  }
  if (entry.output !== null) entry.outputBytes = (await stat(target)).size;
}

async function judge(entry: ManifestEntry, resultDir: string, dedup: NearDuplicates, warn: (line: string) => void): Promise<PackageVerdict | null> {
  let signatures;
  try {
    signatures = await readSignatures(resultDir);
  } catch (error) {
    throw new OutputRejected(`unreadable near-duplicate signatures: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (signatures === null) {
    warn(`${entry.package}: the package job wrote no near-duplicate signatures (a worker image of another bugmine?); its files are kept and not indexed`);
    return null;
  }
  return dedup.judge(entry.package, signatures);
}

function applyVerdict(entry: ManifestEntry, verdict: PackageVerdict): void {
  const counts = entry.counts;
  let samples = 0;
  for (const duplicate of verdict.duplicates) {
    samples += duplicate.samples;
    counts.functions -= duplicate.functions;
  }
  counts.samples -= samples;
  counts.nearDuplicateSamples = samples;
  counts.skipped[NEAR_DUPLICATE] = (counts.skipped[NEAR_DUPLICATE] ?? 0) + verdict.duplicates.length;
  entry.nearDuplicates = verdict.duplicates.map((d) => ({ path: d.path, of: { package: d.of.package, path: d.of.path } }));
}

/** Copies the samples of `source` whose `graph.path` is not in `dropped` to `target`; returns how many. */
async function copyWithout(source: string, target: string, dropped: ReadonlySet<string>): Promise<number> {
  const writer = await SampleWriter.open(target);
  try {
    for await (const view of readValueViews(source)) {
      const path = peekRouting(view).path;
      if (path === undefined || !dropped.has(path)) await writer.writeRaw(view);
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }
  if (writer.count === 0) {
    await writer.abort();
    return 0;
  }
  await writer.close();
  return writer.count;
}
