// What a mining thread hands back is checked before the main thread writes it: the real result
// passes unchanged (same JSON bytes, key order included), anything off its shape is rejected.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRepositoryMined, MinedResultRejected } from '../../src/mine/mined-check.js';
import { mineRepository, type RepositoryMined } from '../../src/mine/repository.js';
import { commitFiles, repositoryWithFixes } from '../helpers/git-history.js';

const MAX_FILE_BYTES = 1 << 20;

function lines(mined: RepositoryMined): string {
  return [...mined.bugs, ...mined.fixes].map((l) => JSON.stringify(l)).join('\n');
}

describe('checkRepositoryMined', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-mined-check-'));
  const repo = join(root, 'repo');
  let mined: RepositoryMined;

  beforeAll(async () => {
    repositoryWithFixes(repo);
    // A rename with an edit: its fix record has new_path, which goes right after path.
    execFileSync('git', ['mv', 'lib.py', 'renamed.py'], { cwd: repo });
    commitFiles(repo, { 'renamed.py': execFileSync('git', ['show', 'HEAD:lib.py'], { cwd: repo, encoding: 'utf8' }).replace('dirname', 'abspath') }, 'rename');
    mined = await mineRepository(repo, repo, { maxActions: 6, maxFileBytes: MAX_FILE_BYTES });
  }, 60_000);

  afterAll(() => {
    execFileSync('rm', ['-rf', root]);
  });

  it('passes a real result through unchanged, byte for byte once serialised', () => {
    expect(mined.bugs).toHaveLength(1);
    expect(mined.fixes.some((f) => f['new_path'] === 'renamed.py')).toBe(true);
    const checked = checkRepositoryMined(structuredClone(mined), repo, MAX_FILE_BYTES);
    expect(lines(checked)).toBe(lines(mined));
    expect(JSON.stringify(checked)).toBe(JSON.stringify(mined));
  });

  const hostile: [string, (m: Record<string, unknown>) => void, RegExp][] = [
    ['an unknown top-level key', (m) => (m['extra'] = 1), /unknown key "extra"/],
    ['a bug line of another repository', (m) => ((m['bugs'] as Record<string, unknown>[])[0]!['repo'] = '/etc'), /bugs\[0\]\.repo: expected/],
    ['a bug line already marked a duplicate', (m) => ((m['bugs'] as Record<string, unknown>[])[0]!['duplicate_of'] = 'x@y'), /duplicate_of/],
    ['a hash that is no commit hash', (m) => ((m['fixes'] as Record<string, unknown>[])[0]!['hash'] = '--output=/tmp/x'), /fixes\[0\]\.hash/],
    ['an edit action of an unknown kind', (m) => (((m['fixes'] as Record<string, unknown>[])[0]!['edit'] as Record<string, unknown>[])[0]!['action'] = 'exec'), /edit\[0\]\.action/],
    ['a function text longer than any file compared', (m) => ((m['fixes'] as Record<string, unknown>[])[0]!['before'] = 'x'.repeat(MAX_FILE_BYTES + 1)), /fixes\[0\]\.before: a string of/],
    ['a count that is not an integer', (m) => ((m['counts'] as Record<string, unknown>)['other'] = 1.5), /counts\.other/],
    ['a range that is not two points', (m) => ((m['fixes'] as Record<string, unknown>[])[0]!['before_range'] = [[1, 2]]), /before_range/],
    ['fixes that are not an array', (m) => (m['fixes'] = 'many'), /fixes: expected an array/],
  ];
  it.each(hostile)('rejects %s, naming where', (_, spoil, message) => {
    const copy = structuredClone(mined) as unknown as Record<string, unknown>;
    spoil(copy);
    expect(() => checkRepositoryMined(copy, repo, MAX_FILE_BYTES)).toThrow(MinedResultRejected);
    expect(() => checkRepositoryMined(copy, repo, MAX_FILE_BYTES)).toThrow(message);
  });
});
