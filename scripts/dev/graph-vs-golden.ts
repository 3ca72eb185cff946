// DEV ONLY: runs bugmine's graph passes on LibCST's own trees and Python's own tokens (the dev
// oracles) and compares the serialised functions with BugLab's golden samples per part, as the
// conformance test does on bugmine's own parser (VERBOSE=1 shows the first differing node).
// Usage: node --import tsx scripts/dev/graph-vs-golden.ts [name ...]
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { computeRelations } from '../../src/graph/index.js';
import { serializeFunction, serializeFunctionExhaustive } from '../../src/graph/serialize.js';
import { lineStarts, offsetOf } from '../../src/graph/text.js';
import { supplyTokens } from '../../src/graph/tokens.js';
import type { Token, TokenKind } from '../../src/python/token.js';
import { compareFunction, formatTally, tally, type FunctionComparison } from '../../test/graph/conformance-harness.js';
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
const comparisons: FunctionComparison[] = [];
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
  const source = { text, path: golden.input, lineStarts: lineStarts(text) };
  for (const fn of golden.functions) {
    const where = `${name}#${fn.function_index}`;
    const ours = found[fn.function_index];
    if (ours === undefined) {
      comparisons.push({ where, parts: new Map([['functions', 'different']]) });
      continue;
    }
    const { graph } = serializeFunction(relations, source, ours.range);
    const comparison = compareFunction(where, graph, fn.sample.graph);
    const reference = serializeFunctionExhaustive(relations, source, ours.range).graph;
    comparison.parts.set('fast = exhaustive', JSON.stringify(reference) === JSON.stringify(graph) ? 'same' : 'different');
    comparisons.push(comparison);
    if (process.env['VERBOSE'] && [...comparison.parts.values()].includes('different')) {
      const want = fn.sample.graph;
      console.log(`${where} ${fn.function_name}: ${[...comparison.parts].filter(([, o]) => o === 'different').map(([p]) => p).join(' ')}`);
      const n = graph.nodes.findIndex((l, i) => l !== want.nodes[i]);
      if (n >= 0) console.log('  first node diff at', n, graph.nodes.slice(Math.max(0, n - 3), n + 5), want.nodes.slice(Math.max(0, n - 3), n + 5));
    }
  }
}
console.log(`${comparisons.length} functions on oracle trees (${((performance.now() - started) / 1000).toFixed(1)} s)`);
console.log(formatTally(tally(comparisons)));
