// Golden call edges keyed by source position, for measuring the call pass (dev + tests).
//
// The golden samples carry node indices, not positions. We recover positions by walking the golden
// labelled `Child` edges from node 0 (the FunctionDef) in parallel with our tree of the same
// function: both are LibCST's pre-order over non-whitespace children inside the function range, so
// the k-th child of a golden node is the k-th child of the matching tree node.
//
// Matching key of one call edge: (kind, source node range "l:c-l:c", value string). The source node
// is the `Call` (CandidateCall, CandidateCallDoc) or the `Arg` (MayFormalName).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallResolver } from '../../src/graph/calls/resolver.js';
import { rangeContains, type CodeRange, type CstNode } from '../../src/python/cst.js';
import { children } from '../../src/python/visit.js';
import { NODE_SCHEMA } from '../../src/python/schema.js';

export const CALL_KINDS = ['CandidateCall', 'CandidateCallDoc', 'MayFormalName'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

interface GoldenFunction {
  function_name: string;
  code_range: [[number, number], [number, number]];
  sample: { graph: { nodes: string[]; edges: Record<string, number[][]> } };
}
export interface GoldenFile {
  input: string;
  functions: GoldenFunction[];
}

export function rangeKey(range: CodeRange): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

export function edgeKey(kind: string, range: CodeRange, value: string): string {
  return `${kind}|${rangeKey(range)}|${value}`;
}

/** Children in LibCST's visit order. */
function childrenOf(node: CstNode): CstNode[] {
  return children(node).map(([, child]) => child);
}

function astChildren(node: CstNode, within: CodeRange): CstNode[] {
  const out: CstNode[] = [];
  for (const child of childrenOf(node)) {
    if (NODE_SCHEMA[child.type]!.whitespace || child.range === undefined) continue;
    if (rangeContains(within, child.range)) out.push(child);
  }
  return out;
}

/** Golden node 0: the first node in pre-order inside the function range (a block holding only the function comes first). */
function findRoot(module: CstNode, range: CodeRange): CstNode | undefined {
  const stack = [module];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.range !== undefined && !NODE_SCHEMA[node.type]!.whitespace && rangeContains(range, node.range)) return node;
    const kids = [...childrenOf(node)];
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return undefined;
}

/** All golden call edges of one golden file as keys (see `edgeKey`), given our tree of its input. */
export function goldenCallEdges(golden: GoldenFile, module: CstNode): Set<string> {
  const keys = new Set<string>();
  for (const fn of golden.functions) {
    const [[l1, c1], [l2, c2]] = fn.code_range;
    const range: CodeRange = { start: { line: l1, column: c1 }, end: { line: l2, column: c2 } };
    const root = findRoot(module, range);
    if (root === undefined) throw new Error(`${golden.input}: no FunctionDef at ${rangeKey(range)}`);
    const { nodes, edges } = fn.sample.graph;
    const goldenChildren = new Map<number, number[]>();
    for (const edge of edges['Child'] ?? []) {
      if (edge.length < 3) continue;
      let list = goldenChildren.get(edge[0]!);
      if (list === undefined) goldenChildren.set(edge[0]!, (list = []));
      list.push(edge[1]!);
    }
    const treeOf = new Map<number, CstNode>([[0, root]]);
    const stack: number[] = [0];
    while (stack.length > 0) {
      const index = stack.pop()!;
      const node = treeOf.get(index)!;
      const goldenKids = goldenChildren.get(index) ?? [];
      const ourKids = astChildren(node, range);
      if (goldenKids.length !== ourKids.length) {
        throw new Error(`${golden.input}:${fn.function_name}: ${node.type} at ${rangeKey(node.range!)} has ${ourKids.length} children, golden ${goldenKids.length}`);
      }
      goldenKids.forEach((g, k) => {
        treeOf.set(g, ourKids[k]!);
        stack.push(g);
      });
    }
    for (const kind of CALL_KINDS) {
      for (const [from, to] of edges[kind] ?? []) {
        const node = treeOf.get(from!);
        if (node === undefined) throw new Error(`${golden.input}: call edge from unaligned node ${from}`);
        keys.add(edgeKey(kind, node.range!, nodes[to!]!));
      }
    }
  }
  return keys;
}

export function readGolden(path: string): GoldenFile {
  return JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
}

export interface CallScores {
  perKind: Record<string, { tp: number; fp: number; fn: number }>;
  misses: string[];
  extras: string[];
}

/** Our call edges of `module` (inside `ranges`) as keys. */
export function ourCallEdges(resolver: CallResolver, module: CstNode, path: string, ranges: CodeRange[]): Set<string> {
  const keys = new Set<string>();
  const inside = (node: CstNode): boolean => node.range !== undefined && ranges.some((r) => rangeContains(r, node.range!));
  for (const call of resolver.resolveModule(module, path)) {
    if (inside(call.call)) {
      for (const t of call.targets) keys.add(edgeKey('CandidateCall', call.call.range!, t));
      for (const d of call.docs) keys.add(edgeKey('CandidateCallDoc', call.call.range!, d));
    }
    for (const { arg, names } of call.formals) if (inside(arg)) for (const n of names) keys.add(edgeKey('MayFormalName', arg.range!, n));
  }
  return keys;
}

export function scoreCalls(resolver: CallResolver, goldenDir: string, inputsDir: string, parse: (path: string) => CstNode, files?: string[]): CallScores {
  const scores: CallScores = { perKind: {}, misses: [], extras: [] };
  for (const kind of CALL_KINDS) scores.perKind[kind] = { tp: 0, fp: 0, fn: 0 };
  for (const file of files ?? readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort()) {
    const golden = readGolden(join(goldenDir, file));
    const module = parse(join(inputsDir, golden.input));
    const expected = goldenCallEdges(golden, module);
    const ranges = golden.functions.map(({ code_range: [[l1, c1], [l2, c2]] }) => ({ start: { line: l1, column: c1 }, end: { line: l2, column: c2 } }));
    const ours = ourCallEdges(resolver, module, golden.input, ranges);
    for (const key of ours) {
      const kind = key.slice(0, key.indexOf('|'));
      if (expected.has(key)) scores.perKind[kind]!.tp++;
      else {
        scores.perKind[kind]!.fp++;
        scores.extras.push(`${golden.input}|${key}`);
      }
    }
    for (const key of expected) {
      if (ours.has(key)) continue;
      scores.perKind[key.slice(0, key.indexOf('|'))]!.fn++;
      scores.misses.push(`${golden.input}|${key}`);
    }
  }
  return scores;
}

export function formatScores(scores: CallScores): string {
  const lines = ['kind               golden  ours    tp  precision  recall'];
  for (const [kind, { tp, fp, fn }] of Object.entries(scores.perKind)) {
    const p = tp + fp === 0 ? 1 : tp / (tp + fp);
    const r = tp + fn === 0 ? 1 : tp / (tp + fn);
    lines.push(`${kind.padEnd(17)} ${String(tp + fn).padStart(6)} ${String(tp + fp).padStart(5)} ${String(tp).padStart(5)}  ${(100 * p).toFixed(1).padStart(8)}%  ${(100 * r).toFixed(1).padStart(5)}%`);
  }
  return lines.join('\n');
}

