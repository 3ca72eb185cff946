// DEV ONLY: runs the AST, token, control-flow and data-flow passes on LibCST's own trees and Python's
// own tokens (the dev oracles) and compares the control-flow and data-flow edges of every golden
// function with BugLab's, exactly (node numbering and edge order included), per relation kind.
// Usage: node --import tsx scripts/dev/flow-vs-golden.ts [name ...]   (VERBOSE=1 shows differences)
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { computeRelations, RELATION_PASSES } from '../../src/graph/index.js';
import { serializeFunction } from '../../src/graph/serialize.js';
import { lineStarts } from '../../src/graph/text.js';
import { pythonTokensProvider } from '../../src/graph/tokens.js';
import { goldenInputPath, goldenNames, loadGolden, readGoldenInput } from '../../test/helpers/golden.js';
import { oracleTokensOf, oracleTree } from './oracle.js';

const FLOW_KINDS = [
  'ControlFlowNext',
  'AssignedFrom',
  'ReturnsFrom',
  'YieldsFrom',
  'OccurrenceOf',
  'NextMayUse',
  'LastMayWrite',
  'MayFinalUseOf',
] as const;

const PASSES = RELATION_PASSES.filter((pass) => pass.name !== 'call-and-type');

/** Edges as labelled pairs, sorted: equal when the edges agree up to node numbering. */
function labelled(edges: readonly (readonly unknown[])[], nodes: readonly string[]): string {
  return JSON.stringify(edges.map((e) => `${nodes[e[0] as number]}->${nodes[e[1] as number]}`).sort());
}

const names = process.argv.length > 2 ? process.argv.slice(2) : goldenNames();
const exact = new Map<string, number>(FLOW_KINDS.map((k) => [k, 0]));
const modulo = new Map<string, number>(FLOW_KINDS.map((k) => [k, 0]));
let functions = 0;
let allExact = 0;
let flowMs = 0;
for (const name of names) {
  const golden = loadGolden(name);
  const text = readGoldenInput(name);
  const module = oracleTree(goldenInputPath(name), { pure: true });
  const file = new FileAnalysis(text, module, golden.input);
  file.provide(pythonTokensProvider, oracleTokensOf(goldenInputPath(name), text));
  const { relations, errors } = computeRelations(file, PASSES);
  if (errors.length > 0) console.log(name, 'pass errors', errors);
  const timing = new FileAnalysis(text, module, golden.input);
  const started = performance.now();
  computeRelations(timing, PASSES.slice(2));
  flowMs += performance.now() - started;
  const found = findFunctions(module);
  const starts = lineStarts(text);
  for (const fn of golden.functions) {
    functions++;
    const ours = found[fn.function_index];
    if (ours === undefined) continue;
    const { graph } = serializeFunction(relations, { text, path: golden.input, lineStarts: starts }, ours.range);
    const want = fn.sample.graph;
    let all = true;
    for (const kind of FLOW_KINDS) {
      const ge = graph.edges[kind] ?? [];
      const we = want.edges[kind] ?? [];
      if (JSON.stringify(ge) === JSON.stringify(we)) exact.set(kind, exact.get(kind)! + 1);
      else all = false;
      const sameModulo = labelled(ge, graph.nodes) === labelled(we, want.nodes);
      if (sameModulo) modulo.set(kind, modulo.get(kind)! + 1);
      if (process.env['VERBOSE'] && (!sameModulo || JSON.stringify(ge) !== JSON.stringify(we))) {
        const i = ge.findIndex((e, k) => JSON.stringify(e) !== JSON.stringify(we[k]));
        console.log(`${name} #${fn.function_index} ${fn.function_name} ${kind}${sameModulo ? ' (same modulo numbering)' : ''}: first diff at ${i}`);
        console.log('   ours  ', ge.slice(Math.max(0, i), i + 3).map((e) => `${e[0]}:${graph.nodes[e[0]]}->${e[1]}:${graph.nodes[e[1]]}`), ge.length);
        console.log('   golden', we.slice(Math.max(0, i), i + 3).map((e) => `${e[0]}:${want.nodes[e[0]]}->${e[1]}:${want.nodes[e[1]]}`), we.length);
      }
    }
    if (all) allExact++;
  }
}
const pct = (n: number): string => `${((100 * n) / functions).toFixed(1)}%`;
console.log(`functions: ${functions}; identical on all flow kinds: ${allExact} (${pct(allExact)})`);
for (const kind of FLOW_KINDS) {
  console.log(`  ${kind.padEnd(16)} exact ${exact.get(kind)}/${functions} (${pct(exact.get(kind)!)})  modulo numbering ${modulo.get(kind)}/${functions}`);
}
console.log(`control+data flow passes (scopes included): ${flowMs.toFixed(0)} ms for ${names.length} files`);
