/**
 * The options of the commands, each defined once: the parsers (commander hands over strings, these
 * validate and convert), then the options and groups of options that several commands share.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_FILE_CPU_SECONDS } from '../graph/cpu-budget.js';
import { DEFAULT_CLONE_TIMEOUT_MS, defaultCacheDir } from '../pypibugs/git-cache.js';
import { parseShard, type Shard } from '../run/shard.js';
import { globProblem } from '../samples/file-exclusion.js';

export function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number >= 0');
  return Number(value);
}

export function positiveInteger(value: string): number {
  const n = nonNegativeInteger(value);
  if (n === 0) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

/** A list of directories separated by the platform's path delimiter (':' on POSIX), as PYTHONPATH. */
export function directoryList(value: string): string[] {
  return value.split(':').filter((dir) => dir !== '');
}

/** `--max-file-cpu-seconds`: a number of seconds > 0, or 0 for no limit (then null). */
export function cpuSecondsLimit(value: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('expected a number of seconds >= 0 (0: no limit)');
  const seconds = Number(value);
  return seconds === 0 ? null : seconds;
}

/** A repeatable `--exclude GLOB`: checked, then collected in the order given. */
export function excludeGlob(value: string, previous: string[]): string[] {
  const problem = globProblem(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return [...previous, value];
}

const EXCLUDE_HELP = 'leave out the files whose graph.path (relative to the package root) matches GLOB; a GLOB without "/" matches any file or directory name, one with "/" the path or a leading directory of it (repeatable; counted as skipped "excluded")';
const NO_TESTS_HELP = 'leave out test files: any path with a directory named test, tests or testing, and files named test_*.py, *_test.py, *_tests.py, tests.py, conftest.py (counted as skipped "excluded")';

/** `--executor`: where the work of a job runs. */
export type ExecutorKind = 'auto' | 'local' | 'docker';

export function executorKind(value: string): ExecutorKind {
  if (value === 'auto' || value === 'local' || value === 'docker') return value;
  throw new InvalidArgumentError('expected auto, local or docker');
}

/** `--shard i/N`. */
export function shard(value: string): Shard {
  const parsed = parseShard(value);
  if (parsed === null) throw new InvalidArgumentError('expected i/N with 0 <= i < N');
  return parsed;
}

/** A repeatable option's values, in the order given. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

// The options several commands have, each defined here once. A group is added with `addXOptions`
// (and its values typed by `XCliOptions`); a single option with `.addOption(xOption(...))`, where
// the help text says what it means for that command.

export function shardOption(help: string): Option {
  return new Option('--shard <i/N>', help).argParser(shard);
}

/** `--json`: the result as JSON instead of the text table; `what` names it ("the run summary"). */
export function jsonOption(what: string): Option {
  return new Option('--json', `print ${what} as JSON on stdout`);
}

export function pythonPathOption(): Option {
  return new Option('--python-path <DIRS>', 'directories for call resolution, ":"-separated (default: stdlib and site-packages of python3)').argParser(directoryList);
}

/** The clone cache of `pypibugs` and `mine`, and how long a silent clone is waited for. */
export function cacheOption(): Option {
  return new Option('--cache <DIR>', `clone cache, shared by pypibugs and mine (default: ${defaultCacheDir()})`);
}

export function cloneTimeoutOption(): Option {
  return new Option('--clone-timeout <SECONDS>', 'give up a clone or fetch that is silent this long').argParser(positiveInteger).default(DEFAULT_CLONE_TIMEOUT_MS / 1000);
}

/** The limits of each worker container (`extract`, `pypibugs` with `--executor docker`). */
export interface WorkerContainerCliOptions {
  memory: number;
  pids: number;
  image?: string;
}

export function addWorkerContainerOptions(command: Command): Command {
  return command
    .option('--memory <GB>', 'docker: memory limit per container', positiveInteger, 4)
    .option('--pids <N>', 'docker: process limit per container', positiveInteger, 512)
    .option('--image <TAG>', 'docker: worker image (default: build or reuse the one for this bugmine)');
}

export function containerLimits(options: WorkerContainerCliOptions): { memoryBytes: number; pidsLimit: number } {
  return { memoryBytes: options.memory * 1024 ** 3, pidsLimit: options.pids };
}

/** What `extract` and `extract-dir` make of each file: the rewrite choice, augmentation, file limits, files left out. */
export interface SampleCliOptions {
  seed: number;
  rewrites: number;
  allOperators?: boolean;
  augment: number;
  maxFileBytes: number;
  maxFileCpuSeconds: number | null;
  exclude: string[];
  tests: boolean;
}

export function addSampleOptions(command: Command): Command {
  return command
    .option('--seed <N>', 'seed of the rewrite choice', nonNegativeInteger, 0)
    .option('--rewrites <K>', 'rewritten samples per function', nonNegativeInteger, 4)
    .option('--all-operators', "keep the easy operators (off by default, as BugLab's extractor)")
    .option('--augment <K>', "also up to K samples of semantics-preserving variants per function (BugLab's transforms; provenance.augmentation names them)", nonNegativeInteger, 0)
    .option('--max-file-bytes <N>', 'skip larger files', positiveInteger, 2_000_000)
    .option('--max-file-cpu-seconds <S>', 'CPU seconds the analysis of one file may take before it is skipped as analysis-timeout (0: no limit)', cpuSecondsLimit, DEFAULT_MAX_FILE_CPU_SECONDS)
    .option('--exclude <GLOB>', EXCLUDE_HELP, excludeGlob, [])
    .option('--no-tests', NO_TESTS_HELP);
}
