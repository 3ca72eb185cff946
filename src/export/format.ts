import type { Sample } from './sample.js';

export const EXPORT_FORMATS = ['jsonl', 'parquet', 'hf', 'pairs', 'great'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** Writes one part (a fold, or the whole data set) of an export. */
export interface PartWriter {
  /** The output file, relative to OUT. */
  readonly file: string;
  /**
   * Writes one sample: `raw` as decoded, `sample` its checked form. Returns why the sample is not
   * part of this format (it is counted as skipped), or undefined when it was written.
   */
  write(raw: unknown, sample: Sample): Promise<string | undefined>;
  /** Completes the file under its name. */
  close(): Promise<void>;
  /** Removes what was written. */
  abort(): Promise<void>;
}

/** What an export wrote per part, for formats that describe the whole output (the `hf` card). */
export interface PartSummary {
  readonly part: string;
  readonly file: string;
  written: number;
  skipped: number;
  /** Distinct `package_name [package_version]` of the written samples. */
  readonly packages: ReadonlySet<string>;
}

export interface ExportFormat {
  readonly name: ExportFormatName;
  /** Opens the writer of `part` (`data` for an unsplit input, else the fold name) under `outDir`. */
  open(outDir: string, part: string): Promise<PartWriter>;
  /** Writes what describes the finished parts (called once, after every part is closed). */
  finish?(outDir: string, parts: readonly PartSummary[], input: string): Promise<void>;
}
