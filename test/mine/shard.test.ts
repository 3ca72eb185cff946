// `mine --shard i/N` and `bugmine merge` of its OUTs: the merged bugs.jsonl and fixes.jsonl.gz are
// byte for byte one run's, with a fork's duplicate decided across shards; `--commits` limits the
// walk to given commits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { repositoryWithFixes } from '../helpers/git-history.js';

interface BugLine {
  repo: string;
  hash: string;
  duplicate_of: string | null;
}

const bugLines = (path: string): BugLine[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as BugLine);

describe('bugmine mine --shard and merge', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-mine-shard-'));
  const cache = join(root, 'cache');
  const [a, fork, c] = ['a', 'fork-of-a', 'c'].map((name) => join(root, name)) as [string, string, string];
  let fixOfA = '';
  // List order a, fork, c: shard 0/2 mines a and c, shard 1/2 the fork, whose fix duplicates a's.
  const repos = (): string[] => [a, fork, c];

  beforeAll(() => {
    fixOfA = repositoryWithFixes(a).fix;
    execFileSync('git', ['clone', '-q', a, fork]);
    repositoryWithFixes(c, 'other');
  }, 60_000);

  afterAll(() => {
    execFileSync('rm', ['-rf', root]);
  });

  it('merges two shards into the bytes of one run, the fork marked as a duplicate across shards', async () => {
    const single = await runCli(['mine', ...repos(), join(root, 'single'), '--cache', cache, '--workers', '1', '--json']);
    expect(single.code, single.stderr + single.stdout).toBe(0);
    const oneRun = bugLines(join(root, 'single', 'bugs.jsonl'));
    expect(oneRun.map((b) => [b.repo, b.duplicate_of])).toEqual([
      [a, null],
      [fork, `${a}@${fixOfA}`],
      [c, null],
    ]);

    for (const index of [0, 1]) {
      const shard = await runCli(['mine', ...repos(), join(root, 'out', `shard-${index}`), '--cache', cache, '--workers', '1', '--shard', `${index}/2`, '--json']);
      expect(shard.code, shard.stderr + shard.stdout).toBe(0);
      expect(JSON.parse(shard.stdout)).toMatchObject({ repositories: index === 0 ? 2 : 1 });
    }
    // Alone, shard 1 cannot know that its fork copies a repository of shard 0.
    expect(bugLines(join(root, 'out', 'shard-1', 'bugs.jsonl')).map((b) => b.duplicate_of)).toEqual([null]);

    const merged = await runCli(['merge', join(root, 'out', 'shard-0'), join(root, 'out', 'shard-1'), join(root, 'merged'), '--json']);
    expect(merged.code, merged.stderr + merged.stdout).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ repositories: 3, merged: 3, bugs: 3, duplicates: 1, fixes: 6, missing: [] });
    for (const file of ['bugs.jsonl', 'fixes.jsonl.gz']) {
      expect(readFileSync(join(root, 'merged', file)).equals(readFileSync(join(root, 'single', file))), file).toBe(true);
    }
    const manifest = readFileSync(join(root, 'merged', 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { repo: string; position: number });
    expect(manifest.map((m) => [m.repo, m.position])).toEqual([
      [a, 0],
      [fork, 1],
      [c, 2],
    ]);
  }, 300_000);

  it('names the repositories of a shard not given, and exits 1 (merge: unfinished shards)', async () => {
    const partial = await runCli(['merge', join(root, 'out', 'shard-0'), join(root, 'partial')]);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain(`${fork} (list position 1) is not finished in shard 1/2`);
  }, 120_000);

  it('refuses to resume a shard OUT as another shard or with another list', async () => {
    const other = await runCli(['mine', ...repos(), join(root, 'out', 'shard-0'), '--cache', cache, '--shard', '1/2']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds mine shard 0\/2, not 1\/2/);
    const list = await runCli(['mine', a, c, join(root, 'out', 'shard-0'), '--cache', cache, '--shard', '0/2']);
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/different repository list/);
  }, 120_000);

  it('--commits mines only the given commits, from a list or a file; a bad hash names its line', async () => {
    const only = await runCli(['mine', a, join(root, 'only'), '--cache', cache, '--commits', fixOfA, '--json']);
    expect(only.code, only.stderr + only.stdout).toBe(0);
    expect(JSON.parse(only.stdout)).toMatchObject({ commits: 1, bugs: 1, fixes: 1 });

    const list = join(root, 'commits.txt');
    writeFileSync(list, `# the fix\n${fixOfA}\n${'0'.repeat(40)}\n`);
    const fromFile = await runCli(['mine', a, join(root, 'from-file'), '--cache', cache, '--commits', `@${list}`, '--json']);
    expect(fromFile.code, fromFile.stderr + fromFile.stdout).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ commits: 1, bugs: 1 });

    writeFileSync(list, `${fixOfA}\n--output=/tmp/x\n`);
    const bad = await runCli(['mine', a, join(root, 'bad'), '--cache', cache, '--commits', `@${list}`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${list}:2: not a commit hash`);
  }, 120_000);
});
