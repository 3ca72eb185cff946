import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Progress } from '../terminal/progress.js';
import { runExitCode, type ExitCode } from '../exit-codes.js';
import { acquireOutLock } from '../io/out-lock.js';
import { discoverPythonPath } from '../graph/calls/search-path.js';
import { defaultCacheDir } from '../pypibugs/git-cache.js';
import { ContainerUnits, ThreadUnits, type UnitExecutor } from '../pypibugs/unit-executors.js';
import type { Shard } from '../run/shard.js';
import { WorkerContainers } from '../run/worker-container.js';
import { runPypiBugs, type PypiBugsReport } from '../pypibugs/run.js';
import { DEFAULT_MAX_FILE_CPU_SECONDS } from '../graph/cpu-budget.js';
import {
  addWorkerContainerOptions,
  cacheOption,
  cloneTimeoutOption,
  containerLimits,
  cpuSecondsLimit,
  type ExecutorKind,
  executorKind,
  jsonOption,
  positiveInteger,
  shardOption,
  type WorkerContainerCliOptions,
} from './options.js';
import { output } from '../output.js';
import { handleInterrupts } from './interrupt.js';
import { reportStaleLock } from './out-lock-report.js';
import { requireTool } from '../run/tools.js';
import { prepareWorkerDocker } from './worker-docker.js';

/** Work directories of container units, under OUT (so their output is renamed, not copied, into place). */
const WORK_DIR = '.pypibugs-work';

interface PypiBugsCommandOptions extends WorkerContainerCliOptions {
  workers: number;
  cache?: string;
  fixed?: boolean;
  maxFileCpuSeconds: number | null;
  shard?: Shard;
  retryFailed?: boolean;
  json?: boolean;
  executor: ExecutorKind;
  cloneTimeout: number;
  timeout: number;
}

export function register(program: Command): void {
  const command = program
    .command('pypibugs')
    .summary('re-extract the PyPIBugs real-bug dataset from git history')
    .description(
      'for every line of a PyPIBugs JSONL file ({repo, hash, diff, old_path, rewrite}), clone the repository into a ' +
        'persistent cache, read the buggy file at the parent of the fixing commit, and write the sample of the function ' +
        'whose candidate rewrites contain the fix (target_fix_action_idx set); OUT/manifest.jsonl records the outcome of every line',
    )
    .argument('<PYPIBUGS>', 'the PyPIBugs JSONL file')
    .argument('<OUT>', 'output directory: samples/<repository>.msgpack.l.gz and manifest.jsonl; a re-run resumes')
    .option('--workers <N>', 'repositories analysed at once (worker threads or containers)', positiveInteger, availableParallelism())
    .addOption(cacheOption())
    .option('--fixed', 'also write the fixed function as a sample without bug')
    .option('--max-file-cpu-seconds <S>', 'CPU seconds the analysis of one file may take before its line is counted analysis-timeout (0: no limit)', cpuSecondsLimit, DEFAULT_MAX_FILE_CPU_SECONDS)
    .addOption(shardOption('process only shard i of N (0-based; by repository)'))
    .option('--retry-failed', 'redo lines whose earlier outcome was not ok')
    .option(
      '--executor <KIND>',
      'where repositories are analysed: local (worker threads), docker (one worker container per repository, without network, ' +
        'the clone mounted read-only), auto (docker when a daemon is reachable)',
      executorKind,
      'local',
    )
    .addOption(cloneTimeoutOption())
    .option('--timeout <SECONDS>', 'docker: a repository\'s container is killed after this long', positiveInteger, 3600);
  addWorkerContainerOptions(command)
    .addOption(jsonOption('the run summary'))
    .action(async (input: string, outDir: string, options: PypiBugsCommandOptions) => {
      await pypibugs(input, outDir, options);
    });
}

