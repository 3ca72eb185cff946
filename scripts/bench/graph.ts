// Graph core throughput over the stdlib of the machine's python3: token chain, AST and token passes, serialiser.
// 'function alone' is the AST and token relations of each function computed alone, then serialised (rewrites).
//   npm run bench -- graph [every=4] [rounds=3]   (every: take every n-th file; 1 = the whole stdlib)
// Parsing is not measured here; files are analysed one at a time, as in a real run. The serialiser is measured per function; the ratio
// of its cost per graph node for functions of the 10% largest files to the 10% smallest files shows
// whether serialising follows the function or the file (it should stay near 1).
import { readFileSync } from 'node:fs';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { functionAlone, originalFunction } from '../../src/graph/function-alone.js';
import { addAstRelations, addFunctionAstRelations } from '../../src/graph/passes/ast.js';
import { addFunctionTokenRelations, addTokenRelations } from '../../src/graph/passes/tokens.js';
import { CodeRelations } from '../../src/graph/relations.js';
import { prepareSerialization, serializeFunction } from '../../src/graph/serialize.js';
import { lineStarts } from '../../src/graph/text.js';
import { pythonTokensProvider, tokenChainProvider } from '../../src/graph/tokens.js';
import { decodeSource } from '../../src/python/decode.js';
import { parseModule } from '../../src/python/index.js';
import { pythonFilesUnder } from '../lib/stdlib.js';

interface Source {
  text: string;
  bytes: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

export function main(args: string[]): void {
  const every = Number(args[0] ?? 4);
  const rounds = Number(args[1] ?? 3);
  const parsed: Source[] = [];
  let skipped = 0;
  pythonFilesUnder().forEach((path, i) => {
    if (i % every !== 0) return;
    const bytes = readFileSync(path);
    try {
      const text = decodeSource(bytes).text;
      parseModule(text);
      parsed.push({ text, bytes: bytes.length });
    } catch {
      skipped++;
    }
  });
  const mb = parsed.reduce((sum, p) => sum + p.bytes, 0) / 1e6;
  console.log(`graph: ${parsed.length} files (${skipped} not parsed, skipped), ${mb.toFixed(1)} MB`);

  const best: Record<string, number> = {};
  let functions = 0;
  let graphNodes = 0;
  let perNode: { bytes: number; seconds: number; aloneSeconds: number; nodes: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const spent: Record<string, number> = { tokenize: 0, 'token chain': 0, 'ast pass': 0, 'token pass': 0, index: 0, serialise: 0, 'function alone': 0 };
    functions = 0;
    graphNodes = 0;
    perNode = [];
    for (const { text, bytes } of parsed) {
      // Parsed again each time (not measured) so that only one file's trees are alive, as in a real run.
      const module = parseModule(text);
      const file = new FileAnalysis(text, module, 'bench.py');
      const relations = new CodeRelations();
      let t = process.cpuUsage();
      file.get(pythonTokensProvider);
      spent['tokenize']! += cpuSeconds(t);
      t = process.cpuUsage();
      file.get(tokenChainProvider);
      spent['token chain']! += cpuSeconds(t);
      t = process.cpuUsage();
      addAstRelations(file, relations);
      spent['ast pass']! += cpuSeconds(t);
      t = process.cpuUsage();
      addTokenRelations(file, relations);
      spent['token pass']! += cpuSeconds(t);
      const source = { text, path: 'bench.py', lineStarts: lineStarts(text) };
      t = process.cpuUsage();
      prepareSerialization(relations);
      spent['index']! += cpuSeconds(t);
      t = process.cpuUsage();
      let nodes = 0;
      for (const fn of findFunctions(module)) {
        nodes += serializeFunction(relations, source, fn.range).graph.nodes.length;
        functions++;
      }
      const seconds = cpuSeconds(t);
      spent['serialise']! += seconds;
      graphNodes += nodes;
      // A rewritten function's structural relations, computed for the function alone.
      t = process.cpuUsage();
      for (const fn of findFunctions(module)) {
        const alone = new CodeRelations();
        const view = functionAlone(originalFunction(file, fn.node));
        addFunctionAstRelations(view, alone);
        addFunctionTokenRelations(view, alone);
        serializeFunction(alone, source, fn.range, [], { kinds: relations.kindNames() });
      }
      const aloneSeconds = cpuSeconds(t);
      spent['function alone']! += aloneSeconds;
      if (nodes > 0) perNode.push({ bytes, seconds, aloneSeconds, nodes });
    }
    for (const [stage, seconds] of Object.entries(spent)) best[stage] = Math.min(best[stage] ?? Infinity, seconds);
  }
  console.log(`best of ${rounds} rounds, CPU seconds (steadier than wall time on a shared machine):`);
  for (const [stage, seconds] of Object.entries(best)) {
    const rate = stage === 'serialise' || stage === 'function alone' ? `${Math.round(functions / seconds)} functions/s, ${(graphNodes / seconds / 1e6).toFixed(2)} M nodes/s` : `${(mb / seconds).toFixed(2)} MB/s`;
    console.log(`  ${stage.padEnd(14)} ${seconds.toFixed(3)} s  ${rate}`);
  }
  perNode.sort((a, b) => a.bytes - b.bytes);
  const tenth = Math.max(1, Math.floor(perNode.length / 10));
  const cost = (files: typeof perNode, pick: (f: (typeof perNode)[number]) => number) =>
    files.reduce((s, f) => s + pick(f), 0) / files.reduce((s, f) => s + f.nodes, 0);
  for (const [what, pick] of [
    ['serialise', (f: (typeof perNode)[number]) => f.seconds],
    ['function alone', (f: (typeof perNode)[number]) => f.aloneSeconds],
  ] as const) {
    const ratio = cost(perNode.slice(-tenth), pick) / cost(perNode.slice(0, tenth), pick);
    console.log(`${what}: cost per graph node, 10% largest / 10% smallest files: ${ratio.toFixed(2)} (last round)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
