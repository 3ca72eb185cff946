import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { discoverPythonPath } from '../graph/calls/search-path.js';
import { extractDirectory } from '../extract-dir/run.js';
import { EXCLUDED, exclusionMatcher } from '../samples/file-exclusion.js';
import { addSampleOptions, jsonOption, positiveInteger, pythonPathOption, type SampleCliOptions } from './options.js';
import { addBugPatternOptions, type BugPatternsCliOptions, bugPatternsSetting } from './bug-patterns.js';
import { output } from '../output.js';

interface ExtractDirCliOptions extends BugPatternsCliOptions, SampleCliOptions {
  workers: number;
  pythonPath?: string[];
  packageName?: string;
  packageVersion: string;
  json?: boolean;
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
    .option('--workers <N>', 'worker threads', positiveInteger, availableParallelism());
  addSampleOptions(command)
    .addOption(pythonPathOption())
    .option('--package-name <NAME>', 'package_name of all samples (default: the top-level package or module)')
    .option('--package-version <VERSION>', 'package_version of the samples', '')
    .addOption(jsonOption('the summary'));
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
      for (const problem of summary.problems) output.log(problem);
      if (summary.files === 0) throw new UserError(`no .py files under ${src}`);
      if (options.json) {
        output.result(JSON.stringify(summary) + '\n');
        return;
      }
      const skipped = Object.entries(summary.skipped).map(([reason, n]) => `${n} ${reason}`).join(', ') || 'none';
      output.result(
        [
          `files      ${summary.files} (skipped: ${skipped})`,
          `functions  ${summary.functions} with samples, ${summary.functionsBelowMinimum} below 6 candidates${options.augment > 0 ? `, ${summary.augmentedFunctions} augmented variants` : ''}`,
          `samples    ${summary.samples} (${summary.skippedRewrites} rewrites gave no sample)`,
          `outputs    ${summary.outputs.length} files in ${out}`,
        ].join('\n') + '\n',
      );
    });
}
