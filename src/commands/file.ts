import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { cannotRead, UserError } from '../errors.js';
import { createCallResolver } from '../graph/passes/calls.js';
import { TextSink } from '../io/text-sink.js';
import { decodeSource, ParseError, SourceDecodeError } from '../python/index.js';
import { normalizeNewlines } from '../python/decode.js';
import { streamFileSamples, type FunctionSamples } from '../samples/file-samples.js';
import { EXIT } from '../exit-codes.js';
import { AnalysisTimeoutError, DEFAULT_MAX_FILE_CPU_SECONDS, threadCpuSeconds, withCpuBudget } from '../graph/cpu-budget.js';
import { cpuSecondsLimit, nonNegativeInteger, positiveInteger, pythonPathOption } from './options.js';
import { output } from '../output.js';

interface FileOptions {
  seed: number;
  rewrites: number;
  allFunctions?: boolean;
  easyOpsOff?: boolean;
  path?: string;
  pythonPath?: string[];
  packageName: string;
  packageVersion: string;
  maxFileBytes: number;
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
    .addOption(pythonPathOption())
    .option('--package-name <NAME>', 'package_name of the samples', '')
    .option('--package-version <VERSION>', 'package_version of the samples', '')
    .option('--max-file-bytes <N>', 'refuse a larger file (as extract-dir skips it)', positiveInteger, 2_000_000)
    .option('--max-file-cpu-seconds <S>', 'CPU seconds the analysis may take before it stops with an analysis-timeout error (0: no limit)', cpuSecondsLimit, DEFAULT_MAX_FILE_CPU_SECONDS)
    .action(async (file: string, options: FileOptions) => {
      await printFile(file, options);
    });
}

async function printFile(file: string, options: FileOptions): Promise<void> {
  let bytes: Buffer;
  try {
    // Checked before reading: a huge file is refused without being loaded.
    const size = (await stat(file)).size;
    if (size > options.maxFileBytes) throw new UserError(`${file}: skipped: ${size} bytes > --max-file-bytes ${options.maxFileBytes}`, EXIT.badInput);
    bytes = await readFile(file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw cannotRead(file, err);
  }
  if (bytes.length > options.maxFileBytes) throw new UserError(`${file}: skipped: ${bytes.length} bytes > --max-file-bytes ${options.maxFileBytes}`, EXIT.badInput);
  const callResolver = createCallResolver(options.pythonPath !== undefined ? { pythonPath: options.pythonPath } : {});
  // The budget covers the whole analysis: the parse and passes here, then each function as the
  // stream makes it, each step given what is left.
  const budget = options.maxFileCpuSeconds;
  const cpuStart = threadCpuSeconds();
  const remaining = (): number | null => (budget === null ? null : Math.max(budget - (threadCpuSeconds() - cpuStart), 0));
  const timedOut = (err: unknown): never => {
    if (err instanceof AnalysisTimeoutError) throw new UserError(`${file}: analysis-timeout: ${err.message}`, EXIT.badInput);
    throw err;
  };
  let result;
  try {
    const text = normalizeNewlines(decodeSource(bytes).text);
    result = withCpuBudget(remaining(), () =>
      streamFileSamples(text, {
        path: options.path ?? file,
        packageName: options.packageName,
        packageVersion: options.packageVersion,
        seed: options.seed,
        rewrites: options.rewrites,
        allFunctions: options.allFunctions === true,
        easyOperatorsOff: options.easyOpsOff === true,
        sourceSha256: createHash('sha256').update(bytes).digest('hex'),
        callResolver,
      }),
    );
  } catch (err) {
    if (err instanceof ParseError) throw new UserError(`${file}:${err.line}:${err.column}: ${err.reason}`, EXIT.badInput);
    if (err instanceof SourceDecodeError) throw new UserError(`${file}: ${err.message}`, EXIT.badInput);
    return timedOut(err);
  }
  for (const { pass, message } of result.passErrors) output.log(`${file}: relation pass ${pass} failed: ${message}`);
  const sink = new TextSink(process.stdout);
  // One function at a time, each sample serialised on its own: memory holds one function's samples
  // and one sample's JSON, not the whole output.
  const functions = result.functions[Symbol.iterator]();
  for (;;) {
    let step: IteratorResult<FunctionSamples>;
    try {
      step = withCpuBudget(remaining(), () => functions.next());
    } catch (err) {
      return timedOut(err);
    }
    if (step.done === true) break;
    const fn = step.value;
    await writeFunction(sink, fn);
    for (const skipped of fn.skippedRewrites) {
      output.log(`${file}: function ${fn.name}: rewrite ${skipped.rewrite} gave no sample (${skipped.reason})`);
    }
  }
  await sink.flush();
}

/** The function's JSON line, byte for byte `JSON.stringify({function, code_range, candidates, samples})`, written in pieces. */
async function writeFunction(sink: TextSink, fn: FunctionSamples): Promise<void> {
  await sink.write(`{"function":${JSON.stringify(fn.name)},"code_range":${JSON.stringify(fn.codeRange)},"candidates":${JSON.stringify(fn.candidates)},"samples":[`);
  for (let i = 0; i < fn.samples.length; i++) await sink.write((i > 0 ? ',' : '') + JSON.stringify(fn.samples[i]));
  await sink.write(']}\n');
}
