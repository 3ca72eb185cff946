// SIGINT in the middle of `bugmine mine`: exit 130, the finished repository kept (manifest line,
// parts, merged outputs), nothing half-written; the next run mines only the rest and ends with the
// bytes of an uninterrupted run.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { constantsModule, fastImportHistory, repositoryWithFixes } from '../helpers/git-history.js';

const COMMITS = 800;

/** A repository of COMMITS commits, each changing one constant of a 40-function module. */
function longHistory(dir: string): void {
  fastImportHistory(dir, COMMITS, (round) => constantsModule(round));
}

async function until(test: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('bugmine mine interrupted and resumed', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-mine-int-'));
  const small = join(root, 'small');
  const long = join(root, 'long');
  const cache = join(root, 'cache');

  beforeAll(() => {
    repositoryWithFixes(small);
    longHistory(long);
  }, 120_000);

  afterAll(() => {
    execFileSync('rm', ['-rf', root]);
  });

  /** An uninterrupted run on the main thread, made once: what every interrupted and resumed run must end with. */
  let whole: Promise<string> | null = null;
  const uninterrupted = (): Promise<string> =>
    (whole ??= (async () => {
      const dir = join(root, 'whole');
      const result = await runCli(['mine', small, long, dir, '--cache', cache, '--workers', '1', '--json']);
      expect(result.code, result.stderr + result.stdout).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ commits: 2 + COMMITS - 1 });
      return dir;
    })());

  // --workers 1 mines on the main thread; --workers 2 on two worker threads, the long repository still running when the small one is done.
  it.each([1, 2])('stops on SIGINT keeping the finished repository, and the next run gives the uninterrupted bytes (--workers %i)', async (workers) => {
    const out = join(root, `out-${workers}`);
    const child = spawn(process.execPath, [CLI, 'mine', small, long, out, '--cache', cache, '--workers', String(workers)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The small repository is done first (list order with one worker, far fewer commits with two); then the long one is being mined.
    await until(() => existsSync(join(out, 'manifest.jsonl')) && readFileSync(join(out, 'manifest.jsonl'), 'utf8').includes('"outcome":"ok"'), 'the first repository');
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGINT');
    const code = await closed;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/SIGINT: stopping after the current commit/);
    const manifest = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { repo: string; outcome: string });
    expect(manifest.map((m) => [m.repo, m.outcome])).toEqual([[small, 'ok']]);
    expect(readdirSync(join(out, 'parts')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(out, 'bugs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);

    const again = await runCli(['mine', small, long, out, '--cache', cache, '--workers', String(workers), '--json']);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ repositories: 2, skipped: 1, outcomes: { ok: 2 } });

    const reference = await uninterrupted();
    for (const file of ['bugs.jsonl', 'fixes.jsonl.gz']) {
      expect(readFileSync(join(out, file)).equals(readFileSync(join(reference, file))), file).toBe(true);
    }
  }, 600_000);
});
