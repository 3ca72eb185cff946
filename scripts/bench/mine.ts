// Mining throughput: the differ alone on the corpus pairs (pairs/s), then mineRepository on bundles (files/s, commits/s), then the CLI on 1 vs 2 threads.
//   npm run bench -- mine [BUNDLE-NAME...] [--max-commits N]   (default: jor-+measurements, foxkit-us+PyIRC; --max-commits 200)
// The differ round diffs the 909 before/after functions of datasets/pypibugs-fixes (parsed before timing;
// three rounds, the first warms the JIT). The mining round clones each bundle into a temporary cache
// first (not timed: the warm-cache case) and times the history walk, reads, parses, diffs and rewrites.
// CPU seconds are printed beside wall seconds: on a shared machine the wall figure is mostly waiting.
// The threads round (needs `npm run build`) runs `node dist/cli.js mine --workers 1` and `--workers 2`
// on the same warm cache over each bundle twice (the bundle and a symbolic link to it: two
// repositories with equal work, so 2 threads can at best halve the time) and prints the ratio.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { diffCst } from '../../src/diff/index.js';
import { parseFunctionText } from '../../src/diff/function-source.js';
import { mineRepository } from '../../src/mine/repository.js';
import { GitCache } from '../../src/pypibugs/git-cache.js';

const APP_ROOT = join(import.meta.dirname, '..', '..');
const SHARED = join(APP_ROOT, '..', 'shared', 'datasets');
const CLI = join(APP_ROOT, 'dist', 'cli.js');
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds of the waited-for children of this process (Linux: cutime + cstime of /proc/self/stat). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(')').at(-1)!.trim().split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function differ(): void {
  const rows = gunzipSync(readFileSync(join(SHARED, 'pypibugs-fixes', 'fixes.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { before: string; after: string; before_range: number[][]; after_range: number[][] });
  const pairs = rows.map((r) => [
    parseFunctionText(r.before, { line: r.before_range[0]![0]!, column: r.before_range[0]![1]! }),
    parseFunctionText(r.after, { line: r.after_range[0]![0]!, column: r.after_range[0]![1]! }),
  ]);
  for (let round = 1; round <= 3; round++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    let actions = 0;
    for (const [before, after] of pairs) actions += diffCst(before!, after!).actions.length;
    const wall = (performance.now() - started) / 1000;
    const cpus = cpuSeconds(cpu);
    console.log(
      `differ round ${round}: ${pairs.length} pairs, ${actions} actions, ${wall.toFixed(2)} s wall (${(pairs.length / wall).toFixed(0)} pairs/s), ` +
        `${cpus.toFixed(2)} s CPU (${(pairs.length / cpus).toFixed(0)} pairs per CPU-second)`,
    );
  }
}

interface CliRun {
  readonly workers: number;
  readonly wall: number;
  readonly cpu: number;
  readonly commits: number;
  readonly filesCompared: number;
  readonly bugs: number;
}

function mineCli(repos: string[], out: string, cacheDir: string, workers: number, maxCommits: number): CliRun {
  const cpu = childCpuSeconds();
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, 'mine', ...repos, out, '--cache', cacheDir, '--workers', String(workers), '--max-commits', String(maxCommits), '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`mine --workers ${workers} exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { commits: number; filesCompared: number; bugs: number };
  return { workers, wall, cpu: childCpuSeconds() - cpu, ...report };
}

async function threads(names: string[], maxCommits: number, cache: GitCache, cacheDir: string): Promise<void> {
  if (!existsSync(join(APP_ROOT, 'dist', 'mine', 'mine-worker.js'))) {
    console.log('threads: skipped (dist/ is missing: run `npm run build` first)');
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'bugmine-bench-mine-threads-'));
  try {
    const repos: string[] = [];
    for (const name of names) {
      const bundle = join(SHARED, 'pypibugs-repos', `${name}.bundle`);
      const twin = join(root, `${name}.twin.bundle`);
      symlinkSync(bundle, twin);
      repos.push(bundle, twin);
      // Warm cache: both names cloned before timing.
      for (const repo of [bundle, twin]) if (!(await cache.ensure(repo, [])).ok) throw new Error(`${repo}: clone failed`);
    }
    const runs = [1, 2].map((workers) => mineCli(repos, join(root, `out-${workers}`), cacheDir, workers, maxCommits));
    for (const run of runs) {
      console.log(
        `mine CLI, ${run.workers} ${run.workers === 1 ? 'thread (main)' : 'worker threads'}, ${repos.length} repositories: ${run.commits} commits, ${run.filesCompared} files compared, ${run.bugs} single rewrites; ` +
          `${run.wall.toFixed(1)} s wall: ${(run.commits / run.wall).toFixed(1)} commits/s, ${(run.filesCompared / run.wall).toFixed(1)} files/s; ${run.cpu.toFixed(1)} s CPU`,
      );
    }
    const [one, two] = runs as [CliRun, CliRun];
    const same = ['bugs.jsonl', 'fixes.jsonl.gz'].every((f) => readFileSync(join(root, 'out-1', f)).equals(readFileSync(join(root, 'out-2', f))));
    console.log(
      `threads: 2 vs 1 speed-up ${(one.wall / two.wall).toFixed(2)}x (wall; ideal 2.00x), outputs ${same ? 'identical' : 'DIFFERENT'}; ` +
        `load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} CPUs`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function main(args: string[]): Promise<void> {
  let maxCommits = 200;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--max-commits') maxCommits = Number(args[++i]);
    else names.push(args[i]!);
  }
  if (names.length === 0) names.push('jor-+measurements', 'foxkit-us+PyIRC');
  differ();
  const cacheDir = mkdtempSync(join(tmpdir(), 'bugmine-bench-mine-'));
  try {
    const cache = new GitCache(cacheDir);
    for (const name of names) {
      const bundle = join(SHARED, 'pypibugs-repos', `${name}.bundle`);
      const clone = await cache.ensure(bundle, []);
      if (!clone.ok) throw new Error(`${bundle}: ${clone.reason}`);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const mined = await mineRepository(clone.dir, bundle, { maxActions: 6, maxFileBytes: 1 << 20, maxCommits });
      const wall = (performance.now() - started) / 1000;
      const cpus = cpuSeconds(cpu);
      console.log(
        `mine ${name}: ${mined.commits} commits, ${mined.filesCompared} files compared, ${mined.bugs.length} single rewrites, ${mined.fixes.length} fix records; ` +
          `${wall.toFixed(1)} s wall: ${(mined.commits / wall).toFixed(1)} commits/s, ${(mined.filesCompared / wall).toFixed(1)} files/s; ` +
          `${cpus.toFixed(1)} s CPU: ${(mined.commits / cpus).toFixed(1)} commits/CPU-s, ${(mined.filesCompared / cpus).toFixed(1)} files/CPU-s`,
      );
    }
    await threads(names, maxCommits, cache, cacheDir);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
