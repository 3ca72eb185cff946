// The Slurm path of the pipeline benchmark: the list as a job array of scripts/slurm/extract.sbatch
// (local executor, one CPU per task, --defer-dedup) with 1, 2, 4... tasks, then bugmine merge of
// the shards. Wall time is from sbatch to the end of the last task (scheduling included), so it is
// what a user waits for; the merge is timed separately. Needs a cluster: as root,
// scripts/slurm/start-test-cluster.sh starts a one-node one.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const SBATCH = join(root, 'scripts', 'slurm', 'extract.sbatch');

export function slurmAvailable(): string | null {
  const sinfo = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' });
  if (sinfo.error !== undefined) return 'sbatch/sinfo not installed';
  if (sinfo.status !== 0) return `no Slurm controller answers (${sinfo.stderr.trim().split('\n')[0]})`;
  return /idle|mixed|alloc/.test(sinfo.stdout) ? null : `no node can run jobs (${sinfo.stdout.trim()})`;
}

function timed(program: string, args: string[]): Promise<{ seconds: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.once('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, code, stdout, stderr }));
  });
}

export async function slurmPipeline(list: string, index: string, packages: number, taskCounts: readonly number[]): Promise<void> {
  const why = slurmAvailable();
  if (why !== null) {
    console.log(`slurm: skipped, ${why}`);
    return;
  }
  const walls = new Map<number, number>();
  for (const tasks of taskCounts) {
    const dir = mkdtempSync(join(tmpdir(), 'bugmine-bench-slurm-'));
    try {
      const out = join(dir, 'out');
      const array = await timed('sbatch', [
        '--wait', '--parsable', `--array=0-${tasks - 1}`, '--cpus-per-task=1', `--output=${join(dir, 'slurm-%A_%a.out')}`, `--chdir=${dir}`,
        `--export=ALL,BUGMINE=${process.execPath} ${cli}`, SBATCH, list, out, String(tasks), '--executor', 'local', '--no-index', '--find-links', index,
      ]);
      if (array.code !== 0) throw new Error(`slurm array of ${tasks} failed (exit ${array.code}): ${array.stderr} (task logs in ${dir})`);
      const merge = await timed(process.execPath, [cli, 'merge', ...Array.from({ length: tasks }, (_, i) => join(out, `shard-${i}`)), join(dir, 'merged'), '--json']);
      if (merge.code !== 0) throw new Error(`merge failed: ${merge.stderr}`);
      const summary = JSON.parse(merge.stdout) as { merged: number; nearDuplicates: { files: number } };
      walls.set(tasks, array.seconds);
      const one = walls.get(taskCounts[0]!)!;
      console.log(
        `slurm, ${tasks} array task(s) x 1 CPU: ${array.seconds.toFixed(1)} s wall (sbatch to last task end), ${((packages * 60) / array.seconds).toFixed(1)} packages/min` +
          `${tasks === taskCounts[0] ? '' : `, ${(one / array.seconds).toFixed(2)}x the ${taskCounts[0]}-task wall`}; ` +
          `merge ${merge.seconds.toFixed(2)} s (${summary.merged} packages, ${summary.nearDuplicates.files} near-duplicate files dropped)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
