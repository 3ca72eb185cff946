// DEV ONLY: precision/recall of the call pass against BugLab's golden call edges.
//
//   npx tsx scripts/dev/calls-vs-golden.ts [--verbose] [--oracle] [--files a.json,b.json]
//
// Trees come from bugmine's parser, or with --oracle from LibCST via the dev oracle.
//
// Matching key of an edge: (kind, source node range, value) — see calls-golden.ts. Only call sites
// inside the golden functions' ranges count (files truncated to 24 functions).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeRange, CstNode } from '../../src/python/cst.js';
import { rangeContains } from '../../src/python/cst.js';
import { CallResolver } from '../../src/graph/calls/resolver.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import { CALL_KINDS, edgeKey, goldenCallEdges, readGolden, repairOracleTree } from './calls-golden.js';
import { readFileSync } from 'node:fs';
import { parseModule } from '../../src/python/index.js';
import { oracleTree } from './oracle.js';

export function oracleParse(path: string, pure = false): CstNode {
  const tree = oracleTree(path, { pure });
  repairOracleTree(tree);
  return tree;
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const shared = join(import.meta.dirname, '..', '..', '..', 'shared', 'conformance');
  const verbose = process.argv.includes('--verbose');
  const filesArg = process.argv.indexOf('--files');
  const files = filesArg > 0 ? process.argv[filesArg + 1]!.split(',') : undefined;
  const useOracle = process.argv.includes('--oracle');
  const ours = (p: string): CstNode => parseModule(readFileSync(p, 'utf8'));
  const resolver = new CallResolver({ pythonPath: discoverPythonPath(), parse: useOracle ? (p) => oracleParse(p) : ours });
  const started = performance.now();
  const scores = scoreCalls(resolver, join(shared, 'golden'), join(shared, 'inputs'), useOracle ? (p) => oracleParse(p, true) : ours, files);
  console.log(formatScores(scores));
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (verbose) {
    for (const m of scores.misses) console.log(`MISS ${m.replace(/\n/g, '\\n').slice(0, 220)}`);
    for (const e of scores.extras) console.log(`EXTRA ${e.replace(/\n/g, '\\n').slice(0, 220)}`);
  }
}
