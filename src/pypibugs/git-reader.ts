/**
 * What the per-line work reads from a clone: commit parents, a file's bytes at a commit, and where
 * a file went in a commit (renames). No working tree is touched; blobs of a partial clone are
 * fetched by git itself when first read, except in a clone mounted read-only (a worker container):
 * there every blob must already be present (see blob-prefetch.ts), and a missing one is an error.
 */
import { simpleGit, type SimpleGit } from 'simple-git';
import { CatFileBatch } from './cat-file-batch.js';
import { git, gitEnvironment } from './git-cache.js';

export interface ReaderOptions {
  /**
   * The clone is mounted read-only and owned by another user (the host's): git must trust it
   * (`safe.directory`) and must not try to fetch into it.
   */
  readonly mountedReadOnly?: boolean;
}

/** Git's messages (LC_ALL=C) for an absent commit or path; any other failure is an error of its own. */
const NO_SUCH_OBJECT = /bad object|bad revision|unknown revision|ambiguous argument|invalid object name|does not exist in|exists on disk, but not in|not a tree object|Not a valid object name/i;

export interface RepositoryReader {
  /** The parents of `commit`, or null when the commit is not in the repository. */
  parents(commit: string): Promise<string[] | null>;
  /** The bytes of `path` at `commit`, or null when it does not exist there. */
  readFile(commit: string, path: string): Promise<Buffer | null>;
  /** The path that `path` of `parent` has in `commit` (following a rename), or null when it was deleted. */
  pathAfter(parent: string, commit: string, path: string): Promise<string | null>;
}

/**
 * Parents and file reads go through one `git cat-file --batch` process (started on first use, ended
 * by close()): a process per read cost more CPU than the analysis. Names that cannot be sent as a
 * request line, and file reads that git answers as missing, use a one-off git process as before,
 * so that absent objects and errors are told apart exactly as git's messages tell them.
 */
export class GitRepositoryReader implements RepositoryReader {
  private readonly repo: SimpleGit;
  private readonly batch: CatFileBatch;

  constructor(dir: string, options: ReaderOptions = {}) {
    if (options.mountedReadOnly) {
      const env = { ...gitEnvironment(), GIT_NO_LAZY_FETCH: '1' };
      this.repo = simpleGit({ baseDir: dir, config: ['safe.directory=*'] }).env(env);
      this.batch = new CatFileBatch(dir, ['-c', 'safe.directory=*'], env);
    } else {
      this.repo = git(dir);
      this.batch = new CatFileBatch(dir, [], gitEnvironment());
    }
  }

  /** Ends the cat-file process (reads after this start a new one). */
  close(): void {
    this.batch.close();
  }

  async parents(commit: string): Promise<string[] | null> {
    const name = `${commit}^{commit}`;
    if (!CatFileBatch.canAsk(name)) return this.parentsByRevList(commit);
    const object = await this.batch.get(name);
    if (object === null) return null;
    if (object.type !== 'commit') throw new Error(`${name} is a ${object.type}`);
    return commitParents(object.bytes);
  }

  async readFile(commit: string, path: string): Promise<Buffer | null> {
    const name = `${commit}:${path}`;
    if (!CatFileBatch.canAsk(name)) return this.readFileByShow(commit, path);
    const object = await this.batch.get(name);
    // Absent, or a blob that a read-only partial clone lacks (an error): git show tells which.
    if (object === null) return this.readFileByShow(commit, path);
    // A directory or a submodule is not a file.
    return object.type === 'blob' ? object.bytes : null;
  }

  private async parentsByRevList(commit: string): Promise<string[] | null> {
    try {
      const out = await this.repo.raw(['rev-list', '--parents', '-n', '1', `${commit}^{commit}`, '--']);
      return out.trim().split(/\s+/).slice(1);
    } catch (error) {
      if (NO_SUCH_OBJECT.test(String(error))) return null;
      throw error;
    }
  }

  private async readFileByShow(commit: string, path: string): Promise<Buffer | null> {
    try {
      return await this.repo.showBuffer([`${commit}:${path}`]);
    } catch (error) {
      if (NO_SUCH_OBJECT.test(String(error))) return null;
      throw error;
    }
  }

  async pathAfter(parent: string, commit: string, path: string): Promise<string | null> {
    const out = await this.repo.raw(['diff', '--name-status', '-M', '-z', parent, commit, '--']);
    const fields = out.split('\0');
    for (let i = 0; i < fields.length - 1; ) {
      const status = fields[i]!;
      if (status.startsWith('R') || status.startsWith('C')) {
        if (status.startsWith('R') && fields[i + 1] === path) return fields[i + 2]!;
        i += 3;
      } else {
        if (status === 'D' && fields[i + 1] === path) return null;
        i += 2;
      }
    }
    return path;
  }
}

/** The `parent <oid>` header lines of a commit object (the headers end at the first empty line). */
function commitParents(bytes: Buffer): string[] {
  const parents: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end === start) break;
    if (bytes.toString('latin1', start, start + 7) === 'parent ') parents.push(bytes.toString('latin1', start + 7, end));
    start = end + 1;
  }
  return parents;
}
