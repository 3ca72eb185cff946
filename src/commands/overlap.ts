import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { compareDatasets, type LevelReport, type OverlapItem, type OverlapReport } from '../overlap/compare.js';
import { readDataset, type Dataset } from '../overlap/dataset.js';
import { writeWithout, type DropSummary } from '../overlap/drop.js';
import { jsonOption } from './options.js';
import { output } from '../output.js';

interface OverlapCliOptions {
  json?: boolean;
  dropFrom?: string;
}

export function register(program: Command): void {
  program
    .command('overlap')
    .description(
      'near-duplicate functions and files between two data sets (e.g. a training and a test set): estimated Jaccard >= 0.85 of ' +
        "identifier and string tokens, with dedup's MinHash/LSH; each of A and B is data files (a file or a directory) or fix records " +
        '(fixes.jsonl[.gz], or a directory holding one, such as the PyPIBugs corpus)',
    )
    .argument('<A>', 'the data set to compare against (e.g. the training set)')
    .argument('<B>', 'the data set whose overlap is reported (e.g. the test set)')
    .argument('[OUT]', 'with --drop-from: where to write that data set without its overlapping functions (must not exist)')
    .option('--drop-from <SIDE>', 'write B (or A) to OUT without its functions that overlap the other, nor the functions of its overlapping files: A, B, or the path given for it')
    .addOption(jsonOption('the report'))
    .action(async (a: string, b: string, out: string | undefined, options: OverlapCliOptions) => {
      const side = options.dropFrom === undefined ? null : dropSide(options.dropFrom, a, b);
      if (side !== null && out === undefined) throw new UserError('--drop-from: name OUT, where to write the data set without its overlapping functions');
      if (side === null && out !== undefined) throw new UserError(`unexpected argument ${out} (OUT goes with --drop-from)`);
      if (out !== undefined && (await stat(out).catch(() => null)) !== null) throw new UserError(`${out} exists; --drop-from writes a new file or directory`);
      const [first, second] = [await load(a), await load(b)];
      const overlap = compareDatasets(first, second);
      const problems = [...first.problems, ...second.problems];
      for (const problem of problems) output.log(problem);
      let dropped: DropSummary | null = null;
      if (side !== null) dropped = await writeWithout(side === 'A' ? a : b, side === 'A' ? dropSetOfA(first, second) : overlap.b, resolve(out!));
      output.result(options.json ? `${JSON.stringify({ ...overlap.report, ...(dropped === null ? {} : { dropped: { from: side, ...dropped } }) })}\n` : formatReport(overlap.report, dropped, side));
      if (problems.length > 0) process.exitCode = EXIT.badInput;
    });
}

function dropSide(value: string, a: string, b: string): 'A' | 'B' {
  if (value === 'A' || value === 'B') return value;
  if (resolve(value) === resolve(b)) return 'B';
  if (resolve(value) === resolve(a)) return 'A';
  throw new UserError(`--drop-from: expected A, B or one of the two data sets' paths, got '${value}'`);
}

/** A's items that overlap B: the comparison the other way round (B indexed, A queried). */
function dropSetOfA(a: Dataset, b: Dataset): { functions: ReadonlySet<string>; files: ReadonlySet<string> } {
  return compareDatasets(b, a).b;
}

async function load(path: string): Promise<Dataset> {
  try {
    return await readDataset(path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError((error as Error).message);
  }
}

function describe(item: OverlapItem): string {
  const name = item.function === undefined ? '' : `::${item.function ?? '?'}`;
  const where = item.where === undefined ? '' : ` (${item.where})`;
  return `${item.package} ${item.path}${name}${where}`;
}

function level(name: string, report: LevelReport): string[] {
  return [
    `${name.padEnd(10)} A ${report.a.total} (${report.a.compared} compared), B ${report.b.total} (${report.b.compared} compared): ` +
      `${report.b.overlapping} of B overlap ${report.a.overlapping} of A`,
  ];
}

function formatReport(report: OverlapReport, dropped: DropSummary | null, side: string | null): string {
  const lines = [
    `A          ${report.a.path} (${report.a.kind})`,
    `B          ${report.b.path} (${report.b.kind})`,
    ...level('functions', report.functions),
    ...level('files', report.files),
    `(near-duplicate: estimated Jaccard >= ${report.threshold} of identifier and string tokens; under 10 distinct tokens not compared)`,
  ];
  for (const [name, levelReport] of [['functions', report.functions], ['files', report.files]] as const) {
    if (levelReport.pairs.length === 0) continue;
    lines.push(`overlapping ${name} (B ~ A, similarity, A matches):`);
    for (const pair of levelReport.pairs) {
      lines.push(`  ${pair.similarity.toFixed(3)}  ${describe(pair.b)}  ~  ${describe(pair.a)}${pair.matches > 1 ? `  (+${pair.matches - 1} more)` : ''}`);
    }
  }
  if (dropped !== null) lines.push(`dropped    ${dropped.dropped} of ${dropped.kept + dropped.dropped} ${side} samples/records; ${dropped.kept} written to ${dropped.out}`);
  return `${lines.join('\n')}\n`;
}
