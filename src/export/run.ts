/**
 * `bugmine export`: streams every sample of a data set into another format, one output file per
 * fold when the input is a split (`split`'s OUT: `train/`, `valid/`, `test/`, `test-only/`), else
 * one file. Each file is written under a temporary name and renamed when complete.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DESTINATIONS } from '../dataset/split.js';
import { DataFileError } from '../io/errors.js';
import { DATA_FILE_SUFFIX, findDataFiles } from '../io/files.js';
import { readSamples } from '../io/reader.js';
import type { ExportFormat, ExportFormatName, PartSummary } from './format.js';
import { greatFormat } from './great.js';
import { hfFormat } from './hf.js';
import { jsonlFormat } from './jsonl.js';
import { pairsFormat } from './pairs.js';
import { parquetFormat } from './parquet.js';
import { asSample, MalformedSampleError } from './sample.js';

export const FORMATS: Record<ExportFormatName, ExportFormat> = {
  jsonl: jsonlFormat,
  parquet: parquetFormat,
  hf: hfFormat,
  pairs: pairsFormat,
  great: greatFormat,
};

/** The unsplit input's one part. */
export const WHOLE = 'data';

export interface InputPart {
  part: string;
  /** Data files, absolute or relative to the working directory. */
  files: string[];
}

export interface PartReport extends PartSummary {
  /** Skipped samples by reason. */
  skippedBy: Record<string, number>;
  /** Samples that are not in the sample format (named in `problems`). */
  malformed: number;
}

export interface ExportReport {
  parts: PartReport[];
  /** One line per bad sample or unreadable file (at most `MAX_PROBLEMS`, then a count). */
  problems: string[];
  failedFiles: number;
}

const MAX_PROBLEMS = 20;

/**
 * The parts of `input`: its folds when it is a split (it holds fold directories and no data files
 * outside them), else the whole directory as one part.
 */
export async function inputParts(input: string): Promise<InputPart[]> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new UserError(`${input}: no such directory`);
  }
  if (!info.isDirectory()) throw new UserError(`${input}: not a directory (export reads a directory of data files)`);
  const all = await findDataFiles(input);
  if (all.length === 0) throw new UserError(`${input}: no data files (*${DATA_FILE_SUFFIX}) in this directory or below`);
  const folds = DESTINATIONS.filter((d) => all.some((f) => f.startsWith(d + '/')));
  const isSplit = folds.length > 0 && all.every((f) => folds.some((d) => f.startsWith(d + '/')));
  if (!isSplit) return [{ part: WHOLE, files: all.map((f) => join(input, f)) }];
  return folds.map((fold) => ({ part: fold, files: all.filter((f) => f.startsWith(fold + '/')).map((f) => join(input, f)) }));
}

async function checkOutput(output: string): Promise<void> {
  try {
    const entries = await readdir(output);
    if (entries.length > 0) throw new UserError(`${output}: output directory is not empty`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UserError(`${output}: exists and is not a directory`);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export async function exportDataset(input: string, output: string, formatName: ExportFormatName, onPartDone?: (report: PartReport) => void): Promise<ExportReport> {
  const format = FORMATS[formatName];
  const parts = await inputParts(input);
  await checkOutput(output);
  const report: ExportReport = { parts: [], problems: [], failedFiles: 0 };
  let problemCount = 0;
  const problem = (line: string) => {
    if (problemCount++ < MAX_PROBLEMS) report.problems.push(line);
  };
  for (const { part, files } of parts) {
    const writer = await format.open(output, part);
    const partReport: PartReport = { part, file: writer.file, written: 0, skipped: 0, skippedBy: {}, malformed: 0, packages: new Set() };
    try {
      for (const file of files) {
        let index = 0;
        try {
          for await (const raw of readSamples(file)) {
            try {
              const sample = asSample(raw);
              const skipped = await writer.write(raw, sample);
              if (skipped === undefined) {
                partReport.written++;
                if (sample.package_name !== null) (partReport.packages as Set<string>).add(sample.package_version === null ? sample.package_name : `${sample.package_name} ${sample.package_version}`);
              } else {
                partReport.skipped++;
                partReport.skippedBy[skipped] = (partReport.skippedBy[skipped] ?? 0) + 1;
              }
            } catch (err) {
              if (!(err instanceof MalformedSampleError)) throw err;
              partReport.malformed++;
              problem(`${file}: sample ${index}: ${err.message}`);
            }
            index++;
          }
        } catch (err) {
          if (!(err instanceof DataFileError)) throw err;
          report.failedFiles++;
          problem(err.message);
        }
      }
      await writer.close();
    } catch (err) {
      await writer.abort();
      throw err;
    }
    report.parts.push(partReport);
    onPartDone?.(partReport);
  }
  if (problemCount > MAX_PROBLEMS) report.problems.push(`... and ${problemCount - MAX_PROBLEMS} more problems`);
  await format.finish?.(output, report.parts, input);
  return report;
}
