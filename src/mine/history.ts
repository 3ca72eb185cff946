/**
 * The history `bugmine mine` walks: non-merge commits (newest first, as `git log` gives them) with
 * their parent, author date, message and the `.py` files they modify (renames followed), read with
 * one `git log --raw` so that no process runs per commit.
 */
import type { SimpleGit } from 'simple-git';

export interface ChangedFile {
  /** The path at the parent. */
  readonly oldPath: string;
  /** The path at the commit (differs from `oldPath` for a rename). */
  readonly newPath: string;
  readonly oldBlob: string;
  readonly newBlob: string;
}

export interface HistoryCommit {
  readonly hash: string;
  readonly parent: string;
  readonly authorDate: string;
  readonly message: string;
  readonly files: ChangedFile[];
}

export interface HistoryOptions {
  readonly since?: string;
  readonly until?: string;
  readonly maxCommits?: number;
  /** A branch of the repository (default: its default branch, HEAD). */
  readonly branch?: string;
  /** Every ref (branches, tags, pull-request refs) instead of one branch. */
  readonly allRefs?: boolean;
  /** Only these commits (full or abbreviated hashes); those the repository lacks are ignored. */
  readonly commits?: readonly string[];
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/** The revision to walk for `branch` in a clone: its remote-tracking branch, or the name as given. */
async function revisionOf(repo: SimpleGit, branch: string): Promise<string> {
  for (const ref of [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`, branch]) {
    try {
      await repo.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
      return ref;
    } catch {
      // try the next form
    }
  }
  throw new Error(`no branch ${branch}`);
}

export async function readHistory(repo: SimpleGit, options: HistoryOptions = {}): Promise<HistoryCommit[]> {
  const args = ['log', '--no-merges', '-M', '--raw', '-z', '--no-abbrev', '--no-color', `--format=${RECORD}%H${FIELD}%P${FIELD}%aI${FIELD}%B${FIELD}`];
  if (options.since !== undefined) args.push(`--since=${options.since}`);
  if (options.until !== undefined) args.push(`--until=${options.until}`);
  if (options.maxCommits !== undefined) args.push(`--max-count=${options.maxCommits}`);
  if (options.commits !== undefined) {
    if (options.commits.length === 0) return [];
    // --no-walk: just these commits, newest first; --ignore-missing: another repository's hashes are no error.
    args.push('--no-walk', '--ignore-missing', ...options.commits);
  } else if (options.allRefs) args.push('--all');
  else args.push(options.branch !== undefined ? await revisionOf(repo, options.branch) : 'HEAD');
  args.push('--');
  const out = await repo.raw(args);
  const commits: HistoryCommit[] = [];
  for (const record of out.split(RECORD)) {
    if (record === '') continue;
    const fields = record.split(FIELD);
    if (fields.length < 5) continue;
    const [hash, parents, authorDate, message] = fields as [string, string, string, string];
    const parentList = parents.split(' ').filter((p) => p !== '');
    // Root commits have no parent to compare with.
    if (parentList.length !== 1) continue;
    commits.push({ hash, parent: parentList[0]!, authorDate, message: message.trim(), files: pythonChanges(fields.slice(4).join(FIELD)) });
  }
  return commits;
}

/** The modified or renamed `.py` files of a `--raw -z` listing. */
function pythonChanges(raw: string): ChangedFile[] {
  const tokens = raw.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const meta = tokens[i]!.replace(/^\s+/, '');
    if (!meta.startsWith(':')) continue;
    const [, , oldBlob, newBlob, status] = meta.slice(1).split(' ') as [string, string, string, string, string];
    if (status === undefined) continue;
    const renamed = status.startsWith('R') || status.startsWith('C');
    const oldPath = tokens[i + 1] ?? '';
    const newPath = renamed ? (tokens[i + 2] ?? '') : oldPath;
    i += renamed ? 2 : 1;
    if (!(status === 'M' || status.startsWith('R'))) continue;
    if (!newPath.endsWith('.py') || !oldPath.endsWith('.py')) continue;
    // Both sides must be regular files (a symbolic link or a submodule is not Python source).
    const [oldMode, newMode] = meta.slice(1).split(' ') as [string, string];
    if (!/^100(644|755)$/.test(oldMode) || !/^100(644|755)$/.test(newMode)) continue;
    if (oldBlob === newBlob) continue;
    files.push({ oldPath, newPath, oldBlob, newBlob });
  }
  return files;
}
