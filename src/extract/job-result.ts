/**
 * What a package job hands back, checked by the host before anything of it is used: the job ran
 * the package's install code, so its result, data file and signatures are hostile input (the rule
 * is stated in src/run/hand-back.ts). The host names every file; the result must match the
 * schema exactly; the data file must be gzip of MessagePack samples of this package, readable to
 * the end, as many as the result says; the signatures must describe exactly those samples.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRawSamples } from '../io/reader.js';
import { array, integer, nullable, object, oneOf, parseChecked, record, SchemaError, string, type Check } from '../io/schema.js';
import { MAX_SIGNATURES_BYTES, readSignatures, SIGNATURES_FILE } from '../dedup/signatures.js';
import { checkExited, ResultRejected, type Exited, type JobOutcome } from '../run/executor.js';
import type { HandBack } from '../run/hand-back.js';
import { outputFileName } from '../extract-dir/run.js';
import { OUTCOMES, type PackageCounts } from './manifest.js';
import { normalizeProjectName } from './package-list.js';
import { PIN_VERSION, PROJECT_NAME } from './distribution.js';
import { RESULT_FILE, type PackageJob, type PackageJobResult } from './package-job.js';

/** Size limits of what a job may hand back. */
export const MAX_RESULT_BYTES = 1024 * 1024;
export const MAX_OUTPUT_BYTES = 16 * 1024 ** 3;
/** One sample (one function's graph) of more bytes is refused: memory stays bounded while checking. */
export const MAX_SAMPLE_BYTES = 256 * 1024 * 1024;
const MAX_TEXT = 64 * 1024;

/** A job's result or output that the host refuses: its package becomes `extract-failed`. */
export class JobResultRejected extends ResultRejected {}

/** The files the job of package `key` may hand back, received in `hostDir`. */
export function packageHandBack(key: string, hostDir: string): HandBack {
  return { hostDir, files: { [RESULT_FILE]: MAX_RESULT_BYTES, [outputFileName(key)]: MAX_OUTPUT_BYTES, [SIGNATURES_FILE]: MAX_SIGNATURES_BYTES } };
}

/**
 * The outcome of package `job`'s worker once it exited, with what it handed back into `hostDir`
 * checked: its result parsed and its data file and signatures checked against it.
 */
export function checkPackageHandBack(outcome: JobOutcome<Exited>, job: Pick<PackageJob, 'key' | 'name'>, hostDir: string): Promise<JobOutcome<PackageJobResult>> {
  return checkExited(outcome, { job: 'the package job', worker: 'package job' }, RESULT_FILE, async ({ handedBack }) => {
    const result = parseJobResult(await readFile(join(hostDir, RESULT_FILE), 'utf8'), job.key);
    await checkJobOutput(hostDir, result, job.name, handedBack);
    return result;
  });
}

const COUNTS: Check<PackageCounts> = object(
  {
    files: integer(),
    functions: integer(),
    samples: integer(),
    // Reasons are words like `parse-error`; `near-duplicate` is the host's own.
    skipped: record(string({ maxLength: 64, pattern: /^(?!near-duplicate$)[a-z][a-z0-9-]*$/ }), integer(), { maxKeys: 64 }),
  },
  { vendored: integer() },
);

const MAX_INSTALLED = 5000;

const INSTALLED = array(object({ name: string({ maxLength: 200, pattern: PROJECT_NAME }), version: string({ maxLength: 128, pattern: PIN_VERSION }) }), { maxLength: MAX_INSTALLED });

function resultSchema(key: string): Check<PackageJobResult> {
  return object(
    {
      outcome: oneOf(OUTCOMES),
      version: nullable(string({ maxLength: 256, pattern: /^[^\s\0]+$/ })),
      counts: COUNTS,
      output: nullable(oneOf([outputFileName(key)])),
      error: nullable(string({ maxLength: MAX_TEXT })),
    },
    { installed: INSTALLED },
  );
}

