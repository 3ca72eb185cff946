/**
 * What `mine --shard i/N` keeps in OUT so that `bugmine merge` can put the shards back together as
 * one run of the whole list: `mine-shard.json` names the repository list (its names, in order) and
 * the shard. Shard i mines the repositories at list positions p with p mod N = i.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import type { Shard } from '../run/shard.js';

export const MINE_SHARD_FILE = 'mine-shard.json';

export interface MineShardInfo {
  readonly format: 'bugmine-mine-shard';
  readonly version: 1;
  /** The whole repository list (before sharding), as `repositoryName` normalises it. */
  readonly repositories: readonly string[];
  readonly sha256: string;
  readonly shard: Shard;
}

export function repositoryListDigest(repositories: readonly string[]): string {
  const hash = createHash('sha256');
  for (const repo of repositories) hash.update(repo).update('\n');
  return hash.digest('hex');
}

/** The repositories of `shard`: every N-th of the list, starting at i. */
export function repositoriesOfShard(repositories: readonly string[], shard: Shard): string[] {
  return repositories.filter((_, position) => position % shard.count === shard.index);
}

/** Records (or, on a resumed run, checks) the list and shard that `out` holds. */
export async function recordMineShard(out: string, repositories: readonly string[], shard: Shard): Promise<void> {
  const info: MineShardInfo = { format: 'bugmine-mine-shard', version: 1, repositories, sha256: repositoryListDigest(repositories), shard };
  const existing = await readMineShard(out);
  if (existing !== null) {
    if (existing.sha256 !== info.sha256) throw new UserError(`${out}: started with a different repository list; use a new OUT for this list`);
    if (existing.shard.index !== shard.index || existing.shard.count !== shard.count) {
      throw new UserError(`${out}: holds mine shard ${existing.shard.index}/${existing.shard.count}, not ${shard.index}/${shard.count}; use a new OUT`);
    }
    return;
  }
  await mkdir(out, { recursive: true });
  await writeFileAtomic(join(out, MINE_SHARD_FILE), JSON.stringify(info) + '\n');
}

/** `out`'s mine-shard.json, or null without one; a UserError for one that is not valid. */
export async function readMineShard(out: string): Promise<MineShardInfo | null> {
  const file = join(out, MINE_SHARD_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new UserError(`${file}: cannot read: ${error.message}`);
  });
  if (text === null) return null;
  let value: Partial<MineShardInfo>;
  try {
    value = JSON.parse(text) as Partial<MineShardInfo>;
  } catch {
    throw new UserError(`${file}: not valid JSON`);
  }
  const { repositories, shard } = value;
  const valid =
    value.format === 'bugmine-mine-shard' &&
    value.version === 1 &&
    Array.isArray(repositories) &&
    repositories.every((r) => typeof r === 'string') &&
    typeof value.sha256 === 'string' &&
    value.sha256 === repositoryListDigest(repositories) &&
    typeof shard === 'object' &&
    shard !== null &&
    Number.isInteger(shard.index) &&
    Number.isInteger(shard.count) &&
    shard.index >= 0 &&
    shard.index < shard.count;
  if (!valid) throw new UserError(`${file}: not a mine shard description of this bugmine version`);
  return value as MineShardInfo;
}
