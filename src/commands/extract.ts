import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { runExitCode } from '../exit-codes.js';
import { OUTCOMES, type Outcome } from '../extract/manifest.js';
import { acquireOutLock } from '../io/out-lock.js';
import { recordShardInfo } from '../extract/deferred.js';
import { inShard, parsePackageList, withPositions } from '../extract/package-list.js';
import type { Shard } from '../run/shard.js';
import { formatOutcomeTable, runExtract, WORK_DIR } from '../extract/run-extract.js';
import { clearScratch } from '../extract/staging.js';
import { DockerExecutor } from '../extract/docker-executor.js';
import { LOCAL_EXECUTOR_WARNING, LocalExecutor } from '../extract/local-executor.js';
import type { PackageExecutor } from '../extract/package-executor.js';
import { DEFAULT_VENDORED_MODE, VENDORED_MODES, type VendoredMode } from '../extract/vendored.js';
import { ignoredPipWarning, localJobEnvironment, readPipSettings } from '../run/pip-config.js';
import { defaultNetwork, localFindLinks, pipArguments, type PipSources } from '../run/pip-sources.js';
import { requireTool } from '../run/tools.js';
import {
  addSampleOptions,
  addWorkerContainerOptions,
  collect,
  containerLimits,
  cpuSecondsLimit,
  type ExecutorKind,
  executorKind,
  jsonOption,
  positiveInteger,
  type SampleCliOptions,
  shardOption,
  type WorkerContainerCliOptions,
} from './options.js';
import { output } from '../output.js';
import { handleInterrupts } from './interrupt.js';
import { reportStaleLock } from './out-lock-report.js';
import { prepareWorkerDocker } from './worker-docker.js';
import { addBugPatternOptions, type BugPatternsCliOptions, bugPatternsSetting } from './bug-patterns.js';

interface ExtractCliOptions extends BugPatternsCliOptions, SampleCliOptions, WorkerContainerCliOptions {
  executor: ExecutorKind;
  workers: number;
  timeout: number;
  cpuTimeout: number | null;
  python: string;
  indexUrl?: string;
  extraIndexUrl: string[];
  findLinks: string[];
  index: boolean;
  pipArg: string[];
  retryFailed?: boolean;
  retry: Outcome[];
  dedup: boolean;
  deferDedup?: boolean;
  shard?: Shard;
  json?: boolean;
  network: string | undefined;
  vendored: VendoredMode;
}

/**
 * Default limits per package: a CPU budget that a build of numpy or a long extraction fits in, and
 * a wall clock well above it, so that a package on a busy machine (or waiting on a slow index)
 * is not killed for time it did not use; the wall clock still ends a job that hangs.
 */
const DEFAULT_CPU_TIMEOUT_SECONDS = 900;
const DEFAULT_TIMEOUT_SECONDS = 3600;

/** The outcomes `--retry` may name: every one but `ok` (a complete `ok` package is done). */
const RETRYABLE: readonly Outcome[] = OUTCOMES.filter((outcome) => outcome !== 'ok');

/** `--retry timeout,install-failed`: outcome names, each one `RETRYABLE`; repeatable, the lists add up. */
function retryOutcomes(value: string, previous: Outcome[]): Outcome[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !(RETRYABLE as readonly string[]).includes(name));
  if (unknown !== undefined) throw new InvalidArgumentError(`${JSON.stringify(unknown)} is not a failure outcome; expected a comma-separated list of ${RETRYABLE.join(', ')}`);
  return [...new Set([...previous, ...(names as Outcome[])])];
}

function vendoredMode(value: string): VendoredMode {
  if ((VENDORED_MODES as readonly string[]).includes(value)) return value as VendoredMode;
  throw new InvalidArgumentError(`expected ${VENDORED_MODES.join(', ')}`);
}

/** Where pip finds packages, from the pip options of the command line. */
function pipSources(options: ExtractCliOptions): PipSources {
  return { indexUrl: options.indexUrl, extraIndexUrls: options.extraIndexUrl, findLinks: options.findLinks, index: options.index, extraArgs: options.pipArg };
}

async function chooseExecutor(options: ExtractCliOptions): Promise<PackageExecutor> {
  // One pip configuration for either executor (see run/pip-config.ts).
  const pip = readPipSettings(process.env, { cwd: process.cwd(), home: homedir() });
  const ignored = ignoredPipWarning(pip);
  if (ignored !== null) output.log(ignored);
  if (options.executor !== 'local') {
    const worker = await prepareWorkerDocker(options.image, options.executor === 'docker', output.log);
    if (!('unavailable' in worker)) {
      return new DockerExecutor(worker.docker, {
        image: worker.image,
        ...containerLimits(options),
        network: options.network ?? defaultNetwork(pipSources(options)),
        readOnlyDirs: localFindLinks(pipSources(options)),
        hostEnv: process.env,
        pip,
      });
    }
    output.log(`${worker.unavailable}: using the local executor`);
  }
  requireTool(options.python, 'the local executor makes each venv with it; install Python 3 or name the interpreter with --python');
  output.log(LOCAL_EXECUTOR_WARNING);
  return new LocalExecutor(localJobEnvironment(process.env, pip));
}

