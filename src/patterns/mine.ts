/**
 * `patterns mine` as a library: fix records to a dendrogram of patterns (the patterns.json format,
 * docs/patterns.md).
 */
import { codegen } from '../python/codegen.js';
import type { CstNode } from '../python/cst.js';
import { ParseError } from '../python/parser/index.js';
import { cluster, type Dendrogram, type DendrogramNode } from './cluster.js';
import { parseFunctionText } from '../diff/function-source.js';
import { concreteEditLevels, type ConcreteEdit } from './concrete-edit.js';
import { instantiate, match } from './match.js';
import type { ReadFixRecord as FixRecord } from '../fixes/records.js';
import { renderTemplate, holeName } from './render.js';
import { sameTokens } from './tokens.js';
import { holesOf } from './tree.js';

export const PATTERNS_FORMAT = 'bugmine-patterns';
export const PATTERNS_VERSION = 1;
/** Distinct observed values kept per hole (the most frequent). */
export const MAX_HOLE_VALUES = 20;

export interface PatternsRecord {
  readonly id: string;
  readonly repo: string;
  readonly hash: string;
  readonly path: string;
  readonly line: number;
  readonly function: string | null;
  readonly scout: string | null;
  /** The concrete edit (context included) as Python. */
  readonly before: string;
  readonly after: string;
}

export interface PatternsHole {
  readonly name: string;
  readonly types: readonly string[];
  readonly values: readonly { readonly text: string; readonly count: number }[];
  readonly distinct: number;
}

export interface PatternsNode {
  readonly id: number;
  readonly group: string;
  readonly before: string;
  readonly after: string;
  readonly holes: readonly PatternsHole[];
  /** Indices into `records`. */
  readonly records: readonly number[];
  readonly repos: number;
  readonly cost: number;
  /** With `--context k ≥ 1`: the context level (0..k) of this node's pattern, the most that generalises its fixes. */
  readonly context?: number;
  readonly children: readonly number[];
  /** The pattern's templates (CST JSON with `PatternHole` nodes), for matching and instantiation. */
  readonly template: { readonly before: CstNode; readonly after: CstNode };
}

export interface PatternsFile {
  readonly format: typeof PATTERNS_FORMAT;
  readonly version: number;
  readonly context: number;
  readonly records: readonly PatternsRecord[];
  readonly nodes: readonly PatternsNode[];
  readonly roots: readonly number[];
  /**
   * Ids of nodes supported by ≥ 2 repositories, most supported first (repositories, then records,
   * then id); a node rendering the same as its parent is left out (the parent stands for it).
   */
  readonly patterns: readonly number[];
}

export interface MineResult {
  readonly file: PatternsFile;
  readonly errors: string[];
  /** (node, record) pairs where the pattern failed to match the edit or to reproduce its after part. */
  readonly violations: string[];
  readonly dendrogram: Dendrogram;
}

export interface Edit {
  readonly record: FixRecord;
  /** The edit at the requested context level (`levels[context]`). */
  readonly edit: ConcreteEdit;
  /** The edit at context levels 0..context (index = level). */
  readonly levels: readonly ConcreteEdit[];
  readonly group: string;
}

/** Parses each record's sides and computes its concrete edit; problems go to `errors`. */
export function concreteEdits(records: readonly FixRecord[], context: number, errors: string[]): Edit[] {
  const out: Edit[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.id)) {
      errors.push(`${record.source}: duplicate record ${record.id}, skipped`);
      continue;
    }
    seen.add(record.id);
    let before: CstNode;
    let after: CstNode;
    try {
      before = parseFunctionText(record.before, { line: record.beforeLine, column: record.beforeColumn });
    } catch (err) {
      errors.push(`${record.source}: "before" does not parse: ${describe(err)}`);
      continue;
    }
    try {
      after = parseFunctionText(record.after, { line: record.afterLine, column: record.afterColumn });
    } catch (err) {
      errors.push(`${record.source}: "after" does not parse: ${describe(err)}`);
      continue;
    }
    const levels = concreteEditLevels(before, after, context);
    if (levels === null) {
      errors.push(`${record.source}: before and after do not differ (whitespace and comments aside), skipped`);
      continue;
    }
    const edit = levels[context]!;
    const group = `${record.scout ?? '?'} ${edit.changeBefore.type}→${edit.changeAfter.type}`;
    out.push({ record, edit, levels, group });
  }
  return out;
}

/** A parse error names the line in the record's file (the function text is parsed at its place). */
function describe(err: unknown): string {
  if (err instanceof ParseError) return `line ${err.line}: ${err.reason}`;
  return err instanceof Error ? err.message : String(err);
}

