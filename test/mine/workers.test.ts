// `bugmine mine --workers 2` mines repositories on two worker threads; the main thread alone
// writes OUT. Its outputs must be the bytes of the main-thread run (--workers 1).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fastImportHistory, oneFunctionPerCommit, repositoryWithFixes } from '../helpers/git-history.js';

interface ManifestLine {
  repo: string;
  position: number;
  outcome: string;
  seconds: number;
}

function manifestWithoutTimes(out: string): Omit<ManifestLine, 'seconds'>[] {
  return readFileSync(join(out, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { seconds: _, ...rest } = JSON.parse(l) as ManifestLine;
      return rest;
    })
    .sort((a, b) => a.position - b.position);
}

describe('bugmine mine --workers (worker threads)', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-mine-workers-'));
  const repos = [join(root, 'one'), join(root, 'two'), join(root, 'fork'), join(root, 'long'), join(root, 'missing')];
  const cache = join(root, 'cache');

  beforeAll(() => {
    repositoryWithFixes(repos[0]!, 'one');
    repositoryWithFixes(repos[1]!, 'two');
    // A fork of the first: its fix is a duplicate_of the first's, decided in list order whichever thread finishes first.
    execFileSync('git', ['clone', '-q', repos[0]!, repos[2]!]);
    fastImportHistory(repos[3]!, 120, oneFunctionPerCommit);
  }, 120_000);

  afterAll(() => {
    execFileSync('rm', ['-rf', root]);
  });

  it('gives the bytes of the main-thread run (--workers 1 vs --workers 2)', async () => {
    const runs = [];
    for (const workers of [1, 2]) {
      const out = join(root, `out-${workers}`);
      const result = await runCli(['mine', ...repos, out, '--cache', cache, '--workers', String(workers), '--json']);
      // The missing repository makes the run exit 3; the others are mined.
      expect(result.code, result.stderr + result.stdout).toBe(3);
      expect(result.stderr).toMatch(/missing: repository unavailable/);
      runs.push({ out, report: JSON.parse(result.stdout) as { outcomes: Record<string, number>; bugs: number; duplicates: number; fixes: number; commits: number } });
    }
    const [one, two] = runs as [(typeof runs)[0], (typeof runs)[0]];
    // One rewrite per small repository (the fork's a duplicate), 11 in the long one; every other commit of it is a small edit.
    expect(one.report).toMatchObject({ outcomes: { ok: 4, 'repo-unavailable': 1 }, bugs: 3 + 11, duplicates: 1, fixes: 6 + 119, commits: 2 + 2 + 2 + 119 });
    expect(two.report).toEqual({ ...one.report, out: two.out });
    for (const file of ['bugs.jsonl', 'fixes.jsonl.gz']) {
      expect(readFileSync(join(two.out, file)).equals(readFileSync(join(one.out, file))), file).toBe(true);
    }
    expect(manifestWithoutTimes(two.out)).toEqual(manifestWithoutTimes(one.out));
  }, 300_000);
});
