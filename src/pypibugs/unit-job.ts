/**
 * A repository unit as a self-contained, serialisable job: what a worker thread or a worker
 * container receives (JSON-safe: the parsed operation is not sent, the worker parses `rewrite`
 * again) and what it answers. The job writes its samples itself (atomically, to `output`), so that
 * large sample data never travels back through a message or a result file.
 */
import type { CallResolver } from '../graph/calls/resolver.js';
import { writeSamples } from '../io/writer.js';
import { parseCanonicalOp } from '../rewrite/canonical.js';
import { GitRepositoryReader } from './git-reader.js';
import type { PypiBugsLine } from './lines.js';
import { processRepository, type LineResult } from './repository-unit.js';

export type JobLine = Omit<PypiBugsLine, 'op'>;

export interface RepositoryJob {
  readonly repo: string;
  /** The repository's clone. */
  readonly gitDir: string;
  /** The clone is mounted read-only from another user's file system (a container). */
  readonly mountedReadOnly: boolean;
  readonly lines: readonly JobLine[];
  /** Also write the fixed function as a sample without bug. */
  readonly fixed: boolean;
  /** Commits of the lines that the clone lacks and its remote did not serve. */
  readonly absentCommits?: readonly string[];
  /** CPU seconds the analysis of one file may take (null: unbounded; absent: the default). */
  readonly maxFileCpuSeconds?: number | null;
  /** Where the samples go (written only when there are some). */
  readonly output: string;
}

export interface RepositoryJobResult {
  /** One per line, in the job's line order. */
  readonly results: LineResult[];
  /** Samples written to `output` (0: no file written). */
  readonly samples: number;
}

/** A job as a worker container reads it from its job file. */
export interface ContainerRepositoryJob extends RepositoryJob {
  /** The host's search path for call resolution, mounted read-only at the same paths. */
  readonly pythonPath: readonly string[];
}

/** The container's answer, beside its job file. */
export const UNIT_RESULT_FILE = 'result.json';

export function jobLine(line: PypiBugsLine): JobLine {
  const { op: _op, ...rest } = line;
  return rest;
}

/** Runs one repository job; `callResolver` serves all its files (one per worker). */
export async function runRepositoryJob(job: RepositoryJob, callResolver?: CallResolver): Promise<RepositoryJobResult> {
  const lines: PypiBugsLine[] = job.lines.map((line) => ({ ...line, op: parseCanonicalOp(line.rewrite) }));
  const reader = new GitRepositoryReader(job.gitDir, { mountedReadOnly: job.mountedReadOnly });
  try {
    const { results, samples } = await processRepository(reader, job.repo, lines, {
      fixed: job.fixed,
      ...(callResolver !== undefined ? { callResolver } : {}),
      absentCommits: new Set(job.absentCommits ?? []),
      ...(job.maxFileCpuSeconds !== undefined ? { maxFileCpuSeconds: job.maxFileCpuSeconds } : {}),
    });
    if (samples.length > 0) await writeSamples(job.output, samples);
    return { results, samples: samples.length };
  } finally {
    reader.close();
  }
}
