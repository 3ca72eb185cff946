// DEV ONLY: runs bugmine's graph passes on LibCST's own trees and Python's own tokens (the dev
// oracles) and compares the serialised functions with BugLab's golden samples per part, as the
// conformance test does on bugmine's own parser (VERBOSE=1 shows the first differing node).
// Usage: node --import tsx scripts/dev/graph-vs-golden.ts [name ...]
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { computeRelations } from '../../src/graph/index.js';
import { serializeFunction, serializeFunctionExhaustive } from '../../src/graph/serialize.js';
import { lineStarts } from '../../src/graph/text.js';
import { pythonTokensProvider } from '../../src/graph/tokens.js';
import { compareFunction, formatTally, tally, type FunctionComparison } from '../../test/graph/conformance-harness.js';
import { goldenInputPath, goldenNames, loadGolden, readGoldenInput } from '../../test/helpers/golden.js';
import { oracleTokensOf, oracleTree } from './oracle.js';

const names = process.argv.length > 2 ? process.argv.slice(2) : goldenNames();
const comparisons: FunctionComparison[] = [];
const started = performance.now();
for (const name of names) {
  const golden = loadGolden(name);
  const text = readGoldenInput(name);
  const module = oracleTree(goldenInputPath(name), { pure: true });
  const file = new FileAnalysis(text, module, golden.input);
  file.provide(pythonTokensProvider, oracleTokensOf(goldenInputPath(name), text));
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
