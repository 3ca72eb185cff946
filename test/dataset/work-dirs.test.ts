// Data commands never read work directories: an OUT that an extract run is still writing (or that
// an interrupted run left) holds uncommitted, not yet deduplicated data in OUT/.bugmine-work/ (and
// merge and pypibugs have their own); stats, dump, split and export see only the committed files.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSamples } from '../../src/io/index.js';
import { packageSamples, seededRng } from '../../scripts/lib/synthetic-samples.js';
import { runCli } from '../helpers/cli.js';

const spec = (packageName: string) => ({ packageName, packageVersion: '1', files: [`${packageName}/a.py`], functionsPerFile: 2, bugsPerFunction: 1, nodeCount: { min: 3, max: 6 } });

/** An OUT with one committed package (4 samples) and uncommitted data in each kind of work directory. */
async function outWithWorkDirs(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-workdirs-'));
  await writeSamples(join(out, 'graphs-done.msgpack.l.gz'), [...packageSamples(seededRng(1), spec('done'))]);
  for (const [dir, pkg] of [['.bugmine-work/@staged/staged', 'staged'], ['.bugmine-work/@finished/running', 'running'], ['.bugmine-merge-work/merging', 'merging'], ['.pypibugs-work/unit', 'unit']] as const) {
    mkdirSync(join(out, dir), { recursive: true });
    await writeSamples(join(out, dir, `graphs-${pkg}.msgpack.l.gz`), [...packageSamples(seededRng(2), spec(pkg))]);
  }
  return out;
}

/** Every file under `dir`, relative. */
function listAll(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listAll(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]));
}

describe('data commands ignore work directories', () => {
  it('stats counts only the committed files', async () => {
    const out = await outWithWorkDirs();
    const run = await runCli(['stats', out, '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dataFiles: 1, samples: 4, packages: 1 });
  });

  it('dump prints only the committed samples', async () => {
    const out = await outWithWorkDirs();
    const run = await runCli(['dump', out, '--jsonl']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const packages = run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { package_name: string }).package_name);
    expect(packages).toEqual(['done', 'done', 'done', 'done']);
  });

  it('split writes only the committed files into the folds, and no work directory', async () => {
    const out = await outWithWorkDirs();
    const folds = join(mkdtempSync(join(tmpdir(), 'bugmine-workdirs-split-')), 'folds');
    const run = await runCli(['split', out, folds]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const written = listAll(folds).filter((file) => file.endsWith('.msgpack.l.gz'));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/graphs-done/);
    expect(listAll(folds).some((file) => file.includes('-work'))).toBe(false);
  });

  it('export takes only the committed samples', async () => {
    const out = await outWithWorkDirs();
    const target = join(mkdtempSync(join(tmpdir(), 'bugmine-workdirs-export-')), 'jsonl');
    const run = await runCli(['export', out, target, '--format', 'jsonl']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/exported 4 samples/);
    expect(existsSync(target)).toBe(true);
  });
});
