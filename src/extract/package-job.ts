/**
 * The work for one package, the same wherever it runs (a local child process or a worker
 * container): a fresh venv, `pip install` of the requirement, the distribution's `.py` files from
 * its RECORD, and extraction with the venv's site-packages and stdlib as the call-resolution search
 * path. The output (and the near-duplicate signatures of its files) goes to `workDir/out/`, which
 * is all the job hands back: the host copies and checks it (see src/extract/job-result.ts). Never throws: every failure becomes an outcome with its error text.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { extractDirectory, outputFileName } from '../extract-dir/run.js';
import { writeSignatures } from '../dedup/sign-package.js';
import { findDistribution, installedDistributions, type InstalledPin } from './distribution.js';
import { leaveOutRule } from './leave-out.js';
import type { VendoredMode } from './vendored.js';
import { emptyCounts, type Outcome, type PackageCounts } from './manifest.js';
import { ErrorTail } from './error-tail.js';
import { pipPhaseOf, type PhaseReport } from './phase.js';

export interface PackageJob {
  /** The requirement given to pip. */
  readonly requirement: string;
  /** `package_name` of the samples: the project name as listed. */
  readonly name: string;
  /** PEP 503 normalised name: finds the installed distribution and names the output. */
  readonly key: string;
  /** Scratch directory of this job (venv, output); the caller removes it. */
  readonly workDir: string;
  /** Interpreter that makes the venv and runs pip. */
  readonly python: string;
  /** Options for `pip install`, after bugmine's own. */
  readonly pipArgs: readonly string[];
  readonly seed: number;
  readonly rewrites: number;
  /** Transformed variants per function (`--augment`; absent: 0). */
  readonly augment?: number;
  readonly maxFileBytes: number;
  /** CPU seconds each file's analysis may take (null: unbounded; absent: the default, 60). */
  readonly maxFileCpuSeconds?: number | null;
  readonly easyOperatorsOff: boolean;
  /**
   * Learned bug seeding (`--bug-patterns`): the patterns file as this job sees it, its SHA-256 (the
   * job refuses another file) and where bugs come from. Flat fields, so the staging fingerprint
   * (over the job's top-level keys) covers each of them.
   */
  readonly bugPatterns?: string;
  readonly bugPatternsSha256?: string;
  readonly bugSource?: 'patterns' | 'both';
  /** Also write the signatures sidecar for near-duplicate detection (`--no-dedup` leaves it out). */
  readonly signatures: boolean;
  /** `--exclude` globs over `graph.path` (absent: none; see src/samples/file-exclusion.ts). */
  readonly exclude?: readonly string[];
  /** `--no-tests`: leave out test files and directories (absent: keep them). */
  readonly noTests?: boolean;
  /** `--vendored drop|canonical` (absent: keep; see vendored.ts). */
  readonly vendored?: Exclude<VendoredMode, 'keep'>;
  /** With `canonical`: the PEP 503 names of the whole package list (before `--shard`), sorted. */
  readonly listedPackages?: readonly string[];
}

export interface PackageJobResult {
  outcome: Outcome;
  version: string | null;
  counts: PackageCounts;
  /** Output file name inside `workDir/out`, or null without samples. */
  output: string | null;
  error: string | null;
  /** Every distribution the install left in the venv (the package and its dependencies), once pip succeeded. */
  installed?: InstalledPin[];
}

/** Written by the job's process into its output directory when it finishes. */
export const RESULT_FILE = 'result.json';

export function jobOutputDir(workDir: string): string {
  return join(workDir, 'out');
}

/** How often at most the job reports its extraction count. */
const EXTRACT_REPORT_MS = 250;