export function register(program: Command): void {
  const command = program
    .command('extract')
    .description(
      'random-bug datasets from PyPI packages: installs each listed package in a fresh venv and writes ' +
        'OUT/graphs-<package>.msgpack.l.gz from the .py files it installed, with OUT/manifest.jsonl (resumable)',
    )
    .argument('<PACKAGES>', 'package list: one PEP 508 requirement per line, # comments')
    .argument('<OUT>', 'output directory')
    .option('--executor <KIND>', 'where install code runs: docker (one worker container per package), local (this machine), auto (docker when a daemon is reachable and the worker image exists or can be built, else local)', executorKind, 'auto');
  addWorkerContainerOptions(command)
    .option('--network <MODE>', 'docker: network of the worker containers (default: none when pip reads only local directories, i.e. --no-index with local --find-links; bridge otherwise)')
    .option('--workers <N>', 'packages at once', positiveInteger, availableParallelism())
    .option('--timeout <SECONDS>', 'wall-clock seconds per package; the job is killed after them', positiveInteger, DEFAULT_TIMEOUT_SECONDS)
    .option('--cpu-timeout <SECONDS>', 'CPU seconds per package, of all its processes together; the job is killed after them (0: no CPU limit)', cpuSecondsLimit, DEFAULT_CPU_TIMEOUT_SECONDS)
    .option('--python <EXE>', 'interpreter that makes the venvs and runs pip', 'python3')
    .option('--index-url <URL>', 'pip --index-url')
    .option('--extra-index-url <URL>', 'pip --extra-index-url (repeatable)', collect, [])
    .option('--find-links <DIR|URL>', 'pip --find-links (repeatable)', collect, [])
    .option('--no-index', 'pip --no-index')
    .option('--pip-arg <ARG>', 'any other pip install argument (repeatable)', collect, []);
  addSampleOptions(command)
    .option(
      '--vendored <MODE>',
      'vendored copies of other distributions (under _vendor, vendor, _vendored, extern, or listed by a dist-info RECORD inside the package): keep them, drop them, or canonical: drop them only when the distribution they copy is in the package list, which extracts its own (counted as skipped "vendored")',
      vendoredMode,
      DEFAULT_VENDORED_MODE,
    )
    .option('--retry-failed', 'run again the packages whose last outcome was a failure')
    .option('--retry <OUTCOMES>', `run again the packages whose last outcome is one of these (comma-separated: ${RETRYABLE.join(', ')})`, retryOutcomes, [])
    .option('--no-dedup', 'keep near-duplicate files (default: drop a file whose identifier and string tokens have Jaccard >= 0.85 with a file of an earlier package in the list)')
    .option('--defer-dedup', 'sign the files but drop no near-duplicates: keep the signatures in OUT for `bugmine merge`, which decides across all shards exactly as one run of the whole list would (use it on every shard)')
    .addOption(shardOption('only the requirements whose 0-based position modulo N is i'))
    .addOption(jsonOption('the run summary'));
  addBugPatternOptions(command)
    .action(async (packages: string, out: string, options: ExtractCliOptions) => {
      const text = await readFile(packages, 'utf8').catch(() => null);
      if (text === null) throw new UserError(`${packages}: cannot read the package list`);
      const list = parsePackageList(text);
      for (const bad of list.invalid) output.log(`${packages}:${bad.line}: ${bad.reason}: ${bad.text}`);
      for (const dup of list.duplicates) output.log(`${packages}:${dup.line}: ${dup.key} already listed on line ${dup.firstLine}; dropped`);
      const requirements = inShard(withPositions(list.requirements), options.shard ?? null);
      if (list.requirements.length === 0) throw new UserError(`${packages}: no valid requirements`);
      const bugPatterns = await bugPatternsSetting(options);
      if (options.deferDedup && !options.dedup) throw new UserError('--defer-dedup and --no-dedup contradict each other: --defer-dedup defers the dropping to bugmine merge');
      // Before the executor's set-up (which may build the worker image): a second run stops at once.
      const lock = acquireOutLock(resolve(out), 'extract');
      reportStaleLock(lock);
      const prepare = async (): Promise<PackageExecutor> => {
        if (options.deferDedup) await recordShardInfo(resolve(out), list.requirements, options.shard ?? null);
        return chooseExecutor(options);
      };
      const executor = await prepare().catch((error: unknown) => {
        lock.release();
        throw error;
      });
      const interrupts = handleInterrupts({
        abort: async () => {
          await executor.killAll();
          // Finished packages stay staged for the next run; only the scratch of running jobs goes.
          await clearScratch(join(resolve(out), WORK_DIR));
        },
      });
      try {
        const summary = await runExtract(requirements, resolve(out), executor, {
          workers: options.workers,
          interrupted: () => interrupts.requested,
          timeoutMs: options.timeout * 1000,
          cpuTimeoutMs: options.cpuTimeout === null ? null : options.cpuTimeout * 1000,
          python: options.python,
          pipArgs: pipArguments(pipSources(options)),
          seed: options.seed,
          rewrites: options.rewrites,
          augment: options.augment,
          maxFileBytes: options.maxFileBytes,
          maxFileCpuSeconds: options.maxFileCpuSeconds,
          easyOperatorsOff: options.allOperators !== true,
          retryFailed: options.retryFailed === true,
          retry: options.retry,
          progress: true,
          dedup: options.dedup,
          deferDedup: options.deferDedup === true,
          ...(bugPatterns === undefined ? {} : { bugPatterns }),
          exclude: options.exclude,
          noTests: !options.tests,
          vendored: options.vendored,
          listedPackages: list.requirements.map((requirement) => requirement.key),
          logger: output,
        });
        if (options.json) output.result(JSON.stringify({ ...summary, invalid: list.invalid }) + '\n');
        else {
          output.result(`${summary.ran} packages run, ${summary.resumed} already in the manifest\n`);
          output.result(formatOutcomeTable(summary));
        }
        const failed = OUTCOMES.reduce((n, outcome) => (outcome === 'ok' || outcome === 'no-python-files' ? n : n + summary.outcomes[outcome].packages), 0);
        process.exitCode = runExitCode({ invalidInput: list.invalid.length, failed });
      } finally {
        interrupts.release();
        lock.release();
      }
    });
}
