// The Slurm path for real: the quick start's package list as a 4-task job array of
// scripts/slurm/extract.sbatch (local executor), one task cancelled while it runs and resubmitted
// alone, then bugmine merge: the merged data files are byte for byte those of one run of the list.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDefaultIndex } from '../../scripts/extract-demo/local-index.js';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { allFinal, FINAL, slurm, slurmGate, states, until } from '../helpers/slurm.js';

const LONG = 900_000;
const LIST = join(REPO_ROOT, 'datasets', 'packages-default.txt');
const SBATCH = join(REPO_ROOT, 'scripts', 'slurm', 'extract.sbatch');
const gate = slurmGate('extract-array.test.ts');

function dataFiles(dir: string): Record<string, string> {
  const names = readdirSync(dir).filter((f) => f.endsWith('.msgpack.l.gz') || f === 'near-duplicates.jsonl').sort();
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

describe.runIf(gate.available)('Slurm job array of extract shards', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-slurm-'));
  const index = join(root, 'index');
  const single = join(root, 'single');
  const out = join(root, 'out');
  const options = ['--executor', 'local', '--no-index', '--find-links', index, '--seed', '11'];
  const submit = (array: string): string =>
    slurm('sbatch', ['--parsable', `--array=${array}`, `--output=${join(root, 'slurm-%A_%a.out')}`, `--chdir=${root}`, `--export=ALL,BUGMINE=${process.execPath} ${CLI}`, SBATCH, LIST, out, '4', ...options]).split(';')[0]!;

  beforeAll(async () => {
    buildDefaultIndex(index);
    const run = await runCli(['extract', LIST, single, ...options, '--workers', '2']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
  }, LONG);

  it('runs 4 tasks, survives one cancelled and resubmitted alone, and merges to the one-machine data files', async () => {
    const job = submit('0-3');
    // Cancel task 1 while its package job runs (position 1 of 3): it stops with nothing committed.
    await until(() => existsSync(join(out, 'shard-1', '.bugmine-work')) || FINAL.has(states(job).get(`${job}_1`) ?? ''), 'task 1 to start its package');
    slurm('scancel', [`${job}_1`]);
    await until(() => allFinal(job), `job ${job} to end`);
    const first = states(job);
    expect(first.get(`${job}_1`)).toBe('CANCELLED');
    expect(existsSync(join(out, 'shard-1', 'manifest.jsonl'))).toBe(false);
    for (const i of [0, 2, 3]) expect(first.get(`${job}_${i}`), readFileSync(join(root, `slurm-${job}_${i}.out`), 'utf8')).toBe('COMPLETED');

    // Resubmit the cancelled index alone: N stays 4 although the new array has one task.
    const again = submit('1');
    await until(() => allFinal(again), `job ${again} to end`);
    expect(states(again).get(`${again}_1`), readFileSync(join(root, `slurm-${again}_1.out`), 'utf8')).toBe('COMPLETED');

    const merged = join(root, 'merged');
    const merge = await runCli(['merge', ...[0, 1, 2, 3].map((i) => join(out, `shard-${i}`)), merged, '--json']);
    expect(merge.code, merge.stderr + merge.stdout).toBe(0);
    expect(JSON.parse(merge.stdout)).toMatchObject({ total: 3, merged: 3, missing: [] });
    expect(Object.keys(dataFiles(merged)).length).toBeGreaterThan(0);
    expect(dataFiles(merged)).toEqual(dataFiles(single));
  }, LONG);
});