export function minePatterns(records: readonly FixRecord[], options: { context?: number } = {}): MineResult {
  const context = options.context ?? 0;
  const errors: string[] = [];
  const edits = concreteEdits(records, context, errors);
  const dendrogram = clusterEdits(edits);
  const violations: string[] = [];
  const file = patternsFileOf(edits, dendrogram, context, violations);
  return { file, errors, violations, dendrogram };
}

/** The clustering of `edits` (any order: leaves are numbered in record-id order). */
export function clusterEdits(edits: Edit[]): Dendrogram {
  edits.sort((x, y) => (x.record.id < y.record.id ? -1 : x.record.id > y.record.id ? 1 : 0));
  return cluster(edits.map((e) => ({ key: e.record.id, group: e.group, levels: e.levels.map((l) => l.leaf) })));
}

/** The output for a clustering of `edits` (sorted by `clusterEdits`); failed self-checks go to `violations`. */
export function patternsFileOf(edits: readonly Edit[], dendrogram: Dendrogram, context: number, violations: string[]): PatternsFile {
  const nodes = dendrogram.nodes.map((node) => describeNode(node, context, edits, violations));
  // A chain of merges that kept the same pattern lists it once, at its top (most support).
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children) parent.set(c, n.id);
  const sameAsParent = (n: PatternsNode): boolean => {
    const p = parent.get(n.id);
    return p !== undefined && nodes[p]!.before === n.before && nodes[p]!.after === n.after;
  };
  const byRepos = nodes
    .filter((n) => n.repos >= 2 && !sameAsParent(n))
    .sort((x, y) => y.repos - x.repos || y.records.length - x.records.length || x.id - y.id)
    .map((n) => n.id);
  const contextText = (node: CstNode): string =>
    codegen(Array.isArray(node['leading_lines']) ? { ...node, leading_lines: [] } : node).replace(/\s+$/, '');
  return {
    format: PATTERNS_FORMAT,
    version: PATTERNS_VERSION,
    context,
    records: edits.map(({ record, edit }) => ({
      id: record.id,
      repo: record.repo,
      hash: record.hash,
      path: record.path,
      line: record.beforeLine,
      function: record.function,
      scout: record.scout,
      before: contextText(edit.before),
      after: contextText(edit.after),
    })),
    nodes,
    roots: dendrogram.roots,
    patterns: byRepos,
  };
}

/**
 * A node of the output: its pattern rendered, its holes with the values observed when matching it
 * against every edit below it, and the check that it reproduces each of those edits.
 */
function describeNode(node: DendrogramNode, context: number, edits: readonly Edit[], violations: string[]): PatternsNode {
  const { id, group, pattern, leaves, children, cost, level } = node;
  const holes = holesOf(pattern.before);
  const counts = holes.map(() => new Map<string, number>());
  for (const leaf of leaves) {
    const { levels, record } = edits[leaf]!;
    const edit = levels[level]!;
    const bindings = match(pattern.before, edit.before);
    if (bindings === null) {
      violations.push(`node ${id}: before part does not match record ${record.id}`);
      continue;
    }
    if (!sameTokens(instantiate(pattern.after, bindings), edit.after)) {
      violations.push(`node ${id}: after part instantiated for record ${record.id} differs from its after`);
    }
    holes.forEach((h, i) => {
      const bound = bindings.get(h);
      if (bound === undefined) return;
      const text = shorten(codegen(bound).trim());
      counts[i]!.set(text, (counts[i]!.get(text) ?? 0) + 1);
    });
  }
  return {
    id,
    group,
    before: renderTemplate(pattern.before),
    after: renderTemplate(pattern.after),
    holes: holes.map((h, i) => {
      const values = [...counts[i]!].map(([text, count]) => ({ text, count })).sort((x, y) => y.count - x.count || (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
      return { name: holeName(h), types: pattern.holeTypes[h] ?? [], values: values.slice(0, MAX_HOLE_VALUES), distinct: values.length };
    }),
    records: leaves,
    repos: new Set(leaves.map((l) => edits[l]!.record.repo)).size,
    cost,
    // Only with context: the default (context 0) output has no such key.
    ...(context > 0 ? { context: level } : {}),
    children,
    template: { before: stripRanges(pattern.before), after: stripRanges(pattern.after) },
  };
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

/** A JSON-ready copy without positions. */
function stripRanges(node: CstNode): CstNode {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'range' ? undefined : value))) as CstNode;
}
