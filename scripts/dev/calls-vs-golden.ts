// DEV ONLY: precision/recall of the call pass against BugLab's golden call edges.
//
//   npx tsx scripts/dev/calls-vs-golden.ts [--verbose] [--oracle] [--files a.json,b.json]
//
// Trees come from bugmine's parser, or with --oracle from LibCST via the dev oracle.
//
// Matching key of an edge: (kind, source node range, value) — see calls-golden.ts. Only call sites
// inside the golden functions' ranges count (files truncated to 24 functions).
import { join } from 'node:path';
import type { CstNode } from '../../src/python/cst.js';
import { CallResolver } from '../../src/graph/calls/resolver.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import { formatScores, scoreCalls } from './calls-golden.js';
import { readFileSync } from 'node:fs';
import { parseModule } from '../../src/python/index.js';
import { oracleTree } from './oracle.js';

export function oracleParse(path: string, pure = false): CstNode {
  const tree = oracleTree(path, { pure });
  return tree;
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
