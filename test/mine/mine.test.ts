import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixRecords } from '../../src/fixes/records.js';
import { messageSaysFix } from '../../src/mine/message.js';
import { runCli, SHARED } from '../helpers/cli.js';
import { BUGGY_MODULE, commitFiles } from '../helpers/git-history.js';

interface BugLine {
  repo: string;
  hash: string;
  rewrite: string;
  scout: string;
  old_path: string;
  message_says_fix: boolean;
  licence: string | null;
  duplicate_of: string | null;
}

function readLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as T);
}

describe('bugmine mine on a history made here', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-mine-'));
  const repo = join(root, 'repo');
  const cache = join(root, 'cache');
  const out = join(root, 'out');
  let fixCommit = '';
  let editCommit = '';

  beforeAll(() => {
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    commitFiles(repo, { 'lib.py': BUGGY_MODULE, 'LICENSE': 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n' }, 'first version');
    fixCommit = commitFiles(repo, { 'lib.py': BUGGY_MODULE.replace('value < limit', 'value <= limit') }, 'Fix the off-by-one bug in largest');
    editCommit = commitFiles(repo, { 'lib.py': BUGGY_MODULE.replace('value < limit', 'value <= limit').replace('return os.path.basename(path)', 'return os.path.dirname(path)') }, 'describe the folder');
    commitFiles(repo, { 'lib.py': BUGGY_MODULE.replace('value < limit', 'value  <=  limit').replace('return os.path.basename(path)', 'return os.path.dirname(path)  # now absolute') }, 'layout only');
    commitFiles(repo, { 'blob.py': Buffer.from([0, 1, 2, 3]) }, 'add a binary file named .py');
    commitFiles(repo, { 'blob.py': Buffer.from([0, 1, 2, 4, 5]) }, 'change it');
    commitFiles(repo, { 'latin.py': Buffer.from('x = 1\n') }, 'add');
    commitFiles(repo, { 'latin.py': Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x27, 0xff, 0xfe, 0x27, 0x0a]) }, 'undecodable');
  }, 60_000);

  afterAll(() => {
    execFileSync('rm', ['-rf', root]);
  });

  it('finds the single rewrite and the small edit, counts the rest by reason, and writes a manifest', async () => {
    const result = await runCli(['mine', repo, out, '--cache', cache, '--workers', '1', '--json']);
    expect(result.stderr).toMatch(/binary file/);
    expect(result.stderr).toMatch(/latin\.py/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { bugs: number; fixes: number; commits: number };
    expect(report).toMatchObject({ bugs: 1, fixes: 2, commits: 7 });

    const bugs = readLines<BugLine>(join(out, 'bugs.jsonl'));
    expect(bugs).toHaveLength(1);
    expect(bugs[0]).toMatchObject({ repo, hash: fixCommit, old_path: 'lib.py', scout: 'ComparisonOperatorRewriteScout', message_says_fix: true, licence: 'MIT', duplicate_of: null });
    expect(bugs[0]!.rewrite).toBe("ReplaceText(target='<=' @(7,17)->(7,18))");

    const { records, rejected } = await readFixRecords(join(out, 'fixes.jsonl.gz'));
    expect(rejected).toEqual([]);
    expect(records.map((r) => [r.kind, r.hash, r.function])).toEqual([
      ['single-rewrite', fixCommit, 'largest'],
      ['small-edit', editCommit, 'describe'],
    ]);
    const edit = records[1]!;
    expect(edit.before).toBe('def describe(path):\n    return os.path.basename(path)');
    expect(edit.edit!.length).toBeGreaterThan(0);
    expect(edit.edit!.length).toBeLessThanOrEqual(6);

    const manifest = readLines<{ repo: string; outcome: string; counts: Record<string, number>; reasons: Record<string, number> }>(join(out, 'manifest.jsonl'));
    expect(manifest).toHaveLength(1);
    expect(manifest[0]).toMatchObject({ repo, outcome: 'ok', counts: { 'single-rewrite': 1, 'small-edit': 1 } });
    expect(manifest[0]!.reasons).toMatchObject({ 'no-code-change': 1, binary: 1, undecodable: 1 });
  }, 120_000);

  it('writes lines that bugmine pypibugs re-extracts ok (round trip)', async () => {
    const result = await runCli(['pypibugs', join(out, 'bugs.jsonl'), join(root, 'pypibugs'), '--cache', cache, '--workers', '1', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).outcomes).toMatchObject({ ok: 1 });
  }, 120_000);

  it('resumes: a second run redoes nothing', async () => {
    const result = await runCli(['mine', repo, out, '--cache', cache, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ skipped: 1, bugs: 1, fixes: 2 });
  }, 60_000);

  it('--max-commits limits the walk to the newest commits', async () => {
    const result = await runCli(['mine', repo, join(root, 'out-max'), '--cache', cache, '--max-commits', '2', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ commits: 2, bugs: 0 });
  }, 60_000);

  it('a repository that does not exist is reported in one line and in the manifest; the others go on', async () => {
    const missing = join(root, 'no-such-repo');
    const result = await runCli(['mine', missing, repo, join(root, 'out-missing'), '--cache', cache, '--json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no-such-repo: repository unavailable/);
    const manifest = readLines<{ repo: string; outcome: string }>(join(root, 'out-missing', 'manifest.jsonl'));
    expect(manifest.map((m) => m.outcome).sort()).toEqual(['ok', 'repo-unavailable']);
    expect(existsSync(join(root, 'out-missing', 'bugs.jsonl'))).toBe(true);
  }, 60_000);
});

describe('bugmine mine on a PyPIBugs repository (bundle)', () => {
  it('rediscovers PyPIBugs line 1101 with its rewrite and diff (a window of history around its commit)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bugmine-mine-bundle-'));
    const bundle = join(SHARED, 'datasets', 'pypibugs-repos', 'jor-+measurements.bundle');
    const result = await runCli(['mine', bundle, join(root, 'out'), '--cache', join(root, 'cache'), '--since', '2014-06-19T09:00:00Z', '--until', '2014-06-19T09:20:00Z', '--json']);
    expect(result.code).toBe(0);
    const expected = JSON.parse(readFileSync(join(SHARED, 'datasets', 'pypibugs', 'pypi-bugs.jsonl'), 'utf8').split('\n')[1100]!) as { hash: string; rewrite: string; diff: string; old_path: string };
    const bugs = readLines<BugLine & { diff: string }>(join(root, 'out', 'bugs.jsonl'));
    const found = bugs.find((b) => b.hash === expected.hash && b.old_path === expected.old_path);
    expect(found?.rewrite).toBe(expected.rewrite);
    expect(found?.diff).toBe(expected.diff);
    execFileSync('rm', ['-rf', root]);
  }, 300_000);
});

describe('message_says_fix', () => {
  it('follows the keyword rule', () => {
    expect(messageSaysFix('Fixed a typo')).toBe(true);
    expect(messageSaysFix('BUG: wrong index')).toBe(true);
    expect(messageSaysFix('add prefix handling')).toBe(false);
    expect(messageSaysFix('new feature')).toBe(false);
  });
});
