// Mining throughput: the differ alone on the corpus pairs (pairs/s), then mineRepository on bundles (files/s, commits/s).
//   npm run bench -- mine [BUNDLE-NAME...] [--max-commits N]   (default: jor-+measurements, foxkit-us+PyIRC; --max-commits 200)
// The differ round diffs the 909 before/after functions of datasets/pypibugs-fixes (parsed before timing;
// three rounds, the first warms the JIT). The mining round clones each bundle into a temporary cache
// first (not timed: the warm-cache case) and times the history walk, reads, parses, diffs and rewrites.
// CPU seconds are printed beside wall seconds: on a shared machine the wall figure is mostly waiting.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { diffCst } from '../../src/diff/index.js';
import { parseFunctionText } from '../../src/diff/function-source.js';
import { mineRepository } from '../../src/mine/repository.js';
import { GitCache } from '../../src/pypibugs/git-cache.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets');

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
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
