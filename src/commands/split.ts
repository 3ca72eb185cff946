import type { Command } from 'commander';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DEFAULT_RATIOS, parseRatio } from '../dataset/fold.js';
import { Progress } from '../terminal/progress.js';
import { DESTINATIONS, readLibraryList, splitDataset, UNSPLITTABLE, type FileSplitResult } from '../dataset/split.js';
import { output } from '../output.js';

interface SplitCommandOptions {
  trainRatio: string;
  validRatio: string;
  testOnlyLibraries?: string;
}

export function register(program: Command): void {
  program
    .command('split')
    .summary("copy samples into train/valid/test folds by BugLab's path hash")
    .description(
      'copy every sample under IN into OUT/<fold>/<same relative path> by the hash of its graph.path ' +
        '(BugLab\'s rule: all samples of a source file share a fold); samples are copied byte for byte',
    )
    .argument('<IN>', 'directory of data files (*.msgpack.l.gz), read recursively, never written')
    .argument('<OUT>', 'new or empty output directory, not inside IN')
    .option('--train-ratio <R>', 'share of files for train', String(DEFAULT_RATIOS.trainRatio))
    .option('--valid-ratio <R>', 'share of files for valid (test gets the rest)', String(DEFAULT_RATIOS.validRatio))
    .option('--test-only-libraries <FILE>', 'file of package names (one per line) whose samples all go to test-only')
    .action(async (input: string, outDir: string, options: SplitCommandOptions) => {
      await split(input, outDir, options);
    });
}

async function split(input: string, outDir: string, options: SplitCommandOptions): Promise<void> {
  const trainRatio = parseRatio('--train-ratio', options.trainRatio);
  const validRatio = parseRatio('--valid-ratio', options.validRatio);
  const testOnlyLibraries = options.testOnlyLibraries === undefined ? undefined : await readLibraryList(options.testOnlyLibraries);
  let progress: Progress | undefined;
  let detach: (() => void) | undefined;
  const report = await splitDataset(input, outDir, {
    trainRatio,
    validRatio,
    testOnlyLibraries,
    onStart: (files) => {
      progress = new Progress('split', files.length);
      detach = output.attach(progress);
    },
    onFileDone: (result) => {
      progress!.fileDone(DESTINATIONS.reduce((sum, d) => sum + result.counts[d], 0), result.error !== undefined);
      reportProblems(input, outDir, result);
    },
  });
  progress?.finish();
  detach?.();
  const total = DESTINATIONS.reduce((sum, d) => sum + report.samples[d], 0);
  const lines = [`split ${report.files.length} files, ${total} samples, from ${input} into ${outDir}:`];
  for (const destination of DESTINATIONS) {
    const files = report.outputFiles[destination];
    lines.push(`  ${destination.padEnd(13)}${String(report.samples[destination]).padStart(10)} samples${files > 0 ? ` in ${files} files` : ''}`);
  }
  output.result(lines.join('\n') + '\n');
  if (report.failedFiles > 0) {
    throw new UserError(`split: ${report.failedFiles} of ${report.files.length} files failed (see above); the samples read before each problem were written`, 1);
  }
}

function reportProblems(input: string, outDir: string, result: FileSplitResult): void {
  const { count, examples } = result.unsplittable;
  if (count > 0) {
    const listed = examples.map((e) => `sample ${e.index} (${e.reason})`).join(', ');
    const more = count > examples.length ? `, and ${count - examples.length} more` : '';
    output.log(`${join(input, result.file)}: ${count} samples cannot be split, written to ${join(outDir, UNSPLITTABLE, result.file)}: ${listed}${more}`);
  }
  if (result.error) output.log(result.error.message);
}
