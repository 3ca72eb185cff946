/**
 * `bugmine merge`: one data set from the OUTs of `extract --shard i/N --defer-dedup`, with the
 * near-duplicate decisions one run of the whole list would have made. The shards kept every file
 * and its signatures; the merge commits their packages in package-list order (the position each
 * shard's manifest records) through the same commit as `extract`, so a file is dropped exactly
 * when one machine would have dropped it, and the merged data files are byte for byte that run's.
 * Per package atomic (the data file is renamed into place before its manifest line) and resumable:
 * packages the merged manifest records are skipped and their files stay in the merged index.
 * Packages no shard has finished stop the merge there (the merged part stays a prefix of the
 * list): finish those shards, then merge again.
 */
import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { NearDuplicates } from '../dedup/near-duplicates.js';
import { SIGNATURES_FILE } from '../dedup/signatures.js';
import { commitPackage, NEAR_DUPLICATE } from './commit.js';
import { deferredSignaturesPath, formatShard, readShardInfo, type ShardInfo } from './deferred.js';
import { isComplete, readManifest, type ManifestEntry } from './manifest.js';
import type { Logger } from '../output.js';

/** Scratch space of the merge inside MERGED (so outputs are renamed into place, never copied across). */
export const MERGE_WORK_DIR = '.bugmine-merge-work';

export interface MergeOptions {
  /** Where the merge's warnings go (the CLI's `output`, see src/output.ts). */
  readonly logger: Logger;
}

/** A package of the list no shard has finished (or whose shard output is not complete). */
export interface MissingPackage {
  readonly position: number;
  /** The shard that should hold it (by position modulo N), or null when no shard of that index was given. */
  readonly shardDir: string | null;
  readonly shard: string;
}

export interface MergeSummary {
  /** Packages of the list. */
  readonly total: number;
  /** Packages committed now. */
  merged: number;
  /** Packages the merged manifest already had. */
  resumed: number;
  /** Near-duplicate files dropped now, and their samples. */
  readonly nearDuplicates: { files: number; samples: number };
  /** Packages not merged because a shard has not finished them (first one stops the merge). */
  readonly missing: MissingPackage[];
}

interface ShardOutput {
  readonly dir: string;
  readonly info: ShardInfo;
  readonly entries: Map<string, ManifestEntry>;
}

async function readShard(dir: string): Promise<ShardOutput> {
  const info = await readShardInfo(dir);
  if (info === null) throw new UserError(`${dir}: no shard.json: not an output of bugmine extract --defer-dedup (a shard that dropped near-duplicates itself cannot be merged exactly)`);
  return { dir, info, entries: await readManifest(dir) };
}

/** Every shard of one list, each shard index at most once, and a full set of shards (or one unsharded run). */
function checkShards(shards: readonly ShardOutput[]): { packages: number; count: number } {
  const [first] = shards;
  if (first === undefined) throw new UserError('merge: no shard outputs given');
  const count = first.info.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const shard of shards) {
    if (shard.info.list.sha256 !== first.info.list.sha256) throw new UserError(`${shard.dir}: extracted from a different package list than ${first.dir}`);
    if ((shard.info.shard?.count ?? 1) !== count) throw new UserError(`${shard.dir}: shard ${formatShard(shard.info.shard)}, but ${first.dir} is one of ${count}`);
    const index = shard.info.shard?.index ?? 0;
    const other = seen.get(index);
    if (other !== undefined) throw new UserError(`${shard.dir}: shard ${formatShard(shard.info.shard)} is given twice (also ${other})`);
    seen.set(index, shard.dir);
  }
  return { packages: first.info.list.packages, count };
}

