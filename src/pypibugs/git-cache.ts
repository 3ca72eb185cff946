/**
 * The persistent clone cache: one partial clone (`--filter=blob:none`, no checkout) per repository
 * URL, made once and reused by later runs; commits missing from it are fetched on demand. Git runs
 * through simple-git (never a shell) with `GIT_TERMINAL_PROMPT=0`, so a private or vanished
 * repository fails instead of asking for a password.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

/** Default clone (and fetch) timeout: a repository that sends nothing for this long is given up. */
export const DEFAULT_CLONE_TIMEOUT_MS = 10 * 60_000;

/** `$XDG_CACHE_HOME/bugmine/git`, or `~/.cache/bugmine/git`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CACHE_HOME'] !== undefined && env['XDG_CACHE_HOME'] !== '' ? env['XDG_CACHE_HOME'] : join(homedir(), '.cache');
  return join(base, 'bugmine', 'git');
}

/**
 * Variables that make git run another program (editor, pager, ssh, askpass) or read other config:
 * simple-git refuses to run with them set, and bugmine needs none of them.
 */
const DROPPED_VARIABLES = /^(editor|pager|prefix|ssh_askpass|git_(askpass|config\w*|editor|exec_path|external_diff|pager|proxy_command|template_dir|sequence_editor|ssh|ssh_command))$/i;

/** The environment of every git process: the caller's, without program hooks, and never a prompt. */
export function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!DROPPED_VARIABLES.test(name)) env[name] = value;
  return { ...env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', LC_ALL: 'C' };
}

export function git(dir: string | undefined, timeoutMs?: number): SimpleGit {
  const instance = simpleGit({
    ...(dir !== undefined ? { baseDir: dir } : {}),
    ...(timeoutMs !== undefined ? { timeout: { block: timeoutMs } } : {}),
  });
  return instance.env(gitEnvironment());
}

/** The cache folder name of a URL: readable (host and path, user-info dropped) and unique (digest of the URL). */
export function cacheName(url: string): string {
  const readable = url
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^[^/@]*@/, '')
    .replace(/\.git$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-80);
  return `${readable}-${createHash('sha256').update(url).digest('hex').slice(0, 10)}`;
}

export type EnsureResult =
  | { readonly ok: true; readonly dir: string; readonly cloned: boolean; readonly fetched: number; readonly missing: ReadonlySet<string> }
  | { readonly ok: false; readonly reason: string };

let temporaryCounter = 0;

export class GitCache {
  constructor(
    readonly dir: string,
    private readonly timeoutMs = DEFAULT_CLONE_TIMEOUT_MS,
  ) {}

  repositoryDir(url: string): string {
    return join(this.dir, cacheName(url));
  }

  /**
   * The clone of `url`, made if absent, holding every commit of `commits` it can get: those still
   * missing after a fetch are listed in `missing`. A URL that cannot be cloned gives `ok: false`.
   */
  async ensure(url: string, commits: readonly string[]): Promise<EnsureResult> {
    const dir = this.repositoryDir(url);
    let cloned = false;
    if (!existsSync(join(dir, '.git'))) {
      const failure = await this.clone(url, dir);
      if (failure !== null) return { ok: false, reason: failure };
      cloned = true;
    }
    const repo = git(dir, this.timeoutMs);
    // Without this (git >= 2.44), asking for an absent commit of a partial clone fetches it alone,
    // and its trees later one by one; the explicit fetch below gets commit and trees in one pack.
    const local = simpleGit({ baseDir: dir }).env({ ...gitEnvironment(), GIT_NO_LAZY_FETCH: '1' });
    const absent: string[] = [];
    for (const commit of new Set(commits)) if (!(await hasCommit(local, commit))) absent.push(commit);
    let fetched = 0;
    const missing = new Set<string>();
    for (const commit of absent) {
      // Servers (GitHub included) serve a commit by id even when no branch reaches it any more.
      try {
        await repo.fetch(['--quiet', '--filter=blob:none', 'origin', commit]);
      } catch {
        // Not served: reported as missing below.
      }
      if (await hasCommit(local, commit)) fetched++;
      else missing.add(commit);
    }
    return { ok: true, dir, cloned, fetched, missing };
  }

  /** Clones into a temporary folder and renames it, so an interrupted clone is never reused. Returns the failure, or null. */
  private async clone(url: string, dir: string): Promise<string | null> {
    await mkdir(this.dir, { recursive: true });
    const temporary = join(this.dir, `.${cacheName(url)}.${process.pid}-${++temporaryCounter}.tmp`);
    try {
      await git(undefined, this.timeoutMs).clone(url, temporary, ['--quiet', '--filter=blob:none', '--no-checkout']);
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      return firstLine(error);
    }
    try {
      await rename(temporary, dir);
    } catch (error) {
      // Another process made the same clone meanwhile: use theirs.
      await rm(temporary, { recursive: true, force: true });
      if (!existsSync(join(dir, '.git'))) return firstLine(error);
    }
    return null;
  }
}

async function hasCommit(repo: SimpleGit, commit: string): Promise<boolean> {
  try {
    await repo.raw(['cat-file', '-e', `${commit}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Git's own message, without its usage noise: the first non-empty line. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').find((l) => l.trim() !== '' && !/^hint:/.test(l)) ?? message;
  return line.trim();
}
