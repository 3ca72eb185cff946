import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupByRepository, parseLine, readPypiBugsLines, repositoryInShard } from '../../src/pypibugs/lines.js';
import { parseShard } from '../../src/run/shard.js';
import { canonicalText, parseCanonicalOp } from '../../src/rewrite/canonical.js';
import { SHARED } from '../helpers/cli.js';

const PYPIBUGS = join(SHARED, 'datasets', 'pypibugs', 'pypi-bugs.jsonl');

describe('the shared PyPIBugs copy', () => {
  const content = readFileSync(PYPIBUGS, 'utf8');
  const read = readPypiBugsLines(content);

  it('has 2,436 lines, every one valid (duplicates are valid lines reported as such)', () => {
    expect(read.total).toBe(2436);
    expect(read.rejected.filter((r) => r.outcome === 'invalid-line')).toEqual([]);
    expect(read.valid.length + read.rejected.length).toBe(2436);
    for (const r of read.rejected) {
      const first = read.valid.find((v) => v.line === r.duplicateOf)!;
      const dup = JSON.parse(content.split('\n')[r.line - 1]!) as Record<string, string>;
      expect(dup['diff']).toBe(first.diff);
      expect(dup['rewrite']).toBe(first.rewrite);
    }
  });

  it('has a rewrite on every line that parses as a canonical operation and prints back to the same text', () => {
    const lines = content.split('\n').filter((l) => l !== '');
    for (const text of lines) {
      const rewrite = (JSON.parse(text) as { rewrite: string }).rewrite;
      expect(canonicalText(parseCanonicalOp(rewrite))).toBe(rewrite);
    }
    expect(lines.length).toBe(2436);
  });

  it('groups into repositories and shards that cover every valid line once', () => {
    const groups = groupByRepository(read.valid);
    expect([...groups.values()].reduce((n, g) => n + g.length, 0)).toBe(read.valid.length);
    const shards = [0, 1, 2].map((index) => [...groups.keys()].filter((repo) => repositoryInShard(repo, { index, count: 3 })).length);
    expect(shards.reduce((a, b) => a + b, 0)).toBe(groups.size);
    for (const count of shards) expect(count).toBeGreaterThan(groups.size / 5);
  });
});

describe('line validation', () => {
  const good = { repo: 'https://:@github.com/a/b.git', hash: 'a'.repeat(40), diff: '@@ -1 +1 @@\n-a\n+b\n', old_path: 'b.py', rewrite: "ReplaceText(target='<' @(3,4)->(3,6))" };

  it('accepts sha/path as aliases of hash/old_path', () => {
    const parsed = parseLine(JSON.stringify({ ...good, hash: undefined, old_path: undefined, sha: 'B'.repeat(40), path: 'c.py' }), 7);
    expect(parsed).toMatchObject({ line: 7, hash: 'b'.repeat(40), oldPath: 'c.py' });
  });

  it('names what is wrong', () => {
    expect(parseLine('[1]', 1)).toEqual({ invalid: 'not a JSON object' });
    expect(parseLine(JSON.stringify({ ...good, diff: 3 }), 1)).toEqual({ invalid: 'field "diff" is not a non-empty string' });
    expect(parseLine(JSON.stringify({ ...good, repo: undefined }), 1)).toEqual({ invalid: 'missing field "repo"' });
    expect(parseLine(JSON.stringify({ ...good, rewrite: "ReplaceText(target='<' @(3,4)->(3,6)" }), 1)).toHaveProperty('invalid');
  });

  it('reports a fork with the same fix as duplicate-fix, the same line again as duplicate, but not the same fix in another file', () => {
    const fork = { ...good, repo: 'https://:@github.com/someone-else/B' };
    const other = { ...good, old_path: 'other.py' };
    const read = readPypiBugsLines([good, fork, other, good].map((l) => JSON.stringify(l)).join('\r\n') + '\n\n');
    expect(read.total).toBe(4);
    expect(read.valid.map((l) => l.line)).toEqual([1, 3]);
    expect(read.rejected).toMatchObject([
      { line: 2, outcome: 'duplicate-fix', duplicateOf: 1, details: 'same fix as line 1 (https://:@github.com/a/b.git)' },
      { line: 4, outcome: 'duplicate', duplicateOf: 1 },
    ]);
  });

  it('keeps a line of the same repository whose commit differs: it gets its own outcome (commit-missing when unknown)', () => {
    const otherCommit = { ...good, hash: 'c'.repeat(40) };
    const read = readPypiBugsLines([good, otherCommit].map((l) => JSON.stringify(l)).join('\n'));
    expect(read.rejected).toEqual([]);
    expect(read.valid.map((l) => l.hash)).toEqual(['a'.repeat(40), 'c'.repeat(40)]);
  });

  it('rejects a path that leaves the repository, is absolute, or holds control characters', () => {
    for (const [path, reason] of [
      ['../../etc/passwd', 'leaves the repository (..)'],
      ['a/../../b.py', 'leaves the repository (..)'],
      ['/etc/passwd', 'is an absolute path'],
      ['a\u0000b.py', 'contains a control character'],
      ['a\nb.py', 'contains a control character'],
      ['a//b.py', 'is not a normalised relative path'],
      ['./b.py', 'is not a normalised relative path'],
      ['pkg/', 'is not a normalised relative path'],
    ]) {
      expect(parseLine(JSON.stringify({ ...good, old_path: path }), 1), path).toEqual({ invalid: `"old_path" ${reason}: ${JSON.stringify(path)}` });
    }
    expect(parseLine(JSON.stringify({ ...good, old_path: undefined, path: '/x.py' }), 1)).toEqual({ invalid: '"path" is an absolute path: "/x.py"' });
    expect(parseLine(JSON.stringify({ ...good, old_path: 'src/..py/b c.py' }), 1)).toMatchObject({ oldPath: 'src/..py/b c.py' });
  });

  it('parses --shard values', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('0/3')).toEqual({ index: 0, count: 3 });
    expect(parseShard('3/3')).toBeNull();
    expect(parseShard('4/3')).toBeNull();
    expect(parseShard('x')).toBeNull();
  });
});
