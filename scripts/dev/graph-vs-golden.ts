// DEV ONLY: runs bugmine's graph passes on LibCST's own trees and Python's own tokens (the dev
// oracles) and compares the serialised functions with BugLab's golden samples, for the relation
// kinds implemented so far. Usage: node --import tsx scripts/dev/graph-vs-golden.ts [name ...]
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { computeRelations } from '../../src/graph/index.js';
import { serializeFunction, serializeFunctionExhaustive, type SerializedEdge } from '../../src/graph/serialize.js';
import { lineStarts, offsetOf } from '../../src/graph/text.js';
import { supplyTokens } from '../../src/graph/tokens.js';
import type { Token, TokenKind } from '../../src/python/token.js';
import { goldenInputPath, goldenNames, loadGolden, readGoldenInput } from '../../test/helpers/golden.js';
import { oracleTokens, oracleTree } from './oracle.js';

/** The oracle's JSON lets `ExceptHandler.type` overwrite the class name; move it to `exceptType`. */
function repairExceptHandlers(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) repairExceptHandlers(item);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['handlers'])) {
    for (const handler of node['handlers'] as Record<string, unknown>[]) {
      if (typeof handler['type'] === 'string') continue;
      handler['exceptType'] = handler['type'];
      handler['type'] = 'whitespace_after_star' in handler ? 'ExceptStarHandler' : 'ExceptHandler';
    }
  }
  for (const key in node) if (typeof node[key] === 'object') repairExceptHandlers(node[key]);
}

const KINDS = ['Child', 'Sibling', 'NextToken'] as const;

function tokensOf(file: string, text: string): Token[] {
  const starts = lineStarts(text);
  return oracleTokens(file)
    .filter(([kind]) => kind !== 'ENCODING')
    .map(([kind, tokenText, [sl, sc], [el, ec]]) => ({
      kind: kind as TokenKind,
      text: tokenText,
      startLine: sl,
      startCol: sc,
      endLine: el,
      endCol: ec,
      start: offsetOf(text, starts, sl, sc),
      end: offsetOf(text, starts, el, ec),
    }));
}

const names = process.argv.length > 2 ? process.argv.slice(2) : goldenNames();
const mismatches = new Map<string, number>();
let functions = 0;
let identical = 0;
const started = performance.now();
for (const name of names) {
  const golden = loadGolden(name);
  const text = readGoldenInput(name);
  const module = oracleTree(goldenInputPath(name), { pure: true });
  repairExceptHandlers(module);
  const file = new FileAnalysis(text, module, golden.input);
  supplyTokens(file, tokensOf(goldenInputPath(name), text));
  const { relations, errors } = computeRelations(file);
  if (errors.length > 0) console.log(name, 'pass errors', errors);
  const found = findFunctions(module);
  if (found.length !== golden.num_functions_in_file) console.log(name, `finder: ${found.length} vs ${golden.num_functions_in_file}`);
  const starts = lineStarts(text);
  for (const fn of golden.functions) {
    functions++;
    const ours = found[fn.function_index];
    const bad: string[] = [];
    if (ours === undefined) {
      bad.push('missing');
    } else {
      const { graph } = serializeFunction(relations, { text, path: golden.input, lineStarts: starts }, ours.range);
      const want = fn.sample.graph;
      const reference = serializeFunctionExhaustive(relations, { text, path: golden.input, lineStarts: starts }, ours.range).graph;
      if (JSON.stringify(reference) !== JSON.stringify(graph)) bad.push('fast-vs-exhaustive');
      if (JSON.stringify(graph.code_range) !== JSON.stringify(want.code_range)) bad.push('code_range');
      if (graph.text !== want.text) bad.push('text');
      if (JSON.stringify(graph.nodes) !== JSON.stringify(want.nodes.slice(0, graph.nodes.length))) bad.push('nodes');
      const structural = new Set<number>();
      for (const kind of KINDS) for (const e of want.edges[kind] ?? []) structural.add(e[0]).add(e[1]);
      if (structural.size !== graph.nodes.length || [...structural].some((i) => i >= graph.nodes.length)) bad.push('node-count');
      for (const kind of KINDS) {
        const a = JSON.stringify(graph.edges[kind] ?? []);
        const b = JSON.stringify(want.edges[kind] ?? ([] as SerializedEdge[]));
        if (a !== b) bad.push(kind);
      }
      if (bad.length > 0 && process.env['VERBOSE']) {
        console.log(`${name} #${fn.function_index} ${fn.function_name}: ${bad.join(' ')}`);
        const n = graph.nodes.findIndex((l, i) => l !== want.nodes[i]);
        if (n >= 0) console.log('  first node diff at', n, graph.nodes.slice(Math.max(0, n - 3), n + 5), want.nodes.slice(Math.max(0, n - 3), n + 5));
        for (const kind of KINDS) {
          const ge = graph.edges[kind] ?? [];
          const we = want.edges[kind] ?? [];
          const i = ge.findIndex((e, k) => JSON.stringify(e) !== JSON.stringify(we[k]));
          if (i >= 0 || ge.length !== we.length) console.log(`  ${kind} first diff at ${i}: ours`, ge.slice(i, i + 3), 'golden', we.slice(i, i + 3), ge.length, we.length);
        }
      }
    }
    if (bad.length === 0) identical++;
    for (const b of bad) mismatches.set(b, (mismatches.get(b) ?? 0) + 1);
  }
}
console.log(`${identical}/${functions} functions identical on ${KINDS.join(', ')} + nodes prefix, text, code_range (${((performance.now() - started) / 1000).toFixed(1)} s)`);
for (const [what, count] of mismatches) console.log(`  ${what}: ${count} functions differ`);
