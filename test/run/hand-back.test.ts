// The hand-back rules on crafted inputs: only regular files with the allowed names, within their
// limits, are copied; links, FIFOs, unknown or escaping names and oversized files are rejections.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Header } from 'tar';
import { describe, expect, it } from 'vitest';
import { copyFromDirectory, copyFromTar, HandBackRejected, type HandBack } from '../../src/run/hand-back.js';

function handBack(): HandBack {
  return { hostDir: mkdtempSync(join(tmpdir(), 'bugmine-hb-host-')), files: { 'result.json': 100, 'data.gz': 1000 } };
}

describe('copyFromDirectory', () => {
  const source = (): string => mkdtempSync(join(tmpdir(), 'bugmine-hb-src-'));

  it('copies the allowed regular files and nothing else', async () => {
    const dir = source();
    writeFileSync(join(dir, 'result.json'), '{}');
    const target = handBack();
    expect(await copyFromDirectory(dir, target)).toEqual(['result.json']);
    expect(readFileSync(join(target.hostDir, 'result.json'), 'utf8')).toBe('{}');
    expect(await copyFromDirectory(join(dir, 'absent'), handBack())).toEqual([]);
  });

  it('rejects symbolic links, FIFOs, directories, unknown names and files over their limit', async () => {
    const victim = join(source(), 'victim');
    writeFileSync(victim, 'host file');
    const cases: [string, (dir: string) => void, RegExp][] = [
      ['link', (dir) => symlinkSync(victim, join(dir, 'data.gz')), /data\.gz: a symbolic link/],
      ['fifo', (dir) => execFileSync('mkfifo', [join(dir, 'data.gz')]), /data\.gz: a FIFO/],
      ['directory', (dir) => mkdirSync(join(dir, 'data.gz')), /data\.gz: a directory/],
      ['unknown', (dir) => writeFileSync(join(dir, 'other'), 'x'), /unexpected file "other"/],
      ['large', (dir) => writeFileSync(join(dir, 'result.json'), 'x'.repeat(101)), /result\.json: larger than its limit of 100 bytes/],
    ];
    for (const [what, make, error] of cases) {
      const dir = source();
      make(dir);
      const target = handBack();
      await expect(copyFromDirectory(dir, target), what).rejects.toThrow(error);
    }
    expect(readFileSync(victim, 'utf8')).toBe('host file');
  });

  it('rejects a directory that is a symbolic link', async () => {
    const real = source();
    writeFileSync(join(real, 'result.json'), '{}');
    const parent = source();
    symlinkSync(real, join(parent, 'out'));
    await expect(copyFromDirectory(join(parent, 'out'), handBack())).rejects.toThrow(/out: a symbolic link where a directory is expected/);
  });
});

type Entry = { path: string; type: string; size?: number; body?: string; linkpath?: string };

function tarOf(entries: Entry[]): Readable {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const block = Buffer.alloc(512);
    new Header({ path: entry.path, type: entry.type as 'File', mode: 0o644, size: entry.size ?? body.length, mtime: new Date(0), linkpath: entry.linkpath }).encode(block, 0);
    blocks.push(block);
    if (entry.type === 'File') blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Readable.from([Buffer.concat(blocks)]);
}

describe('copyFromTar', () => {
  const root: Entry = { path: 'out/', type: 'Directory' };

  it('copies the allowed regular files of the archived directory', async () => {
    const target = handBack();
    const names = await copyFromTar(tarOf([root, { path: 'out/result.json', type: 'File', body: '{"a":1}' }, { path: 'out/data.gz', type: 'File', body: 'gz' }]), target);
    expect(names).toEqual(['result.json', 'data.gz']);
    expect(readFileSync(join(target.hostDir, 'result.json'), 'utf8')).toBe('{"a":1}');
    expect(readdirSync(target.hostDir).sort()).toEqual(['data.gz', 'result.json']);
  });

  it('rejects links, FIFOs, nested or escaping names, duplicates, oversized files and a root that is no directory', async () => {
    const cases: [string, Entry[], RegExp][] = [
      ['symlink', [root, { path: 'out/data.gz', type: 'SymbolicLink', linkpath: '/etc/passwd' }], /data\.gz: a symbolic link/],
      ['hard link', [root, { path: 'out/data.gz', type: 'Link', linkpath: 'out/result.json' }], /data\.gz: a hard link/],
      ['fifo', [root, { path: 'out/data.gz', type: 'FIFO' }], /data\.gz: a FIFO/],
      ['escaping', [root, { path: 'out/../../etc/passwd', type: 'File', body: 'x' }], /unexpected file/],
      ['outside', [root, { path: 'elsewhere/result.json', type: 'File', body: 'x' }], /unexpected entry/],
      ['nested', [root, { path: 'out/sub/result.json', type: 'File', body: 'x' }], /unexpected file "sub\/result\.json"/],
      ['twice', [root, { path: 'out/result.json', type: 'File', body: '1' }, { path: 'out/result.json', type: 'File', body: '2' }], /handed back twice/],
      ['large', [root, { path: 'out/result.json', type: 'File', body: 'x'.repeat(101) }], /result\.json: larger than its limit/],
      ['root link', [{ path: 'out', type: 'SymbolicLink', linkpath: '/etc' }], /out: a symbolic link where a directory is expected/],
    ];
    for (const [what, entries, error] of cases) {
      const target = handBack();
      await expect(copyFromTar(tarOf(entries), target), what).rejects.toThrow(error);
      await expect(copyFromTar(tarOf(entries), handBack()), what).rejects.toBeInstanceOf(HandBackRejected);
    }
  });

  it('rejects an archive announcing a huge file at its header, without reading it', async () => {
    const blocks: Buffer[] = [];
    const header = (path: string, type: string, size: number): Buffer => {
      const block = Buffer.alloc(512);
      new Header({ path, type: type as 'File', mode: 0o644, size, mtime: new Date(0) }).encode(block, 0);
      return block;
    };
    blocks.push(header('out/', 'Directory', 0), header('out/data.gz', 'File', 17 * 1024 ** 3), Buffer.alloc(4096));
    await expect(copyFromTar(Readable.from([Buffer.concat(blocks)]), handBack())).rejects.toThrow(/data\.gz: larger than its limit of 1000 bytes/);
  });

  it('rejects what is not a tar archive', async () => {
    await expect(copyFromTar(Readable.from([Buffer.from('not a tar archive at all'.repeat(50))]), handBack())).rejects.toBeInstanceOf(HandBackRejected);
  });
});
