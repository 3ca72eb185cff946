import { availableParallelism } from 'node:os';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import pLimit from 'p-limit';
import { UserError } from '../errors.js';
import { DataFileError } from '../io/errors.js';
import { DATA_FILE_SUFFIX, findDataFiles } from '../io/files.js';
import { LOCK_FILE, withOutLock } from '../io/out-lock.js';
import { peekRouting } from '../io/peek.js';
import { readValueViews } from '../io/reader.js';
import { SampleWriter } from '../io/writer.js';
import { DEFAULT_RATIOS, FOLDS, foldBounds, foldOf, parseLibraryList, validateRatios, type Fold, type SplitRatios } from './fold.js';

/** Where samples go that cannot be routed (not a map, no string `graph.path`): kept, not dropped. */
export const UNSPLITTABLE = 'unsplittable';
export type Destination = Fold | typeof UNSPLITTABLE;
export const DESTINATIONS: readonly Destination[] = [...FOLDS, UNSPLITTABLE];

export interface SplitOptions extends Partial<SplitRatios> {
  /** Packages (`package_name`) whose samples all go to `test-only`. */
  testOnlyLibraries?: ReadonlySet<string>;
  /** Files processed at once; default: the number of CPUs. */
  concurrency?: number;
  /** Called once the input files are known (paths relative to the input), before any is read. */
  onStart?: (files: readonly string[]) => void;
  /** Called as each input file is finished, in completion order. */
  onFileDone?: (result: FileSplitResult) => void;
}

export interface UnsplittableSample {
  index: number;
  reason: string;
}

export interface FileSplitResult {
  /** Path of the input file relative to the input directory (and of its outputs under each fold). */
  file: string;
  counts: Record<Destination, number>;
  /** Number of unsplittable samples and the first few of them with the reason. */
  unsplittable: { count: number; examples: UnsplittableSample[] };
  /** Why the file stopped early (samples read before it were written) or could not be written. */
  error?: Error;
}

export interface SplitReport {
  files: FileSplitResult[];
  /** Samples per destination, over all files. */
  samples: Record<Destination, number>;
  /** Output files per destination. */
  outputFiles: Record<Destination, number>;
  failedFiles: number;
}

const UNSPLITTABLE_EXAMPLES = 5;

/**
 * Copies every sample of every `*.msgpack.l.gz` under `input` into `output/<fold>/<same relative
 * path>`, by DESIGN.md's fold rule. Samples are copied byte for byte (only `graph.path` and
 * `package_name` are read). Files run in parallel; a bad file is reported in its result and does
 * not stop the others. Refuses an output directory inside (or equal to) the input, or not empty.
 * The output directory is locked for the run (io/out-lock.ts).
 */
export async function splitDataset(input: string, output: string, options: SplitOptions = {}): Promise<SplitReport> {
  const ratios: SplitRatios = {
    trainRatio: options.trainRatio ?? DEFAULT_RATIOS.trainRatio,
    validRatio: options.validRatio ?? DEFAULT_RATIOS.validRatio,
  };
  validateRatios(ratios);
  await checkDirectories(input, output);
  const files = await findDataFiles(input);
  if (files.length === 0) throw new UserError(`${input}: no data files (*${DATA_FILE_SUFFIX}) in this directory or below`);
  return withOutLock(output, 'split', async () => {
    await checkOutputEmpty(output);
    return splitFiles(input, output, files, ratios, options);
  });
}

async function splitFiles(input: string, output: string, files: string[], ratios: SplitRatios, options: SplitOptions): Promise<SplitReport> {
  options.onStart?.(files);
  const bounds = foldBounds(ratios);
  const testOnly = options.testOnlyLibraries ?? new Set<string>();
  const limit = pLimit(options.concurrency ?? availableParallelism());
  const results = await Promise.all(
    files.map((file) =>
      limit(async () => {
        const result = await splitFile(input, output, file, (path, packageName) => foldOf(path, packageName, bounds, testOnly));
        options.onFileDone?.(result);
        return result;
      }),
    ),
  );

  const samples = emptyCounts();
  const outputFiles = emptyCounts();
  for (const result of results) {
    for (const destination of DESTINATIONS) {
      samples[destination] += result.counts[destination];
      if (result.counts[destination] > 0) outputFiles[destination]++;
    }
  }
  return { files: results, samples, outputFiles, failedFiles: results.filter((r) => r.error).length };
}

