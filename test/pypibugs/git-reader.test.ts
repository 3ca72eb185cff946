import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitRepositoryReader } from '../../src/pypibugs/git-reader.js';
import { FixtureRepo, stdlibText } from './fixtures.js';

const ROOT = mkdtempSync(join(tmpdir(), 'bugmine-git-reader-'));
const repo = new FixtureRepo(join(ROOT, 'repo'));
const BINARY = Buffer.from([0, 1, 10, 0, 255, 13, 10, 10, 0, 0x20, 0x6d, 0x69, 0x73, 0x73, 0x69, 0x6e, 0x67, 10]);
// Larger than a pipe's chunk, so that its answer arrives in several pieces.
const LARGE = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff));
const ODD_PATH = 'dir with space/módulo ü 名前.py';
let root: string;
let second: string;
let third: string;
let side: string;
let merge: string;
let treeId: string;
let reader: GitRepositoryReader;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  repo.write('pkg/a.py', stdlibText('textwrap.py'));
  root = repo.commit('root');
  repo.write('pkg/b.bin', BINARY);
  repo.write('pkg/large.bin', LARGE);
  repo.write(ODD_PATH, 'x = 1\n');
  second = repo.commit('second\n\nparent 0000000000000000000000000000000000000000 (in the message, not a header)');
  repo.git('checkout', '-q', '-b', 'side', root);
  repo.write('side.py', 'y = 2\n');
  side = repo.commit('side');
  repo.git('checkout', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge', 'side');
  merge = repo.git('rev-parse', 'HEAD').trim();
  repo.write('pkg/a.py', stdlibText('shlex.py'));
  third = repo.commit('third');
  treeId = repo.git('rev-parse', 'HEAD:pkg').trim();
  reader = new GitRepositoryReader(repo.dir);
});

afterAll(() => {
  reader.close();
  rmSync(ROOT, { recursive: true, force: true });
});

describe('GitRepositoryReader.parents', () => {
  it('gives no parent for a root commit, one for a normal commit, two for a merge, as rev-list does', async () => {
    expect(await reader.parents(root)).toEqual([]);
    expect(await reader.parents(second)).toEqual([root]);
    expect(await reader.parents(merge)).toEqual(repo.git('rev-list', '--parents', '-n', '1', merge).trim().split(' ').slice(1));
    expect((await reader.parents(merge))!).toHaveLength(2);
    expect(await reader.parents(third)).toEqual([merge]);
  });

  it('reads only the headers (a "parent" line in the message is not a parent)', async () => {
    expect(await reader.parents(second)).toEqual([root]);
  });

  it('gives null for an absent commit, an unknown name and an object that is not a commit', async () => {
    expect(await reader.parents('0123456789abcdef0123456789abcdef01234567')).toBeNull();
    expect(await reader.parents('no-such-branch')).toBeNull();
    expect(await reader.parents(treeId)).toBeNull();
  });
});

describe('GitRepositoryReader.readFile', () => {
  it('gives the bytes of a file at a commit, as git show does', async () => {
    expect((await reader.readFile(root, 'pkg/a.py'))!.toString('utf8')).toBe(stdlibText('textwrap.py'));
    expect((await reader.readFile(third, 'pkg/a.py'))!.toString('utf8')).toBe(stdlibText('shlex.py'));
    expect(await reader.readFile(side, 'side.py')).toEqual(execFileSync('git', ['show', `${side}:side.py`], { cwd: repo.dir }));
  });

  it('gives binary content byte for byte (NULs, newlines, a body that looks like an answer)', async () => {
    expect(await reader.readFile(second, 'pkg/b.bin')).toEqual(BINARY);
    const [large, small] = await Promise.all([reader.readFile(second, 'pkg/large.bin'), reader.readFile(second, 'pkg/b.bin')]);
    expect(large !== null && large.equals(LARGE)).toBe(true);
    expect(small).toEqual(BINARY);
  });

  it('reads a path with spaces and non-ASCII characters', async () => {
    expect((await reader.readFile(second, ODD_PATH))!.toString('utf8')).toBe('x = 1\n');
  });

  it('gives null for an absent path, an absent commit, a directory and a commit that is not a commit', async () => {
    expect(await reader.readFile(root, 'pkg/b.bin')).toBeNull();
    expect(await reader.readFile(second, 'nope/missing')).toBeNull();
    expect(await reader.readFile('0123456789abcdef0123456789abcdef01234567', 'pkg/a.py')).toBeNull();
    expect(await reader.readFile(second, 'pkg')).toBeNull();
    expect(await reader.readFile(treeId, 'x')).toBeNull();
  });

  it('gives null for a path containing a newline (asked through git show)', async () => {
    expect(await reader.readFile(second, 'a\nb.py')).toBeNull();
  });

  it('answers 200 concurrent reads with the right bytes in the right order', async () => {
    const expected = new Map<string, Buffer>();
    for (const [commit, path] of [[root, 'pkg/a.py'], [third, 'pkg/a.py'], [second, 'pkg/b.bin'], [second, 'pkg/large.bin'], [second, ODD_PATH], [side, 'side.py']] as const) {
      expected.set(`${commit}:${path}`, execFileSync('git', ['show', `${commit}:${path}`], { cwd: repo.dir }));
    }
    const names = [...expected.keys()];
    const asked = Array.from({ length: 200 }, (_, i) => names[(i * 7) % names.length]!);
    const fresh = new GitRepositoryReader(repo.dir);
    try {
      const answers = await Promise.all(
        asked.map((name, i) => {
          const colon = name.indexOf(':');
          return i % 10 === 3 ? fresh.parents(name.slice(0, colon)).then((p) => Buffer.from(p!.join(' '))) : fresh.readFile(name.slice(0, colon), name.slice(colon + 1));
        }),
      );
      answers.forEach((answer, i) => {
        const name = asked[i]!;
        const commit = name.slice(0, name.indexOf(':'));
        const want = i % 10 === 3 ? Buffer.from(repo.git('rev-list', '--parents', '-n', '1', commit).trim().split(' ').slice(1).join(' ')) : expected.get(name);
        // Buffer.equals: vitest's deep equality compares large buffers element by element (slowly).
        expect(answer !== null && want !== undefined && answer.equals(want), `request ${i}: ${name}`).toBe(true);
      });
    } finally {
      fresh.close();
    }
  });
});