/** Parses the result text of package `key`'s job; throws `JobResultRejected` saying what is wrong. */
export function parseJobResult(text: string, key: string): PackageJobResult {
  let result: PackageJobResult;
  try {
    result = parseChecked(text, resultSchema(key), MAX_RESULT_BYTES);
  } catch (error) {
    if (error instanceof SchemaError) throw new JobResultRejected(`${RESULT_FILE}: ${error.message}`);
    throw error;
  }
  const hasSamples = result.outcome === 'ok' && result.counts.samples > 0;
  if ((result.output !== null) !== hasSamples) {
    throw new JobResultRejected(`${RESULT_FILE}: output ${JSON.stringify(result.output)} does not fit outcome ${result.outcome} with ${result.counts.samples} samples`);
  }
  if (result.installed !== undefined) {
    const keys = result.installed.map((pin) => normalizeProjectName(pin.name));
    if (new Set(keys).size !== keys.length) throw new JobResultRejected(`${RESULT_FILE}: installed names a distribution twice`);
    const own = result.installed.find((pin) => normalizeProjectName(pin.name) === key);
    if (own !== undefined && own.version !== result.version) throw new JobResultRejected(`${RESULT_FILE}: installed lists ${key} at ${JSON.stringify(own.version)}, not at its version ${JSON.stringify(result.version)}`);
  }
  if ((result.counts.vendored ?? 0) > result.counts.files) throw new JobResultRejected(`${RESULT_FILE}: ${result.counts.vendored} vendored files but only ${result.counts.files} files`);
  if (result.counts.functions > result.counts.samples) throw new JobResultRejected(`${RESULT_FILE}: ${result.counts.functions} functions but only ${result.counts.samples} samples`);
  return result;
}

/**
 * Checks the handed-back data file and signatures in `dir` (the host's copies) against `result`:
 * every sample is a map of package `name`, read to the end, and their number is the result's; the
 * signatures (when present) name each file of the samples once, with its number of samples.
 */
export async function checkJobOutput(dir: string, result: PackageJobResult, name: string, present: readonly string[]): Promise<void> {
  const perFile = new Map<string, number>();
  if (result.output !== null) {
    if (!present.includes(result.output)) throw new JobResultRejected(`${result.output}: missing, though ${RESULT_FILE} reports ${result.counts.samples} samples`);
    let samples = 0;
    try {
      for await (const sample of readRawSamples(join(dir, result.output), { maxSampleBytes: MAX_SAMPLE_BYTES })) {
        samples++;
        if (!sample.isMap) throw new JobResultRejected(`sample ${sample.index} is not a map`);
        if (sample.packageName !== name) throw new JobResultRejected(`sample ${sample.index} is of package ${JSON.stringify(sample.packageName?.slice(0, 100) ?? null)}, not ${name}`);
        if (sample.path === undefined) throw new JobResultRejected(`sample ${sample.index} has no graph.path`);
        perFile.set(sample.path, (perFile.get(sample.path) ?? 0) + 1);
      }
    } catch (error) {
      if (error instanceof JobResultRejected) throw new JobResultRejected(`${result.output}: ${error.message}`);
      // A DataFileError names the host's copy; the worker's file is what was wrong.
      throw new JobResultRejected(`${result.output}: ${error instanceof Error ? error.message.replace(`${join(dir, result.output)}: `, '') : String(error)}`);
    }
    if (samples !== result.counts.samples) throw new JobResultRejected(`${result.output}: ${samples} samples, but ${RESULT_FILE} reports ${result.counts.samples}`);
  } else {
    const stray = present.find((file) => file !== RESULT_FILE && file !== SIGNATURES_FILE);
    if (stray !== undefined) throw new JobResultRejected(`${stray}: handed back, though ${RESULT_FILE} reports no samples`);
  }
  if (!present.includes(SIGNATURES_FILE)) return;
  let signatures;
  try {
    signatures = (await readSignatures(dir)) ?? [];
  } catch (error) {
    throw new JobResultRejected(error instanceof Error ? error.message : String(error));
  }
  const seen = new Set<string>();
  for (const file of signatures) {
    if (seen.has(file.path)) throw new JobResultRejected(`${SIGNATURES_FILE}: ${file.path} signed twice`);
    seen.add(file.path);
    if (perFile.get(file.path) !== file.samples) throw new JobResultRejected(`${SIGNATURES_FILE}: ${file.path} has ${file.samples} samples there, ${perFile.get(file.path) ?? 0} in the data file`);
    if (file.functions > file.samples) throw new JobResultRejected(`${SIGNATURES_FILE}: ${file.path} has more functions than samples`);
  }
  if (seen.size !== perFile.size) throw new JobResultRejected(`${SIGNATURES_FILE}: signs ${seen.size} files, the data file has samples of ${perFile.size}`);
}
