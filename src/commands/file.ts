import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { configureCallResolution } from '../graph/passes/calls.js';
import { TextSink } from '../io/text-sink.js';
import { decodeSource, ParseError, SourceDecodeError } from '../python/index.js';
import { normalizeNewlines } from '../samples/analyse.js';
import { fileSamples } from '../samples/file-samples.js';
import { AnalysisTimeoutError, DEFAULT_MAX_FILE_CPU_SECONDS, withCpuBudget } from '../graph/cpu-budget.js';
import { cpuSecondsLimit, directoryList, nonNegativeInteger } from './options.js';

interface FileOptions {
  seed: number;
  rewrites: number;
  allFunctions?: boolean;
  easyOpsOff?: boolean;
  path?: string;
  pythonPath?: string[];
  packageName: string;
  packageVersion: string;
  maxFileCpuSeconds: number | null;
}

export function register(program: Command): void {
  program
    .command('file')
    .description(
      'what one Python file gives: one JSON line per outermost function with its code range, the canonical text of ' +
        'its candidate rewrites, and its samples (the function without bug, then the rewritten ones)',
    )
    .argument('<FILE>', 'a Python source file')
    .option('--seed <N>', 'seed of the rewrite choice', nonNegativeInteger, 0)
    .option('--rewrites <K>', 'rewritten samples per function (0: only the sample without bug)', nonNegativeInteger, 4)
    .option('--all-functions', 'include functions with fewer than 6 candidate rewrites')
    .option('--easy-ops-off', "switch the easy operators off, as BugLab's package extractor does")
    .option('--path <P>', 'graph.path of the samples (default: FILE as given)')
    .option('--python-path <DIRS>', 'directories for call resolution, ":"-separated (default: stdlib and site-packages of python3)', directoryList)
    .option('--package-name <NAME>', 'package_name of the samples', '')
    .option('--package-version <VERSION>', 'package_version of the samples', '')
    .option('--max-file-cpu-seconds <S>', 'CPU seconds the analysis may take before it stops with an analysis-timeout error (0: no limit)', cpuSecondsLimit, DEFAULT_MAX_FILE_CPU_SECONDS)
    .action(async (file: string, options: FileOptions) => {
      await printFile(file, options);
    });
}

async function printFile(file: string, options: FileOptions): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (options.pythonPath !== undefined) configureCallResolution({ pythonPath: options.pythonPath });
  let result;
  try {
    const text = normalizeNewlines(decodeSource(bytes).text);
    result = withCpuBudget(options.maxFileCpuSeconds, () =>
      fileSamples(text, {
        path: options.path ?? file,
        packageName: options.packageName,
        packageVersion: options.packageVersion,
        seed: options.seed,
        rewrites: options.rewrites,
        allFunctions: options.allFunctions === true,
        easyOperatorsOff: options.easyOpsOff === true,
        sourceSha256: createHash('sha256').update(bytes).digest('hex'),
      }),
    );
  } catch (err) {
    if (err instanceof AnalysisTimeoutError) throw new UserError(`${file}: analysis-timeout: ${err.message}`, 1);
    if (err instanceof ParseError) throw new UserError(`${file}:${err.line}:${err.column}: ${err.reason}`, 1);
    if (err instanceof SourceDecodeError) throw new UserError(`${file}: ${err.message}`, 1);
    throw err;
  }
  for (const { pass, message } of result.passErrors) process.stderr.write(`bugmine: ${file}: relation pass ${pass} failed: ${message}\n`);
  const sink = new TextSink(process.stdout);
  for (const fn of result.functions) {
    await sink.write(
      JSON.stringify({ function: fn.name, code_range: fn.codeRange, candidates: fn.candidates, samples: fn.samples }) + '\n',
    );
    for (const skipped of fn.skippedRewrites) {
      process.stderr.write(`bugmine: ${file}: function ${fn.name}: rewrite ${skipped.rewrite} gave no sample (${skipped.reason})\n`);
    }
  }
  await sink.flush();
}
