/**
 * What `extract --defer-dedup` keeps in OUT so that `bugmine merge` can decide near-duplicates
 * across shards exactly as one machine would: each committed package's signatures, as its job
 * wrote them (`OUT/signatures/<package>.json`, written before its manifest line), and `shard.json`,
 * which names the package list (length and digest) and the shard, so the merge knows every
 * package's list position and can tell shards of different lists apart.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { SIGNATURES_FILE } from '../dedup/signatures.js';
import type { Shard } from '../run/shard.js';
import type { Requirement } from './package-list.js';

export const DEFERRED_SIGNATURES_DIR = 'signatures';
export const SHARD_INFO_FILE = 'shard.json';

export interface ShardInfo {
  readonly format: 'bugmine-shard';
  readonly version: 1;
  /** The whole package list (before sharding): its number of requirements and their digest. */
  readonly list: { readonly packages: number; readonly sha256: string };
  /** Null when the run took the whole list. */
  readonly shard: Shard | null;
}

/** The digest of a package list: its requirements in order, as pip is given them. */
export function listDigest(requirements: readonly Requirement[]): string {
  const hash = createHash('sha256');
  for (const requirement of requirements) hash.update(requirement.spec).update('\n');
  return hash.digest('hex');
}

export function deferredSignaturesPath(outDir: string, pkg: string): string {
  return join(outDir, DEFERRED_SIGNATURES_DIR, `${pkg}.json`);
}

/**
 * Records (or checks, on a resumed run) which list and shard `outDir` holds; a resumed run of a
 * different list or shard would give positions that no longer mean the same packages.
 */
export async function recordShardInfo(outDir: string, list: readonly Requirement[], shard: Shard | null): Promise<ShardInfo> {
  const info: ShardInfo = { format: 'bugmine-shard', version: 1, list: { packages: list.length, sha256: listDigest(list) }, shard };
  const existing = await readShardInfo(outDir).catch(() => null);
  if (existing !== null) {
    if (existing.list.sha256 !== info.list.sha256) throw new UserError(`${outDir}: started with a different package list; use a new OUT for this list`);
    if (formatShard(existing.shard) !== formatShard(shard)) throw new UserError(`${outDir}: holds shard ${formatShard(existing.shard)}, not ${formatShard(shard)}; use a new OUT`);
    return existing;
  }
  await mkdir(outDir, { recursive: true });
  const temporary = join(outDir, `.${SHARD_INFO_FILE}.tmp`);
  await writeFile(temporary, JSON.stringify(info) + '\n');
  await rename(temporary, join(outDir, SHARD_INFO_FILE));
  return info;
}

export function formatShard(shard: Shard | null): string {
  return shard === null ? 'all (no --shard)' : `${shard.index}/${shard.count}`;
}

/** `outDir`'s shard.json, or null without one; throws a UserError for one that is not ours. */
export async function readShardInfo(outDir: string): Promise<ShardInfo | null> {
  const file = join(outDir, SHARD_INFO_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  let value: Partial<ShardInfo>;
  try {
    value = JSON.parse(text) as Partial<ShardInfo>;
  } catch {
    throw new UserError(`${file}: not valid JSON`);
  }
  const list = value.list;
  const shard = value.shard;
  const validShard = shard === null || (typeof shard === 'object' && shard !== undefined && Number.isInteger(shard.index) && Number.isInteger(shard.count) && shard.index >= 0 && shard.index < shard.count);
  if (value.format !== 'bugmine-shard' || value.version !== 1 || typeof list !== 'object' || list === null || !Number.isInteger(list.packages) || typeof list.sha256 !== 'string' || !validShard) {
    throw new UserError(`${file}: not a shard description of this bugmine version`);
  }
  return value as ShardInfo;
}

/**
 * Keeps the signatures of a package about to be committed (from its job's result directory), or
 * removes a stale copy when the job wrote none. Written under a temporary name, then renamed.
 */
export async function keepDeferredSignatures(outDir: string, pkg: string, resultDir: string): Promise<void> {
  const target = deferredSignaturesPath(outDir, pkg);
  await mkdir(join(outDir, DEFERRED_SIGNATURES_DIR), { recursive: true });
  const temporary = `${target}.tmp`;
  try {
    await copyFile(join(resultDir, SIGNATURES_FILE), temporary);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await rm(target, { force: true });
    return;
  }
  await rename(temporary, target);
}
