// Recall on real histories: every PyPIBugs line of the 8 repositories in
// ../shared/datasets/pypibugs-repos is found by `mine` as a single rewrite with PyPIBugs' rewrite
// text, when mine walks those lines' fixing commits (`--commits`) in all 8 bundles at once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, SHARED } from '../helpers/cli.js';

interface PyPIBugsLine {
  repo: string;
  hash: string;
  old_path: string;
  rewrite: string;
}

const BUNDLES = join(SHARED, 'datasets', 'pypibugs-repos');

/** `OWNER/NAME` of a PyPIBugs repository URL (`https://:@github.com/OWNER/NAME.git`). */
function ownerAndName(url: string): string {
  return url.replace(/\.git$/, '').split('/').slice(-2).join('/');
}

describe('bugmine mine on the 8 PyPIBugs bundles', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-mine-recall-'));
  afterAll(() => {
    execFileSync('rm', ['-rf', root]);
  });

  it('finds every PyPIBugs line of those repositories as a single rewrite with the same rewrite', async () => {
    const bundles = readdirSync(BUNDLES).filter((f) => f.endsWith('.bundle')).sort();
    expect(bundles).toHaveLength(8);
    const bundleOf = new Map(bundles.map((b) => [basename(b, '.bundle').replace('+', '/'), join(BUNDLES, b)]));
    const expected = readFileSync(join(SHARED, 'datasets', 'pypibugs', 'pypi-bugs.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as PyPIBugsLine)
      .filter((line) => bundleOf.has(ownerAndName(line.repo)));
    expect(expected).toHaveLength(38);

    const commits = join(root, 'commits.txt');
    writeFileSync(commits, [...new Set(expected.map((l) => l.hash))].join('\n') + '\n');
    const result = await runCli(['mine', ...bundleOf.values(), join(root, 'out'), '--cache', join(root, 'cache'), '--commits', `@${commits}`, '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);

    const found = readFileSync(join(root, 'out', 'bugs.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as PyPIBugsLine);
    const key = (repo: string, l: PyPIBugsLine): string => `${repo} ${l.hash} ${l.old_path} ${l.rewrite}`;
    const mined = new Set(found.map((l) => key(l.repo, l)));
    const missing = expected.filter((l) => !mined.has(key(bundleOf.get(ownerAndName(l.repo))!, l)));
    expect(missing.map((l) => `${ownerAndName(l.repo)} ${l.hash.slice(0, 10)} ${l.old_path} ${l.rewrite}`)).toEqual([]);
  }, 1_500_000);
});