/** `report` receives the job's phases (package-job-main.ts writes them to stdout for the host). */
export async function runPackageJob(job: PackageJob, report: (phase: PhaseReport) => void = () => {}): Promise<PackageJobResult> {
  const result: PackageJobResult = { outcome: 'install-failed', version: null, counts: emptyCounts(), output: null, error: null };
  const venv = join(job.workDir, 'venv');
  const venvPython = join(venv, 'bin', 'python');

  // The venv gets no pip of its own (ensurepip takes seconds); the interpreter's pip installs
  // into it through `pip --python`.
  const made = await run(job.python, ['-m', 'venv', '--without-pip', venv]);
  if (made.code !== 0) return { ...result, error: `python -m venv failed: ${made.tail}` };
  // No byte-code: only the sources are read, and compiling a large package costs seconds.
  report({ phase: 'downloading', done: 0, total: 0 });
  let pipPhase = 'downloading';
  const onPipLine = (line: string): void => {
    const phase = pipPhaseOf(line);
    if (phase === null || phase === pipPhase) return;
    pipPhase = phase;
    report({ phase, done: 0, total: 0 });
  };
  const pip = await run(job.python, [
    '-m', 'pip', '--python', venvPython, 'install', '--no-cache-dir', '--no-compile', '--disable-pip-version-check', '--no-input',
    ...job.pipArgs, job.requirement,
  ], onPipLine);
  if (pip.code !== 0) return { ...result, error: `pip install failed: ${pip.tail}` };

  const paths = await run(venvPython, ['-I', '-c', PATHS_SCRIPT]);
  if (paths.code !== 0) return { ...result, error: `cannot ask the venv for its paths: ${paths.tail}` };
  const [purelib, platlib, stdlib, platstdlib] = JSON.parse(paths.stdout) as string[];
  const siteDirs = [...new Set([purelib!, platlib!])];
  const distribution = await findDistribution(siteDirs, job.key);
  if (distribution === null) return { ...result, error: `pip installed no distribution named ${job.key}` };
  result.version = distribution.version;
  result.installed = await installedDistributions(siteDirs);
  result.counts.files = distribution.pythonFiles.length;
  if (distribution.pythonFiles.length === 0) return { ...result, outcome: 'no-python-files' };

  try {
    const outDir = jobOutputDir(job.workDir);
    await mkdir(outDir, { recursive: true });
    const { leaveOut, vendored } = await leaveOutRule(job, distribution);
    const toExtract = leaveOut === null ? distribution.pythonFiles.length : distribution.pythonFiles.filter((path) => leaveOut(path) === null).length;
    report({ phase: 'extracting', done: 0, total: toExtract });
    let reported = Date.now();
    const summary = await extractDirectory(distribution.siteDir, outDir, {
      workers: 0,
      seed: job.seed,
      rewrites: job.rewrites,
      ...(job.augment ? { augment: job.augment } : {}),
      ...(job.bugPatterns !== undefined && job.bugPatternsSha256 !== undefined && job.bugSource !== undefined
        ? { bugPatterns: { path: job.bugPatterns, sha256: job.bugPatternsSha256, source: job.bugSource } }
        : {}),
      easyOperatorsOff: job.easyOperatorsOff,
      maxFileBytes: job.maxFileBytes,
      ...(job.maxFileCpuSeconds !== undefined ? { maxFileCpuSeconds: job.maxFileCpuSeconds } : {}),
      pythonPath: [...new Set([...siteDirs, stdlib!, platstdlib!])].filter((dir) => dir !== distribution.siteDir),
      packageName: job.name,
      packageVersion: distribution.version,
      singleGroup: job.key,
      files: distribution.pythonFiles,
      ...(leaveOut === null ? {} : { leaveOut }),
      onFileDone: (done, total) => {
        const now = Date.now();
        if (now - reported < EXTRACT_REPORT_MS && done < total) return;
        reported = now;
        report({ phase: 'extracting', done, total });
      },
    });
    result.counts = { files: summary.files, functions: summary.functions, samples: summary.samples, skipped: { ...summary.skipped }, ...(vendored > 0 ? { vendored } : {}) };
    result.output = summary.samples > 0 ? outputFileName(job.key) : null;
    if (job.signatures) {
      const sourceOf = (graphPath: string): string => join(distribution.siteDir, ...graphPath.split('/'));
      await writeSignatures(outDir, result.output === null ? null : join(outDir, result.output), sourceOf);
    }
    return { ...result, outcome: 'ok' };
  } catch (error) {
    return { ...result, outcome: 'extract-failed', error: error instanceof Error ? error.message : String(error) };
  }
}

const PATHS_SCRIPT =
  'import json, sysconfig\n' +
  'p = sysconfig.get_paths()\n' +
  'print(json.dumps([p["purelib"], p["platlib"], p["stdlib"], p["platstdlib"]]))\n';

interface RunResult {
  code: number | null;
  stdout: string;
  /** The first error lines and the last lines of stdout and stderr together (see error-tail.ts). */
  tail: string;
}

/** Runs a program without a shell, capturing its output; `onLine` sees each line of its stdout. */
function run(program: string, args: readonly string[], onLine?: (line: string) => void): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const both = new ErrorTail();
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      both.push(d, 'stdout');
      if (onLine === undefined) return;
      const lines = (partial + d).split('\n');
      partial = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => both.push(d, 'stderr'));
    const finish = (code: number | null, extra = ''): void => {
      if (extra !== '') both.push(`${extra}\n`, 'error');
      resolve({ code, stdout, tail: both.text() });
    };
    child.on('error', (error) => finish(-1, error.message));
    child.on('close', (code) => finish(code));
  });
}
