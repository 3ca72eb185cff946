/**
 * What a repository unit's worker container hands back, checked by the host before it is used
 * (the rule is stated in src/run/hand-back.ts): its result must match the schema exactly and
 * answer each line of the job in order; its samples file must be gzip of MessagePack maps, read
 * to the end, as many as the result says.
 */
import { readRawSamples } from '../io/reader.js';
import { array, boolean, integer, object, oneOf, parseChecked, SchemaError, string } from '../io/schema.js';
import { ResultRejected } from '../run/executor.js';
import { OUTCOMES, type LineResult } from './repository-unit.js';
import type { JobLine, RepositoryJobResult } from './unit-job.js';

export const MAX_UNIT_RESULT_BYTES = 64 * 1024 * 1024;
export const MAX_UNIT_SAMPLES_BYTES = 16 * 1024 ** 3;
const MAX_SAMPLE_BYTES = 256 * 1024 * 1024;
const MAX_TEXT = 64 * 1024;

/** A unit's answer that the host refuses: its lines fail. */
export class UnitResultRejected extends ResultRejected {}

const LINE_RESULT = object(
  {
    line: integer({ min: 1 }),
    key: string({ maxLength: 1024 }),
    outcome: oneOf([...OUTCOMES, 'internal-error'] as const),
    verified: boolean,
    samples: integer({ max: 2 }),
  },
  { details: string({ maxLength: MAX_TEXT }), function: string({ maxLength: MAX_TEXT }) },
);

export function parseUnitResult(text: string, lines: readonly JobLine[]): RepositoryJobResult {
  let parsed;
  try {
    parsed = parseChecked(text, object({ results: array(LINE_RESULT, { maxLength: lines.length }), samples: integer() }), MAX_UNIT_RESULT_BYTES);
  } catch (error) {
    if (error instanceof SchemaError) throw new UnitResultRejected(`result.json: ${error.message}`);
    throw error;
  }
  if (parsed.results.length !== lines.length) throw new UnitResultRejected(`result.json: ${parsed.results.length} results for ${lines.length} lines`);
  let samples = 0;
  parsed.results.forEach((result, i) => {
    if (result.line !== lines[i]!.line || result.key !== lines[i]!.key) throw new UnitResultRejected(`result.json: results[${i}] answers line ${result.line}, not line ${lines[i]!.line}`);
    if (result.outcome !== 'ok' && result.samples !== 0) throw new UnitResultRejected(`result.json: results[${i}] has samples but outcome ${result.outcome}`);
    samples += result.samples;
  });
  if (samples !== parsed.samples) throw new UnitResultRejected(`result.json: the lines have ${samples} samples, the unit reports ${parsed.samples}`);
  return { results: parsed.results as LineResult[], samples: parsed.samples };
}

/** Reads the handed-back samples file to the end: `expected` MessagePack maps. */
export async function checkUnitSamples(file: string, name: string, expected: number): Promise<void> {
  let samples = 0;
  try {
    for await (const sample of readRawSamples(file, { maxSampleBytes: MAX_SAMPLE_BYTES })) {
      samples++;
      if (!sample.isMap) throw new UnitResultRejected(`${name}: sample ${sample.index} is not a map`);
    }
  } catch (error) {
    if (error instanceof UnitResultRejected) throw error;
    throw new UnitResultRejected(`${name}: ${error instanceof Error ? error.message.replace(`${file}: `, '') : String(error)}`);
  }
  if (samples !== expected) throw new UnitResultRejected(`${name}: ${samples} samples, but result.json reports ${expected}`);
}
