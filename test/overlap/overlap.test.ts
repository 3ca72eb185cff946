import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SHARED } from '../helpers/cli.js';

const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const CORPUS = join(SHARED, 'datasets', 'pypibugs-fixes');

async function overlap(args: string[]): Promise<Record<string, any>> {
  const result = await runCli(['overlap', ...args, '--json']);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  return JSON.parse(result.stdout) as Record<string, any>;
}

describe('bugmine overlap', () => {
  it('finds a vendored PyPIBugs file in an extract-dir data set, and --drop-from removes it from either side', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bugmine-overlap-'));
    mkdirSync(join(root, 'src', 'vendorpkg', '_vendor'), { recursive: true });
    copyFileSync(join(stdlib, 'colorsys.py'), join(root, 'src', 'vendorpkg', '__init__.py'));
    // PyPIBugs line 62's buggy file (pytorch/fairseq), as a package would vendor it.
    execFileSync('tar', ['xzf', join(CORPUS, 'files.tar.gz'), '-C', root, '62.before.py']);
    copyFileSync(join(root, '62.before.py'), join(root, 'src', 'vendorpkg', '_vendor', 'sinusoidal_positional_embedding.py'));
    const extracted = await runCli(['extract-dir', join(root, 'src'), join(root, 'A'), '--workers', '1']);
    expect(extracted.code, extracted.stderr + extracted.stdout).toBe(0);

    const report = await overlap([join(root, 'A'), CORPUS]);
    expect(report['b']['kind']).toBe('fix-records');
    expect(report['functions']['b']['total']).toBe(909);
    expect(report['functions']['b']['overlapping']).toBeGreaterThanOrEqual(1);
    const pair = report['functions']['pairs'].find((p: any) => p.b.path === 'fairseq/modules/sinusoidal_positional_embedding.py');
    expect(pair).toBeDefined();
    expect(pair.b.package).toBe('pytorch/fairseq');
    expect(pair.a.path).toBe('vendorpkg/_vendor/sinusoidal_positional_embedding.py');
    expect(pair.a.function).toBe(pair.b.function);
    expect(pair.similarity).toBeGreaterThanOrEqual(0.85);
    // colorsys is in no PyPIBugs repository.
    expect(report['functions']['pairs'].every((p: any) => p.a.path.startsWith('vendorpkg/_vendor/'))).toBe(true);

    const dropB = await overlap([join(root, 'A'), CORPUS, '--drop-from', 'B', join(root, 'B-clean.jsonl.gz')]);
    expect(dropB['dropped']['dropped']).toBe(report['functions']['b']['overlapping']);
    expect(dropB['dropped']['kept']).toBe(909 - dropB['dropped']['dropped']);
    const afterB = await overlap([join(root, 'A'), join(root, 'B-clean.jsonl.gz')]);
    expect(afterB['functions']['b']['overlapping']).toBe(0);
    expect(afterB['functions']['b']['total']).toBe(909 - dropB['dropped']['dropped']);

    const dropA = await overlap([join(root, 'A'), CORPUS, '--drop-from', 'A', join(root, 'A-clean')]);
    expect(dropA['dropped']['dropped']).toBeGreaterThan(0);
    const afterA = await overlap([join(root, 'A-clean'), CORPUS]);
    expect(afterA['functions']['b']['overlapping']).toBe(0);
    expect(afterA['functions']['a']['total']).toBe(report['functions']['a']['total'] - report['functions']['a']['overlapping']);

    const exists = await runCli(['overlap', join(root, 'A'), CORPUS, '--drop-from', 'B', join(root, 'A-clean')]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/exists/);
  });
});
