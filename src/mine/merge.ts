/**
 * `bugmine merge` for the OUTs of `mine --shard i/N`: one output as one run of the whole list would
 * have written it. Each repository's parts come from the shard that mined it; `duplicate_of` is
 * decided again over all of them in list order (a fork in shard 1 of a repository in shard 0 is a
 * duplicate exactly as in one run), so bugs.jsonl and fixes.jsonl.gz are byte for byte that run's.
 * The parts stay in the shards' OUTs (read, not copied). Idempotent, hence resumable: merging again
 * after a missing shard finished redoes the outputs.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { MANIFEST, partPaths, readMineManifest, writeMergedOutputs, type MineManifestRecord, type PartPaths } from './run.js';
import { readMineShard, type MineShardInfo } from './shard-info.js';

export interface MineMergeSummary {
  readonly repositories: number;
  readonly merged: number;
  readonly bugs: number;
  readonly duplicates: number;
  readonly fixes: number;
  /** Repositories no given shard has finished `ok`, with the shard that should hold them. */
  readonly missing: { repo: string; position: number; shard: string }[];
}

/** Whether `dir` is the OUT of `mine --shard` (and not of `extract --defer-dedup`). */
export async function isMineShard(dir: string): Promise<boolean> {
  return (await readMineShard(dir)) !== null;
}

export async function mergeMineShards(shardDirs: readonly string[], mergedDir: string): Promise<MineMergeSummary> {
  const merged = resolve(mergedDir);
  const shards: { dir: string; info: MineShardInfo; manifest: Map<string, MineManifestRecord> }[] = [];
  for (const dir of shardDirs.map((d) => resolve(d))) {
    if (dir === merged) throw new UserError(`${dir}: the destination cannot also be a shard`);
    const info = await readMineShard(dir);
    if (info === null) throw new UserError(`${dir}: no mine-shard.json: not an output of bugmine mine --shard i/N`);
    shards.push({ dir, info, manifest: await readMineManifest(join(dir, MANIFEST)) });
  }
  const first = shards[0]!.info;
  for (const { dir, info } of shards) {
    if (info.sha256 !== first.sha256) throw new UserError(`${dir}: a shard of another repository list than ${shards[0]!.dir}`);
    if (info.shard.count !== first.shard.count) throw new UserError(`${dir}: a shard of ${info.shard.count}, not ${first.shard.count}`);
  }
  const byIndex = new Map(shards.map((s) => [s.info.shard.index, s]));
  if (byIndex.size !== shards.length) throw new UserError('merge: the same mine shard was given twice');

  const done = new Map<string, MineManifestRecord>();
  const partsOf = new Map<string, PartPaths>();
  const missing: MineMergeSummary['missing'] = [];
  for (const [position, repo] of first.repositories.entries()) {
    const index = position % first.shard.count;
    const shard = byIndex.get(index);
    const record = shard?.manifest.get(repo);
    const parts = shard === undefined ? undefined : partPaths(shard.dir, repo);
    const complete = record !== undefined && parts !== undefined && (record.outcome !== 'ok' || (existsSync(parts.bugs) && existsSync(parts.fixes)));
    if (!complete) {
      missing.push({ repo, position, shard: `${index}/${first.shard.count}` });
      continue;
    }
    done.set(repo, record);
    partsOf.set(repo, parts);
  }
  // The parts are read where the shards wrote them: the merged OUT holds only the merged outputs.
  await mkdir(merged, { recursive: true });
  const totals = await writeMergedOutputs(merged, first.repositories, done, (repo) => partsOf.get(repo)!);
  await writeFileAtomic(join(merged, MANIFEST), [...done.values()].map((r) => JSON.stringify(r) + '\n').join(''));
  return { repositories: first.repositories.length, merged: done.size, ...totals, missing };
}
