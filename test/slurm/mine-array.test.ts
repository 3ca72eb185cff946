// scripts/slurm/mine.sbatch for real: three repositories (one a fork of another) mined as a 2-task
// job array, then bugmine merge: bugs.jsonl and fixes.jsonl.gz are byte for byte one run's, the
// fork's fix marked as a duplicate across the shards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { repositoryWithFixes } from '../helpers/git-history.js';
import { allFinal, slurm, slurmGate, states, until } from '../helpers/slurm.js';

const SBATCH = join(REPO_ROOT, 'scripts', 'slurm', 'mine.sbatch');
const gate = slurmGate('mine-array.test.ts');

describe.runIf(gate.available)('Slurm job array of mine shards', () => {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-slurm-mine-'));
  const repos = join(root, 'repos.txt');
  const out = join(root, 'out');

  beforeAll(() => {
    const [a, fork, c] = ['a', 'fork', 'c'].map((name) => join(root, name)) as [string, string, string];
    repositoryWithFixes(a);
    execFileSync('git', ['clone', '-q', a, fork]);
    repositoryWithFixes(c, 'other');
    writeFileSync(repos, `# three repositories\n${a}\n${fork}\n${c}\n`);
  }, 60_000);

  afterAll(() => {
    execFileSync('rm', ['-rf', root]);
  });

  it('runs 2 tasks and merges them to the bytes of one run', async () => {
    const single = await runCli(['mine', '--repos', repos, join(root, 'single'), '--cache', join(root, 'cache-single')]);
    expect(single.code, single.stderr + single.stdout).toBe(0);
    const job = slurm('sbatch', ['--parsable', '--array=0-1', `--output=${join(root, 'slurm-%A_%a.out')}`, `--chdir=${root}`, `--export=ALL,BUGMINE=${process.execPath} ${CLI}`, SBATCH, repos, out, '2', '--cache', join(root, 'cache')]).split(';')[0]!;
    await until(() => allFinal(job), `job ${job} to end`);
    for (const i of [0, 1]) expect(states(job).get(`${job}_${i}`), readFileSync(join(root, `slurm-${job}_${i}.out`), 'utf8')).toBe('COMPLETED');
    const merged = await runCli(['merge', join(out, 'shard-0'), join(out, 'shard-1'), join(root, 'merged'), '--json']);
    expect(merged.code, merged.stderr + merged.stdout).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ repositories: 3, duplicates: 1, missing: [] });
    for (const file of ['bugs.jsonl', 'fixes.jsonl.gz']) {
      expect(readFileSync(join(root, 'merged', file)).equals(readFileSync(join(root, 'single', file))), file).toBe(true);
    }
  }, 600_000);
});
