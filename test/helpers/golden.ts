/**
 * Typed access to the conformance data in `../shared/conformance/` (read-only): the golden result
 * files BugLab produced and their input files. Shapes follow `conformance/README.md`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from './cli.js';

export const CONFORMANCE_DIR = join(SHARED, 'conformance');
export const GOLDEN_DIR = join(CONFORMANCE_DIR, 'golden');
export const GOLDEN_INPUTS_DIR = join(CONFORMANCE_DIR, 'inputs');

/** `[line, column]`: line from 1, column from 0 in Unicode code points. */
export type GoldenPosition = [line: number, column: number];
export type GoldenRange = [start: GoldenPosition, end: GoldenPosition];
/** `[from, to]`, or `[from, to, label]` for labelled `Child` edges. */
export type GoldenEdge = [from: number, to: number] | [from: number, to: number, label: string];

export interface GoldenGraph {
  nodes: string[];
  /** Every relation kind of the file, in first-use order, even when empty for this function. */
  edges: Record<string, GoldenEdge[]>;
  path: string;
  reference_nodes: (number | null)[];
  text: string;
  code_range: GoldenRange;
}

export type GoldenCandidateRewrite = ['ReplaceText', string] | ['ArgSwap', [number, number]];

export interface GoldenSample {
  graph: GoldenGraph;
  candidate_rewrites: GoldenCandidateRewrite[];
  candidate_rewrite_ranges: GoldenRange[];
  /** `[scout class name, value node index or null]`. */
  candidate_rewrite_metadata: [string, number | null][];
  target_fix_action_idx: number | null;
  package_name: string;
  package_version: string;
}

export interface GoldenHunk {
  /** 1-based line of the original text where `old_lines` start. */
  start_line: number;
  old_lines: string[];
  new_lines: string[];
}

export interface GoldenRewrite {
  op_index: number;
  op_repr: string;
  rewritten_text_hunks: GoldenHunk[];
  revert_op_repr: string;
  revert_restores_original: boolean;
  /** null when BugLab returned no sample (`sample_log` / `sample_error` say why). */
  sample: GoldenSample | null;
  sample_log?: string;
  sample_error?: string;
  rewrite_error?: string;
}

export interface GoldenFunction {
  function_index: number;
  function_name: string;
  code_range: GoldenRange;
  sample: GoldenSample;
  op_reprs: string[];
  op_reprs_with_disabled_ops: string[];
  disabled_variant_op_indices: number[];
  rewrites: GoldenRewrite[];
  matches_unordered_buglab_run: boolean;
}

export interface GoldenFile {
  input: string;
  libcst_version: string;
  libcst_parser: string;
  jedi_version: string;
  python_version: string;
  jedi_environment: string;
  package_name: string;
  package_version: string;
  extraction_log: string[];
  num_functions_in_file: number;
  /** null when all functions are present, else N: only the first N (finder order) were written. */
  truncated_to_first_functions: number | null;
  num_candidate_ops_in_file: number;
  num_candidate_ops_in_file_with_disabled_ops: number;
  functions: GoldenFunction[];
  elapsed_seconds: number;
}

/** Base names (no extension) of all golden files, sorted. */
export function goldenNames(): string[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function loadGolden(name: string): GoldenFile {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, `${name}.json`), 'utf8')) as GoldenFile;
}

export function goldenInputPath(name: string): string {
  return join(GOLDEN_INPUTS_DIR, `${name}.py`);
}

/** The input as BugLab read it (UTF-8; all inputs use `\n` line ends only). */
export function readGoldenInput(name: string): string {
  return readFileSync(goldenInputPath(name), 'utf8');
}

/** The whole-file text after a golden rewrite: each hunk's `old_lines` replaced by its `new_lines`. */
export function applyGoldenHunks(original: string, hunks: readonly GoldenHunk[]): string {
  const lines = original.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  // Apply from the bottom so earlier start lines stay valid.
  for (const hunk of [...hunks].sort((a, b) => b.start_line - a.start_line)) {
    const at = hunk.start_line - 1;
    const actual = lines.slice(at, at + hunk.old_lines.length);
    if (actual.join('') !== hunk.old_lines.join('')) throw new Error(`hunk at line ${hunk.start_line} does not match the original text`);
    lines.splice(at, hunk.old_lines.length, ...hunk.new_lines);
  }
  return lines.join('');
}