/** Worker containers when asked for (and reachable), else worker threads. */
async function chooseExecutor(out: string, options: PypiBugsCommandOptions): Promise<UnitExecutor> {
  // The search path of call resolution: the host's, so that both executors resolve the same calls.
  const pythonPath = discoverPythonPath();
  if (options.executor !== 'local') {
    const worker = await prepareWorkerDocker(options.image, options.executor === 'docker', output.log);
    if (!('unavailable' in worker)) {
      const containers = new WorkerContainers(worker.docker, {
        image: worker.image,
        ...containerLimits(options),
        // A unit reads only its clone and the search path: it needs no network.
        network: 'none',
        readOnlyDirs: pythonPath.filter((dir) => existsSync(dir)),
        hostEnv: process.env,
      });
      return new ContainerUnits(containers, options.workers, {
        workRoot: join(out, WORK_DIR),
        timeoutMs: options.timeout * 1000,
        pythonPath,
      });
    }
    output.log(`${worker.unavailable}: using worker threads`);
  }
  return new ThreadUnits(options.workers, pythonPath);
}

async function pypibugs(input: string, outDir: string, options: PypiBugsCommandOptions): Promise<void> {
  const out = resolve(outDir);
  requireTool('git', 'pypibugs clones and reads the repositories with git; install git');
  // Before the executor's set-up (which may build the worker image): a second run stops at once.
  const lock = acquireOutLock(out, 'pypibugs');
  reportStaleLock(lock);
  try {
    await runLocked(input, out, options);
  } finally {
    lock.release();
  }
}

async function runLocked(input: string, out: string, options: PypiBugsCommandOptions): Promise<void> {
  const executor = await chooseExecutor(out, options);
  const interrupts = handleInterrupts({
    abort: async () => {
      await executor.killAll();
      await rm(join(out, WORK_DIR), { recursive: true, force: true });
    },
  });
  let progress: Progress | undefined;
  let detach: (() => void) | undefined;
  try {
    const report = await runPypiBugs(input, out, {
      executor,
      // Absolute: a worker container mounts the clones by their host path.
      cacheDir: resolve(options.cache ?? defaultCacheDir()),
      cloneTimeoutMs: options.cloneTimeout * 1000,
      fixed: options.fixed === true,
      maxFileCpuSeconds: options.maxFileCpuSeconds,
      shard: options.shard,
      retryFailed: options.retryFailed === true,
      onStart: (repositories) => {
        progress = new Progress('pypibugs', repositories);
        detach = output.attach(progress);
      },
      onRepositoryDone: (_repo, samples, failedLines) => progress?.fileDone(samples, failedLines > 0),
      logger: output,
    });
    progress?.finish();
    detach?.();
    output.result(options.json ? JSON.stringify(report) + '\n' : summaryTable(report));
    process.exitCode = pypiBugsExitCode(report);
  } finally {
    detach?.();
    interrupts.release();
  }
}

export function summaryTable(report: PypiBugsReport): string {
  const r = report.repositories;
  const lines = [
    `pypibugs: ${report.lines} lines, ${report.samples} samples, ${report.verified} verified; ` +
      `${r.total} repositories (${r.skipped} done before, ${r.cloned} cloned, ${r.reused} from the cache, ${r.unavailable} unavailable, ` +
      `${r.fetchedCommits} commits and ${r.fetchedBlobs} file versions fetched)`,
  ];
  for (const [outcome, count] of Object.entries(report.outcomes)) {
    if (count > 0 || outcome === 'ok') lines.push(`  ${outcome.padEnd(18)}${String(count).padStart(8)}`);
  }
  lines.push(`manifest: ${report.manifest}`);
  return lines.join('\n') + '\n';
}

/** Outcomes that are no failure: the line's sample is written, or the same fix is kept on another line. */
const NOT_FAILED: ReadonlySet<string> = new Set(['ok', 'duplicate', 'duplicate-fix', 'invalid-line']);

/** 1 with invalid lines, else 3 when any line did not come out ok (duplicates are not failures), else 0. */
export function pypiBugsExitCode(report: PypiBugsReport): ExitCode {
  const outcomes = report.outcomes as Record<string, number>;
  const failed = Object.entries(outcomes).reduce((n, [outcome, count]) => (NOT_FAILED.has(outcome) ? n : n + count), 0);
  return runExitCode({ invalidInput: outcomes['invalid-line'] ?? 0, failed });
}
