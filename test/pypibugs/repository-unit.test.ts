// The repository unit over an in-memory repository: which git reads it makes (each once, started
// ahead), and how a failed read or a commit known to be absent reaches exactly its own line.
import { describe, expect, it } from 'vitest';
import type { RepositoryReader } from '../../src/pypibugs/git-reader.js';
import { parseLine, type PypiBugsLine } from '../../src/pypibugs/lines.js';
import { processRepository } from '../../src/pypibugs/repository-unit.js';
import { injectBugs, stdlibText } from './fixtures.js';

const PATH = 'pkg/textwrap.py';
const text = stdlibText('textwrap.py');
const bugs = injectBugs(text, PATH, 2, ['ComparisonOperatorRewriteScout']);

/** Commit `fa<k>` (parent `ba<k>`) fixes bug k; `fa1`'s file cannot be read when `failing`. */
const fix = (k: number): string => `fa${String(k).repeat(5)}`;
class MemoryRepository implements RepositoryReader {
  readonly calls = new Map<string, number>();

  constructor(private readonly failing = false) {}

  private count(key: string): void {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  async parents(commit: string): Promise<string[] | null> {
    this.count(`parents ${commit}`);
    return /^fa\d{5}$/.test(commit) ? [commit.replace('fa', 'ba')] : null;
  }

  async readFile(commit: string, path: string): Promise<Buffer | null> {
    this.count(`file ${commit}`);
    if (path !== PATH) return null;
    if (this.failing && commit === fix(1)) throw new Error('git died');
    return Buffer.from(commit.startsWith('ba') ? bugs[Number(commit[2])]!.buggy : text);
  }

  async pathAfter(_parent: string, commit: string, path: string): Promise<string | null> {
    this.count(`after ${commit}`);
    return path;
  }
}

function lineOf(k: number, commit: string, number: number): PypiBugsLine {
  const bug = bugs[k]!;
  const buggyLine = bug.buggy.split('\n')[bug.line - 1]!;
  const fixedLine = text.split('\n')[bug.line - 1]!;
  const diff = `@@ -${bug.line},1 +${bug.line},1 @@\n-${buggyLine}\n+${fixedLine}\n`;
  const parsed = parseLine(JSON.stringify({ repo: 'mem://repo', hash: commit, diff, old_path: PATH, rewrite: bug.rewrite }), number);
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  return parsed;
}

describe('processRepository', () => {
  it('makes each git read once, for every line', async () => {
    const repo = new MemoryRepository();
    // Line 2 repeats the commit of line 1 with another bug's rewrite: its reads are the same.
    const lines = [lineOf(0, fix(0), 1), lineOf(1, fix(0), 2), lineOf(1, fix(1), 3)];
    const { results } = await processRepository(repo, 'mem://repo', lines);
    expect(results.map((r) => r.outcome)).toEqual(['ok', 'rewrite-not-found', 'ok']);
    const expected: Record<string, number> = {};
    for (const k of [0, 1]) {
      for (const key of [`parents ${fix(k)}`, `file ${fix(k).replace('fa', 'ba')}`, `after ${fix(k)}`, `file ${fix(k)}`]) expected[key] = 1;
    }
    expect(Object.fromEntries(repo.calls)).toEqual(expected);
  });

  it('gives a failed read to its own line only, and never asks git about an absent commit', async () => {
    const repo = new MemoryRepository(true);
    const lines = [lineOf(0, fix(0), 1), lineOf(1, fix(1), 2), lineOf(1, fix(9), 3)];
    const { results } = await processRepository(repo, 'mem://repo', lines, { absentCommits: new Set([fix(9)]) });
    expect(results.map((r) => r.outcome)).toEqual(['ok', 'internal-error', 'commit-missing']);
    expect(results[1]!.details).toContain('git died');
    expect([...repo.calls.keys()].filter((k) => k.includes(fix(9)))).toEqual([]);
  });
});
