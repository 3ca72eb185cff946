import { describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSamples } from '../../src/io/reader.js';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';

const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

/** A source tree from real stdlib files, plus one file of each kind that must be skipped. */
function sourceTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-xd-src-'));
  mkdirSync(join(root, 'pkg', 'sub'), { recursive: true });
  copyFileSync(join(stdlib, 'colorsys.py'), join(root, 'pkg', '__init__.py'));
  copyFileSync(join(stdlib, 'bisect.py'), join(root, 'pkg', 'sub', 'bisect.py'));
  copyFileSync(join(stdlib, 'shlex.py'), join(root, 'shlex.py'));
  writeFileSync(join(root, 'pkg', 'broken.py'), 'def f(:\n    return 1\n');
  writeFileSync(join(root, 'pkg', 'latin.py'), Buffer.from('# no cookie\nx = "\xe9"\n', 'latin1'));
  writeFileSync(join(root, 'pkg', 'big.py'), 'x = 1\n'.repeat(400_000));
  mkdirSync(join(root, '__pycache__'));
  writeFileSync(join(root, '__pycache__', 'junk.py'), 'def f(:');
  return root;
}

async function extract(src: string, workers: number): Promise<{ out: string; summary: Record<string, unknown>; stderr: string }> {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-xd-out-'));
  const result = await runCli(['extract-dir', src, out, '--workers', String(workers), '--seed', '5', '--json']);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  return { out, summary: JSON.parse(result.stdout) as Record<string, unknown>, stderr: result.stderr };
}

describe('bugmine extract-dir', () => {
  const src = sourceTree();

  it('writes one file per top-level entry, counts every skipped file by reason, and is identical with 1 and 2 threads', async () => {
    const one = await extract(src, 1);
    const two = await extract(src, 2);
    expect(readdirSync(one.out).sort()).toEqual(['graphs-pkg.msgpack.l.gz', 'graphs-shlex.msgpack.l.gz']);
    for (const name of readdirSync(one.out)) {
      expect(readFileSync(join(two.out, name)).equals(readFileSync(join(one.out, name)))).toBe(true);
    }
    expect(one.summary).toMatchObject({ files: 6, skipped: { 'parse-error': 1, undecodable: 1, 'too-large': 1 } });
    expect(one.stderr).toMatch(/pkg\/broken\.py: parse-error: 1:\d+/);
    expect(one.stderr).toMatch(/pkg\/latin\.py: undecodable/);
    expect(one.stderr).toMatch(/pkg\/big\.py: too-large/);

    const samples = [];
    for await (const sample of readSamples(join(one.out, 'graphs-pkg.msgpack.l.gz'))) samples.push(sample as Record<string, any>);
    expect(samples.length).toBe((one.summary['outputs'] as { group: string; samples: number }[]).find((o) => o.group === 'pkg')!.samples);
    const paths = new Set(samples.map((s) => s['graph']['path']));
    expect([...paths].sort()).toEqual(['pkg/__init__.py', 'pkg/sub/bisect.py']);
    expect(samples.every((s) => s['package_name'] === 'pkg')).toBe(true);
    expect(samples.some((s) => s['target_fix_action_idx'] !== null)).toBe(true);
    for (const s of samples) {
      const target = s['target_fix_action_idx'];
      if (target !== null) expect(s['candidate_rewrites'][target]).toBeDefined();
      expect(s['provenance']['seed']).toBe(5);
    }
  });

  it('refuses a source that is not a directory or has no Python files', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'bugmine-xd-empty-'));
    const none = await runCli(['extract-dir', empty, join(empty, 'out')]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/no \.py files/);
    const missing = await runCli(['extract-dir', join(empty, 'nope'), join(empty, 'out')]);
    expect(missing.stderr).toMatch(/is not a directory/);
  });

  it('skips a subdirectory it cannot read, counts it by reason and extracts the rest', () => {
    // Root reads every directory, so the walk runs as an unprivileged user: `nobody` through runuser when root.
    const asRoot = process.getuid?.() === 0;
    const runuser = '/usr/sbin/runuser';
    if (asRoot && !existsSync(runuser)) {
      console.warn('skipped: running as root without runuser, an unreadable directory cannot be made');
      return;
    }
    const root = mkdtempSync(join(tmpdir(), 'bugmine-xd-eacces-'));
    chmodSync(root, 0o777);
    const src = join(root, 'src');
    mkdirSync(join(src, 'pkg', 'secret'), { recursive: true });
    copyFileSync(join(stdlib, 'colorsys.py'), join(src, 'pkg', '__init__.py'));
    copyFileSync(join(stdlib, 'bisect.py'), join(src, 'pkg', 'secret', 'bisect.py'));
    chmodSync(join(src, 'pkg', 'secret'), 0o000);
    for (const dir of [src, join(src, 'pkg')]) chmodSync(dir, 0o755);
    chmodSync(join(src, 'pkg', '__init__.py'), 0o644);
    const out = join(root, 'out');
    const args = [CLI, 'extract-dir', src, out, '--workers', '1', '--python-path', '/nonexistent', '--json'];
    const command = asRoot ? runuser : process.execPath;
    const commandArgs = asRoot ? ['-u', 'nobody', '--', process.execPath, ...args] : args;
    let stdout = '';
    let stderr = '';
    let code = 0;
    try {
      stdout = execFileSync(command, commandArgs, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      ({ stdout, stderr, status: code } = failed);
    } finally {
      chmodSync(join(src, 'pkg', 'secret'), 0o755);
    }
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as { files: number; skipped: Record<string, number>; problems: string[]; samples: number };
    expect(summary.files).toBe(1);
    expect(summary.skipped).toEqual({ 'unreadable-directory': 1 });
    expect(summary.problems).toEqual(['pkg/secret/: unreadable-directory: EACCES: permission denied, scandir \'' + join(src, 'pkg', 'secret') + "'"]);
    expect(summary.samples).toBeGreaterThan(0);
    expect(readdirSync(out)).toEqual(['graphs-pkg.msgpack.l.gz']);
  }, 120_000);
});
