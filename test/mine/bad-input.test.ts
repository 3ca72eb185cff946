// Bad input to `bugmine mine` the other mine tests do not cover: repositories that are not there
// or not git, a file over --max-file-bytes, and a 10,000-commit history cut by --max-commits.
// Each gets a one-line message naming it; the rest of the run goes on.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFixRecords } from '../../src/fixes/records.js';
import { runCli } from '../helpers/cli.js';
import { BUGGY_MODULE, commitFiles, fastImportHistory, initRepository, oneFunctionPerCommit, repositoryWithFixes } from '../helpers/git-history.js';

interface ManifestLine {
  repo: string;
  outcome: string;
  commits: number;
  reasons: Record<string, number>;
  details?: string;
}

function manifest(out: string): ManifestLine[] {
  return readFileSync(join(out, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ManifestLine);
}

describe('bugmine mine on bad input', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-mine-bad-'));
  const cache = join(root, 'cache');

  afterAll(() => {
    execFileSync('rm', ['-rf', root]);
  });

  it('a directory that is no git repository and a git URL that leads nowhere: one line each, in the manifest, the others mined', async () => {
    const good = join(root, 'good');
    repositoryWithFixes(good);
    const notGit = join(root, 'not-git');
    mkdirSync(notGit);
    const nowhere = `file://${join(root, 'nowhere.git')}`;
    const out = join(root, 'out-unavailable');
    const result = await runCli(['mine', notGit, nowhere, good, out, '--cache', cache, '--workers', '2', '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(3);
    const lines = result.stderr.split('\n');
    expect(lines.filter((l) => l.includes(`${notGit}: repository unavailable`))).toHaveLength(1);
    expect(lines.filter((l) => l.includes(`${nowhere}: repository unavailable`))).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcomes: { ok: 1, 'repo-unavailable': 2 }, bugs: 1 });
    const byRepo = new Map(manifest(out).map((m) => [m.repo, m]));
    for (const repo of [notGit, nowhere]) {
      expect(byRepo.get(repo)).toMatchObject({ outcome: 'repo-unavailable', commits: 0 });
      expect(byRepo.get(repo)!.details).toBeTruthy();
    }
    expect(byRepo.get(good)).toMatchObject({ outcome: 'ok' });
    expect(readdirSync(join(out, 'parts')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('a file over --max-file-bytes is named, counted as too-large and not compared; the other files of the commit are', async () => {
    const repo = join(root, 'huge');
    initRepository(repo);
    // 3 MB of valid Python: over the default limit of 1 MiB.
    const huge = (n: number): string => `TABLE = [\n${'    1234567890,\n'.repeat(200_000)}]\nN = ${n}\n`;
    commitFiles(repo, { 'lib.py': BUGGY_MODULE, 'table.py': huge(1) }, 'first version');
    const fix = commitFiles(repo, { 'lib.py': BUGGY_MODULE.replace('value < limit', 'value <= limit'), 'table.py': huge(2) }, 'fix the bound, grow the table');
    const out = join(root, 'out-huge');
    const result = await runCli(['mine', repo, out, '--cache', cache, '--workers', '1', '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stderr.split('\n').filter((l) => /table\.py \(before\): \d+ bytes, over --max-file-bytes \(1048576\), not compared/.test(l))).toHaveLength(1);
    expect(manifest(out)[0]!.reasons).toMatchObject({ 'too-large': 1 });
    expect(JSON.parse(result.stdout)).toMatchObject({ bugs: 1, filesCompared: 1 });
    const bug = JSON.parse(readFileSync(join(out, 'bugs.jsonl'), 'utf8')) as { hash: string; old_path: string };
    expect(bug).toMatchObject({ hash: fix, old_path: 'lib.py' });

    // With the limit raised, the same file is compared (a change outside any function).
    const raisedOut = join(root, 'out-huge-raised');
    const raised = await runCli(['mine', repo, raisedOut, '--cache', cache, '--workers', '1', '--max-file-bytes', String(8 << 20), '--json']);
    expect(raised.code, raised.stderr + raised.stdout).toBe(0);
    expect(JSON.parse(raised.stdout)).toMatchObject({ bugs: 1, filesCompared: 2 });
    expect(manifest(raisedOut)[0]!.reasons).toEqual({ 'outside-function': 1 });
  }, 300_000);

  it('--max-commits N on a 10,000-commit history mines only the N newest commits', async () => {
    const repo = join(root, 'ten-thousand');
    fastImportHistory(repo, 10_000, (round) => oneFunctionPerCommit(round, 8));
    expect(execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim()).toBe('10000');
    const out = join(root, 'out-ten-thousand');
    const result = await runCli(['mine', repo, out, '--cache', cache, '--max-commits', '30', '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    // Each commit changes one function: 3 of the 30 are single rewrites (rounds 9970, 9980, 9990), the rest small edits.
    expect(JSON.parse(result.stdout)).toMatchObject({ commits: 30, filesCompared: 30, bugs: 3, fixes: 30 });
    const newest = new Set(execFileSync('git', ['log', '-30', '--format=%H'], { cwd: repo, encoding: 'utf8' }).trim().split('\n'));
    const { records } = await readFixRecords(join(out, 'fixes.jsonl.gz'));
    expect(records.every((r) => newest.has(r.hash))).toBe(true);
    expect(new Set(records.map((r) => r.hash)).size).toBe(30);
  }, 300_000);
});
