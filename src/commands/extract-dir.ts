import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { discoverPythonPath } from '../graph/calls/search-path.js';
import { extractDirectory } from '../extract-dir/run.js';
import { DEFAULT_MAX_FILE_CPU_SECONDS } from '../graph/cpu-budget.js';
import { EXCLUDED, exclusionMatcher } from '../samples/file-exclusion.js';
import { cpuSecondsLimit, directoryList, EXCLUDE_HELP, excludeGlob, NO_TESTS_HELP, nonNegativeInteger, positiveInteger } from './options.js';
import { addBugPatternOptions, type BugPatternsCliOptions, bugPatternsSetting } from './bug-patterns.js';

interface ExtractDirCliOptions extends BugPatternsCliOptions {
  workers: number;
  seed: number;
  rewrites: number;
  allOperators?: boolean;
  maxFileBytes: number;
  maxFileCpuSeconds: number | null;
  pythonPath?: string[];
  packageName?: string;
  packageVersion: string;
  augment: number;
  json?: boolean;
  exclude: string[];
  tests: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('extract-dir')
    .description(
      'samples for every .py file under a local directory: one OUT/graphs-<name>.msgpack.l.gz per top-level package or module, ' +
        'the function without bug plus up to --rewrites random bugs per function with >= 6 candidates (easy operators off, as BugLab\'s extractor)',
    )
    .argument('<SRC>', 'directory with Python sources')
    .argument('<OUT>', 'output directory')
    .option('--workers <N>', 'worker threads', positiveInteger, availableParallelism())
    .option('--seed <N>', 'seed of the rewrite choice', nonNegativeInteger, 0)
    .option('--rewrites <K>', 'rewritten samples per function', nonNegativeInteger, 4)
    .option('--all-operators', 'keep the easy operators (as the PyPIBugs job does)')
    .option('--max-file-bytes <N>', 'skip larger files', positiveInteger, 2_000_000)
    .option('--max-file-cpu-seconds <S>', 'CPU seconds the analysis of one file may take before it is skipped as analysis-timeout (0: no limit)', cpuSecondsLimit, DEFAULT_MAX_FILE_CPU_SECONDS)
    .option('--python-path <DIRS>', 'directories for call resolution, ":"-separated (default: stdlib and site-packages of python3)', directoryList)
    .option('--package-name <NAME>', 'package_name of all samples (default: the top-level package or module)')
    .option('--package-version <VERSION>', 'package_version of the samples', '')
    .option('--augment <K>', 'also up to K samples of semantics-preserving variants per function (BugLab\'s transforms; provenance.augmentation names them)', nonNegativeInteger, 0)
    .option('--exclude <GLOB>', EXCLUDE_HELP, excludeGlob, [])
    .option('--no-tests', NO_TESTS_HELP)
    .option('--json', 'print the summary as JSON on stdout');
  addBugPatternOptions(command)
    .action(async (src: string, out: string, options: ExtractDirCliOptions) => {
      const sourceDir = resolve(src);
      const info = await stat(sourceDir).catch(() => null);
      if (info === null || !info.isDirectory()) throw new UserError(`${src} is not a directory`);
      const bugPatterns = await bugPatternsSetting(options);
      const excluded = exclusionMatcher({ exclude: options.exclude, noTests: !options.tests });
      const summary = await extractDirectory(sourceDir, resolve(out), {
        ...(excluded === null ? {} : { leaveOut: (graphPath: string) => (excluded(graphPath) ? EXCLUDED : null) }),
        workers: options.workers,
        seed: options.seed,
        rewrites: options.rewrites,
        easyOperatorsOff: options.allOperators !== true,
        maxFileBytes: options.maxFileBytes,
        maxFileCpuSeconds: options.maxFileCpuSeconds,
        pythonPath: options.pythonPath ?? discoverPythonPath(),
        ...(options.packageName !== undefined ? { packageName: options.packageName } : {}),
        packageVersion: options.packageVersion,
        augment: options.augment,
        ...(bugPatterns === undefined ? {} : { bugPatterns }),
        progress: true,
      });
      for (const problem of summary.problems) process.stderr.write(`bugmine: ${problem}\n`);
      if (summary.files === 0) throw new UserError(`no .py files under ${src}`);
      if (options.json) {
        process.stdout.write(JSON.stringify(summary) + '\n');
        return;
      }
      const skipped = Object.entries(summary.skipped).map(([reason, n]) => `${n} ${reason}`).join(', ') || 'none';
      process.stdout.write(
        [
          `files      ${summary.files} (skipped: ${skipped})`,
          `functions  ${summary.functions} with samples, ${summary.functionsBelowMinimum} below 6 candidates${options.augment > 0 ? `, ${summary.augmentedFunctions} augmented variants` : ''}`,
          `samples    ${summary.samples} (${summary.skippedRewrites} rewrites gave no sample)`,
          `outputs    ${summary.outputs.length} files in ${out}`,
        ].join('\n') + '\n',
      );
    });
}