export async function mergeShards(shardDirs: readonly string[], mergedDir: string, options: MergeOptions): Promise<MergeSummary> {
  const warn = (line: string): void => options.logger.log(line);
  const outDir = resolve(mergedDir);
  const dirs = shardDirs.map((dir) => resolve(dir));
  if (dirs.includes(outDir)) throw new UserError(`${mergedDir}: the destination is one of the shards; merge into a new directory`);
  const shards = await Promise.all(dirs.map(readShard));
  const { packages, count } = checkShards(shards);

  // Each position's package: from the shard of index position % N, which must have recorded it there.
  const byIndex = new Map(shards.map((shard) => [shard.info.shard?.index ?? 0, shard]));
  const atPosition: (ShardOutput & { entry: ManifestEntry | null } | null)[] = [];
  const claimed = new Set<number>();
  for (const shard of shards) {
    for (const entry of shard.entries.values()) {
      const position = entry.position;
      if (position === undefined || !Number.isInteger(position) || position < 0 || position >= packages || position % count !== (shard.info.shard?.index ?? 0)) {
        throw new UserError(`${shard.dir}: manifest entry of ${entry.package} has no valid list position (extracted by an older bugmine, or another list)`);
      }
      if (claimed.has(position)) throw new UserError(`${shard.dir}: two packages at list position ${position}`);
      claimed.add(position);
    }
  }
  for (let position = 0; position < packages; position++) atPosition.push(null);
  for (const shard of shards) {
    for (const entry of shard.entries.values()) {
      // A package its shard recorded as done but whose output is gone or cut short is not finished.
      const finished = entry.outcome !== 'ok' || (await isComplete(shard.dir, entry));
      atPosition[entry.position!] = { ...shard, entry: finished ? entry : null };
    }
  }

  await mkdir(outDir, { recursive: true });
  const workRoot = join(outDir, MERGE_WORK_DIR);
  await rm(workRoot, { recursive: true, force: true });
  const previous = await readManifest(outDir);
  const done = new Set<string>();
  for (const [key, entry] of previous) if (entry.outcome !== 'ok' || (await isComplete(outDir, entry))) done.add(key);

  const summary: MergeSummary = { total: packages, merged: 0, resumed: 0, nearDuplicates: { files: 0, samples: 0 }, missing: [] };
  for (let position = 0; position < packages; position++) {
    const found = atPosition[position];
    if (found?.entry == null) {
      const index = position % count;
      summary.missing.push({ position, shardDir: byIndex.get(index)?.dir ?? null, shard: count === 1 ? 'all' : `${index}/${count}` });
    }
  }
  const stop = summary.missing[0]?.position ?? packages;
  const dedup = (await NearDuplicates.load(outDir, (pkg) => done.has(pkg))).state;
  try {
    for (let position = 0; position < stop; position++) {
      const { dir, entry: shardEntry } = atPosition[position]!;
      const entry = structuredClone(shardEntry!);
      if (done.has(entry.package)) {
        summary.resumed++;
        continue;
      }
      const resultDir = entry.outcome === 'ok' && entry.output !== null ? await stage(dir, entry, workRoot) : null;
      const committed = await commitPackage({ entry, resultDir }, { outDir, dedup, warn });
      summary.merged++;
      summary.nearDuplicates.files += committed.counts.skipped[NEAR_DUPLICATE] ?? 0;
      summary.nearDuplicates.samples += committed.counts.nearDuplicateSamples ?? 0;
    }
  } finally {
    await rm(workRoot, { recursive: true, force: true });
  }
  return summary;
}

/**
 * A shard package as its job left it, for the commit: its data file (hard-linked when the shard is
 * on the same file system, else copied) and its signatures, in a directory of the merge's own.
 */
async function stage(shardDir: string, entry: ManifestEntry, workRoot: string): Promise<string> {
  const dir = join(workRoot, entry.package);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await linkOrCopy(join(shardDir, entry.output!), join(dir, entry.output!));
  await copyFile(deferredSignaturesPath(shardDir, entry.package), join(dir, SIGNATURES_FILE)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error; // none: the commit keeps the files unindexed and says so, as extract does
  });
  return dir;
}

async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
    await copyFile(source, target);
  }
}
