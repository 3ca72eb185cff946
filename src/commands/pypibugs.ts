import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';
import { Progress } from '../dataset/progress.js';
import { UserError } from '../errors.js';
import { DEFAULT_CLONE_TIMEOUT_MS, defaultCacheDir } from '../pypibugs/git-cache.js';
import { parseShard, type Shard } from '../run/shard.js';
import { runPypiBugs, type PypiBugsReport } from '../pypibugs/run.js';
import { positiveInteger } from './options.js';

interface PypiBugsCommandOptions {
  workers: number;
  cache?: string;
  fixed?: boolean;
  shard?: Shard;
  retryFailed?: boolean;
  executor: string;
  cloneTimeout: number;
}

function shardOption(value: string): Shard {
  const shard = parseShard(value);
  if (shard === null) throw new InvalidArgumentError('expected i/N with 0 <= i < N');
  return shard;
}

export function register(program: Command): void {
  program
    .command('pypibugs')
    .summary('re-extract the PyPIBugs real-bug dataset from git history')
    .description(
      'for every line of a PyPIBugs JSONL file ({repo, hash, diff, old_path, rewrite}), clone the repository into a ' +
        'persistent cache, read the buggy file at the parent of the fixing commit, and write the sample of the function ' +
        'whose candidate rewrites contain the fix (target_fix_action_idx set); OUT/manifest.jsonl records the outcome of every line',
    )
    .argument('<PYPIBUGS>', 'the PyPIBugs JSONL file')
    .argument('<OUT>', 'output directory: samples/<repository>.msgpack.l.gz and manifest.jsonl; a re-run resumes')
    .option('--workers <N>', 'repositories processed at once', positiveInteger, availableParallelism())
    .option('--cache <DIR>', `clone cache (default: ${defaultCacheDir()})`)
    .option('--fixed', 'also write the fixed function as a sample without bug')
    .option('--shard <i/N>', 'process only shard i of N (0-based; by repository)', shardOption)
    .option('--retry-failed', 'redo lines whose earlier outcome was not ok')
    .option('--executor <KIND>', 'local (the Docker executor is not available for pypibugs yet)', 'local')
    .option('--clone-timeout <SECONDS>', 'give up a clone or fetch that is silent this long', positiveInteger, DEFAULT_CLONE_TIMEOUT_MS / 1000)
    .action(async (input: string, output: string, options: PypiBugsCommandOptions) => {
      await pypibugs(input, output, options);
    });
}

async function pypibugs(input: string, output: string, options: PypiBugsCommandOptions): Promise<void> {
  if (options.executor === 'docker') {
    throw new UserError('pypibugs: --executor docker is not available yet for pypibugs (only extract has it so far); use --executor local');
  }
  if (options.executor !== 'local') throw new UserError(`pypibugs: unknown executor ${JSON.stringify(options.executor)} (expected local)`);
  let progress: Progress | undefined;
  const report = await runPypiBugs(input, output, {
    workers: options.workers,
    cacheDir: options.cache ?? defaultCacheDir(),
    cloneTimeoutMs: options.cloneTimeout * 1000,
    fixed: options.fixed === true,
    shard: options.shard,
    retryFailed: options.retryFailed === true,
    onStart: (repositories) => (progress = new Progress('pypibugs', repositories)),
    onRepositoryDone: (_repo, samples, failedLines) => progress?.fileDone(samples, failedLines > 0),
    log: (message) => (progress ? progress.log(`bugmine: ${message}`) : process.stderr.write(`bugmine: ${message}\n`)),
  });
  progress?.finish();
  process.stdout.write(summaryTable(report));
}

export function summaryTable(report: PypiBugsReport): string {
  const r = report.repositories;
  const lines = [
    `pypibugs: ${report.lines} lines, ${report.samples} samples, ${report.verified} verified; ` +
      `${r.total} repositories (${r.skipped} done before, ${r.cloned} cloned, ${r.reused} from the cache, ${r.unavailable} unavailable, ${r.fetchedCommits} commits fetched)`,
  ];
  for (const [outcome, count] of Object.entries(report.outcomes)) {
    if (count > 0 || outcome === 'ok') lines.push(`  ${outcome.padEnd(18)}${String(count).padStart(8)}`);
  }
  lines.push(`manifest: ${report.manifest}`);
  return lines.join('\n') + '\n';
}