describe('GitRepositoryReader process', () => {
  function batchPid(r: GitRepositoryReader): number | undefined {
    return (r as unknown as { batch: { pid: number | undefined } }).batch.pid;
  }

  it('starts one cat-file process on first use, reuses it, and close() ends it', async () => {
    const r = new GitRepositoryReader(repo.dir);
    expect(batchPid(r)).toBeUndefined();
    await r.readFile(root, 'pkg/a.py');
    const pid = batchPid(r)!;
    expect(processExists(pid)).toBe(true);
    await r.parents(third);
    expect(batchPid(r)).toBe(pid);
    r.close();
    expect(batchPid(r)).toBeUndefined();
    await expect.poll(() => processExists(pid), { timeout: 5000 }).toBe(false);
  });

  it('rejects pending reads when git dies, and the next read starts a new process', async () => {
    const r = new GitRepositoryReader(repo.dir);
    try {
      await r.parents(root);
      const pid = batchPid(r)!;
      const pending = Array.from({ length: 50 }, () => r.readFile(third, 'pkg/a.py'));
      process.kill(pid, 'SIGKILL');
      const settled = await Promise.allSettled(pending);
      const rejected = settled.filter((s) => s.status === 'rejected');
      expect(rejected.length).toBeGreaterThan(0);
      for (const s of rejected) expect(String((s as PromiseRejectedResult).reason)).toMatch(/cat-file --batch ended/);
      expect((await r.readFile(root, 'pkg/a.py'))!.toString('utf8')).toBe(stdlibText('textwrap.py'));
      expect(batchPid(r)).not.toBe(pid);
    } finally {
      r.close();
    }
  });

  it('fails only the read git dies on (a path outside the repository is fatal to cat-file): the reads behind it are answered', async () => {
    const r = new GitRepositoryReader(repo.dir);
    try {
      const before = r.readFile(third, 'pkg/a.py');
      const fatal = r.readFile(third, '../../etc/passwd');
      const behind = [r.readFile(root, 'pkg/a.py'), r.parents(second), r.readFile(second, 'pkg/b.bin')];
      expect((await before)!.toString('utf8')).toBe(stdlibText('shlex.py'));
      await expect(fatal).rejects.toThrow(/outside repository/);
      const [a, parents, binary] = await Promise.all(behind);
      expect(a!.toString('utf8')).toBe(stdlibText('textwrap.py'));
      expect(parents).toEqual([root]);
      expect((binary as Buffer).equals(BINARY)).toBe(true);
    } finally {
      r.close();
    }
  });

  it('rejects reads of a folder that is not a repository instead of hanging', async () => {
    const plain = join(ROOT, 'plain');
    mkdirSync(plain);
    const r = new GitRepositoryReader(plain);
    try {
      await expect(r.parents(root)).rejects.toThrow();
    } finally {
      r.close();
    }
  });

  it('works with the read-only options (safe.directory, no lazy fetch)', async () => {
    const r = new GitRepositoryReader(repo.dir, { mountedReadOnly: true });
    try {
      expect(await r.readFile(second, 'pkg/b.bin')).toEqual(BINARY);
      expect(await r.parents(second)).toEqual([root]);
    } finally {
      r.close();
    }
  });
});
