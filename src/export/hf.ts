/**
 * A Hugging Face `datasets` folder: `data/<split>.parquet` (the Parquet export's columns) and a
 * `README.md` dataset card whose YAML header names the configuration's data files and features,
 * so that `load_dataset("parquet", ...)` or `load_dataset(PATH)` reads it as is.
 */
import { join } from 'node:path';
import { BUGMINE_VERSION } from '../version.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import type { ExportFormat, PartSummary } from './format.js';
import { parquetPart } from './parquet.js';

/** Hugging Face split names (`\w+` only): BugLab's `valid` is `validation`, an unsplit input is `train`. */
export function hfSplitName(part: string): string {
  if (part === 'data') return 'train';
  if (part === 'valid') return 'validation';
  return part.replace(/[^\w]/g, '_');
}

const FEATURES: readonly [string, string, string][] = [
  ['path', 'dtype: string', "the source file, relative to where it was installed or checked out (`graph.path`)"],
  ['package_name', 'dtype: string', 'PyPI distribution name, or the repository URL for PyPIBugs samples'],
  ['package_version', 'dtype: string', 'installed version, or the fixing commit for PyPIBugs samples'],
  ['text', 'dtype: string', 'the function\'s source text (with the bug, for a sample with a bug) (`graph.text`)'],
  ['code_range', 'dtype: string', 'JSON `[[line, col], [line, col]]` of the function in its file'],
  ['nodes', 'sequence: string', 'the label of every graph node (`graph.nodes`)'],
  ['edges', 'dtype: string', 'JSON map from edge type to a list of `[from, to]` or `[from, to, label]` node indices'],
  ['reference_nodes', 'sequence: int32', 'for each candidate rewrite, the node it is anchored at'],
  ['candidate_rewrites', 'dtype: string', 'JSON list of `[op, data]`: `["ReplaceText", text]` or `["ArgSwap", [i, j]]`'],
  ['candidate_rewrite_ranges', 'dtype: string', 'JSON list of the `[[line, col], [line, col]]` each candidate replaces'],
  ['candidate_rewrite_metadata', 'dtype: string', 'JSON list of `[scout, symbol node or null]`'],
  ['target_fix_action_idx', 'dtype: int32', 'index of the candidate that repairs the bug; null for a sample without bug'],
  ['bug_kind', 'dtype: string', 'the scout of that candidate (derived); null without bug'],
  ['extra', 'dtype: string', "JSON map of the sample's other keys (bugmine's `provenance`)"],
];

const PACKAGES_LISTED = 200;

export function datasetCard(parts: readonly PartSummary[], input: string): string {
  const yaml: string[] = ['---', 'license: other', 'pretty_name: bugmine Python bug samples', 'task_categories:', '- text-classification', 'tags:', '- code', '- python', '- bug-detection', '- buglab'];
  yaml.push('configs:', '- config_name: default', '  data_files:');
  for (const part of parts) yaml.push(`  - split: ${hfSplitName(part.part)}`, `    path: ${part.file}`);
  yaml.push('dataset_info:', '  features:');
  for (const [name, type] of FEATURES) yaml.push(`  - name: ${name}`, `    ${type}`);
  // No `dataset_info.splits`: `datasets` wants the Arrow size in bytes with each count; the counts are in the text.
  yaml.push('---', '');
  const packages = new Set<string>();
  for (const part of parts) for (const p of part.packages) packages.add(p);
  const sorted = [...packages].sort();
  const body = [
    '# bugmine Python bug samples',
    '',
    'Python functions as graphs in the sample format of Microsoft BugLab ("Self-Supervised Bug Detection and Repair",',
    'NeurIPS 2021), each either as written or with one small bug put in by a rewrite, with the candidate rewrites that',
    'could be the bug and the one that repairs it. Exported by `bugmine export --format hf` ' + `(bugmine ${BUGMINE_VERSION}).`,
    '',
    '## Splits',
    '',
    '| split | file | samples |',
    '| --- | --- | --- |',
    ...parts.map((p) => `| ${hfSplitName(p.part)} | \`${p.file}\` | ${p.written} |`),
    '',
    "Folds are BugLab's: by an MD5 hash of the file path, so all functions of one source file share a split.",
    '',
    '## Fields',
    '',
    '| field | type | meaning |',
    '| --- | --- | --- |',
    ...FEATURES.map(([name, type, meaning]) => `| \`${name}\` | ${type.replace(/^(dtype|sequence): /, (_m, k: string) => (k === 'sequence' ? 'list of ' : ''))} | ${meaning} |`),
    '',
    'Applying candidate `target_fix_action_idx` to `text` gives back the function as its authors wrote it.',
    '',
    '## Licence',
    '',
    'The code in `text` and `nodes` is taken from the packages named in `package_name`, each under its own licence',
    "(hence `license: other`); check a package's licence before redistributing its samples. The graph structure and",
    'candidates are derived data made by bugmine.',
    '',
    '## Provenance',
    '',
    `Exported from \`${input}\`: ${sorted.length} package${sorted.length === 1 ? '' : 's'}` + (sorted.length > PACKAGES_LISTED ? ` (the first ${PACKAGES_LISTED} listed):` : ':'),
    '',
    ...sorted.slice(0, PACKAGES_LISTED).map((p) => `- ${p}`),
    '',
    "Each sample's `extra.provenance` records the source file's SHA-256, the bugmine version and seed, and the",
    'rewrite that put the bug in.',
    '',
  ];
  return yaml.join('\n') + body.join('\n');
}

export const hfFormat: ExportFormat = {
  name: 'hf',
  open: (outDir, part) => parquetPart(outDir, `data/${hfSplitName(part)}.parquet`),
  finish: (outDir, parts, input) => writeFileAtomic(join(outDir, 'README.md'), datasetCard(parts, input)),
};