/** Reads a `--test-only-libraries` file. */
export async function readLibraryList(file: string): Promise<Set<string>> {
  try {
    return parseLibraryList(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: cannot read the test-only library list: ${(err as Error).message}`);
  }
}

async function splitFile(
  inputRoot: string,
  outputRoot: string,
  file: string,
  route: (path: string, packageName: string | undefined) => Fold,
): Promise<FileSplitResult> {
  const result: FileSplitResult = { file, counts: emptyCounts(), unsplittable: { count: 0, examples: [] } };
  const writers = new Map<Destination, SampleWriter>();
  let index = 0;
  try {
    for await (const bytes of readValueViews(join(inputRoot, file))) {
      const routing = peekRouting(bytes);
      let destination: Destination;
      if (routing.isMap && routing.path !== undefined) destination = route(routing.path, routing.packageName);
      else {
        destination = UNSPLITTABLE;
        const reason = routing.isMap ? 'no graph.path string' : 'not a map';
        if (result.unsplittable.count++ < UNSPLITTABLE_EXAMPLES) result.unsplittable.examples.push({ index, reason });
      }
      let writer = writers.get(destination);
      if (!writer) {
        writer = await SampleWriter.open(join(outputRoot, destination, file));
        writers.set(destination, writer);
      }
      await writer.writeRaw(bytes);
      result.counts[destination]++;
      index++;
    }
  } catch (err) {
    if (!(err instanceof DataFileError)) {
      // Output failed: what was written of this file is incomplete, remove it.
      await Promise.all([...writers.values()].map((w) => w.abort()));
      return { ...result, counts: emptyCounts(), error: outputError(inputRoot, file, err) };
    }
    // Input failed part-way: keep every sample read before the problem.
    result.error = err;
  }
  try {
    for (const writer of writers.values()) await writer.close();
  } catch (err) {
    await Promise.all([...writers.values()].map((w) => w.abort()));
    return { ...result, counts: emptyCounts(), error: outputError(inputRoot, file, err) };
  }
  return result;
}

function outputError(inputRoot: string, file: string, err: unknown): Error {
  return new Error(`${join(inputRoot, file)}: cannot write its split output (nothing of it kept): ${(err as Error).message}`);
}

async function checkDirectories(input: string, output: string): Promise<void> {
  let inputInfo;
  try {
    inputInfo = await stat(input);
  } catch {
    throw new UserError(`${input}: no such directory`);
  }
  if (!inputInfo.isDirectory()) throw new UserError(`${input}: not a directory (split reads a directory of data files)`);
  const realInput = await realpath(input);
  const realOutput = await realPathOfMaybeMissing(output);
  const inside = relative(realInput, realOutput);
  if (inside === '' || (!inside.startsWith('..' + sep) && inside !== '..' && !isAbsolute(inside))) {
    throw new UserError(`output directory ${output} is ${inside === '' ? 'the input directory' : 'inside the input directory'} ${input}; split never writes into its input`);
  }
  const outputInfo = await stat(output).catch(() => undefined);
  if (outputInfo && !outputInfo.isDirectory()) throw new UserError(`${output}: exists and is not a directory`);
}

/** Run with OUT locked: the lock file is the one entry allowed. */
async function checkOutputEmpty(output: string): Promise<void> {
  const existing = (await readdir(output)).filter((name) => name !== LOCK_FILE);
  if (existing.length > 0) {
    // Files left from an earlier split (maybe with other ratios) would mix into the folds.
    throw new UserError(`output directory ${output} is not empty; split writes into a new or empty directory`);
  }
}

/** `realpath` of a path whose trailing components may not exist yet. */
async function realPathOfMaybeMissing(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realPathOfMaybeMissing(parent), basename(absolute));
  }
}

function emptyCounts(): Record<Destination, number> {
  return { train: 0, valid: 0, test: 0, 'test-only': 0, unsplittable: 0 };
}
