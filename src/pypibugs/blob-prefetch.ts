/**
 * Making a partial clone complete enough for a unit that reads it read-only (a worker container,
 * without network): every blob the unit's lines can read is fetched on the host first, in one
 * batched `git fetch` of object ids (what git's own lazy fetch does, but for all blobs at once
 * instead of one round trip per blob).
 *
 * A line reads `old_path` at the parent of its commit, and the commit's diff against that parent
 * with rename detection (which reads the removed and added files) and the file after the commit
 * (an added or modified file of that diff, or the parent's blob when unchanged). So the blobs of
 * the parent's `old_path` and both sides of the commit's diff are exactly enough. Commits and trees
 * are already in the clone (`--filter=blob:none` keeps them).
 */
import type { SimpleGit } from 'simple-git';
import { simpleGit } from 'simple-git';
import { git, gitEnvironment } from './git-cache.js';

export interface PrefetchResult {
  /** Distinct blobs the lines can read. */
  readonly needed: number;
  /** Of those, absent before and fetched now. */
  readonly fetched: number;
  /** Absent even after the fetch (the unit reports the lines that read them as internal errors). */
  readonly missing: number;
}

const ZERO_OID = /^0+$/;
/** Blob modes of a tree entry (regular, executable, symbolic link); gitlinks (160000) are commits of other repositories. */
const BLOB_MODE = /^(100644|100755|120000)$/;
/** Object ids per `git fetch` / `git rev-list` command line. */
const BATCH = 500;

/** The parent of `commit` when it has exactly one (other lines need no blob), else null. */
async function soleParent(repo: SimpleGit, commit: string): Promise<string | null> {
  try {
    const parents = (await repo.raw(['rev-list', '--parents', '-n', '1', `${commit}^{commit}`, '--'])).trim().split(/\s+/).slice(1);
    return parents.length === 1 ? parents[0]! : null;
  } catch {
    return null;
  }
}

/** Blob ids on either side of `git diff-tree -r parent commit` (raw, NUL-separated). */
async function diffBlobs(repo: SimpleGit, parent: string, commit: string, into: Set<string>): Promise<void> {
  const out = await repo.raw(['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', parent, commit, '--']);
  const fields = out.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    // `:<old mode> <new mode> <old oid> <new oid> <status>` then the path.
    const [oldMode, newMode, oldOid, newOid] = fields[i]!.slice(1).split(' ');
    if (oldMode !== undefined && BLOB_MODE.test(oldMode) && oldOid !== undefined && !ZERO_OID.test(oldOid)) into.add(oldOid);
    if (newMode !== undefined && BLOB_MODE.test(newMode) && newOid !== undefined && !ZERO_OID.test(newOid)) into.add(newOid);
  }
}

/** The blob id of `path` in `commit`, if it is a file there. */
async function pathBlob(repo: SimpleGit, commit: string, path: string): Promise<string | null> {
  const out = await repo.raw(['ls-tree', '-z', commit, '--', path]);
  for (const entry of out.split('\0')) {
    const match = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match !== null && match[3] === path && BLOB_MODE.test(match[1]!)) return match[2]!;
  }
  return null;
}

/** Objects of the trees of `commits` that the clone lacks (without fetching them). */
async function absentObjects(repo: SimpleGit, commits: readonly string[]): Promise<Set<string>> {
  const absent = new Set<string>();
  for (let i = 0; i < commits.length; i += BATCH) {
    const out = await repo.raw(['rev-list', '--objects', '--missing=print', '--no-walk', ...commits.slice(i, i + BATCH), '--']);
    for (const line of out.split('\n')) if (line.startsWith('?')) absent.add(line.slice(1).trim());
  }
  return absent;
}

/**
 * Fetches into the clone at `dir` every blob that `lines` can read and it lacks. Lines whose commit
 * is absent or is not a single-parent commit read no blob and are left out.
 */
export async function prefetchBlobs(dir: string, lines: readonly { hash: string; oldPath: string }[], timeoutMs?: number): Promise<PrefetchResult> {
  // Local reads must never fetch lazily (git >= 2.44 honours this; the reads below need no blob anyway).
  const local = simpleGit({ baseDir: dir }).env({ ...gitEnvironment(), GIT_NO_LAZY_FETCH: '1' });
  const needed = new Set<string>();
  const commits = new Set<string>();
  const parentOf = new Map<string, string | null>();
  for (const line of lines) {
    if (!parentOf.has(line.hash)) parentOf.set(line.hash, await soleParent(local, line.hash));
    const parent = parentOf.get(line.hash)!;
    if (parent === null) continue;
    if (!commits.has(line.hash)) await diffBlobs(local, parent, line.hash, needed);
    commits.add(parent).add(line.hash);
    const blob = await pathBlob(local, parent, line.oldPath);
    if (blob !== null) needed.add(blob);
  }
  if (needed.size === 0) return { needed: 0, fetched: 0, missing: 0 };
  const absentBefore = await absentObjects(local, [...commits]);
  const wanted = [...needed].filter((oid) => absentBefore.has(oid)).sort();
  if (wanted.length === 0) return { needed: needed.size, fetched: 0, missing: 0 };
  const remote = git(dir, timeoutMs);
  for (let i = 0; i < wanted.length; i += BATCH) {
    try {
      await remote.raw([
        '-c',
        'fetch.negotiationAlgorithm=noop',
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        '--recurse-submodules=no',
        '--filter=blob:none',
        'origin',
        ...wanted.slice(i, i + BATCH),
      ]);
    } catch {
      // Counted as missing below.
    }
  }
  const absentAfter = await absentObjects(local, [...commits]);
  const missing = wanted.filter((oid) => absentAfter.has(oid)).length;
  return { needed: needed.size, fetched: wanted.length - missing, missing };
}
