// DEV ONLY: compares bugmine's rewrite scouts, canonical text and rewrite application with the golden
// conformance data, per scout, on LibCST's own trees (oracle) or — with --ours — on bugmine's parser.
// Usage: npx tsx scripts/dev/scouts-vs-golden.ts [--ours] [--verbose] [name ...]
import { FileAnalysis } from '../../src/graph/analysis.js';
import { computeRelations } from '../../src/graph/index.js';
import { serializeFunction } from '../../src/graph/serialize.js';
import { lineStarts } from '../../src/graph/text.js';
import { pythonTokensProvider } from '../../src/graph/tokens.js';
import { tokenize } from '../../src/python/tokenize.js';
import type { CodeRange, CstNode } from '../../src/python/cst.js';
import { applyOp } from '../../src/rewrite/apply.js';
import { canonicalText, parseCanonicalOp } from '../../src/rewrite/canonical.js';
import { candidatesInRange, collectCandidates, collectFunctionCandidates } from '../../src/rewrite/collect.js';
import { findFunctions } from '../../src/graph/functions.js';
import { rangeData } from '../../src/rewrite/ops.js';
import { applyGoldenHunks, goldenInputPath, goldenNames, loadGolden, readGoldenInput } from '../../test/helpers/golden.js';
import { oracleTokensOf, oracleTree } from './oracle.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const ours = args.includes('--ours');
const names = args.filter((a) => !a.startsWith('--'));

async function parse(name: string, text: string): Promise<CstNode> {
  if (!ours) return oracleTree(goldenInputPath(name), { pure: true });
  const python = (await import('../../src/python/index.js')) as unknown as { parseModule(text: string): CstNode };
  return python.parseModule(text);
}

function toRange(r: [[number, number], [number, number]]): CodeRange {
  return { start: { line: r[0][0], column: r[0][1] }, end: { line: r[1][0], column: r[1][1] } };
}

interface Tally { functions: number; matched: number; candidates: number; missing: number; extra: number }
const tally = new Map<string, Tally>();
function count(key: string, golden: string[], mine: string[]): boolean {
  let t = tally.get(key);
  if (t === undefined) tally.set(key, (t = { functions: 0, matched: 0, candidates: 0, missing: 0, extra: 0 }));
  const same = golden.length === mine.length && golden.every((g, k) => g === mine[k]);
  t.functions++;
  t.candidates += golden.length;
  if (same) t.matched++;
  const mineSet = new Set(mine);
  const goldenSet = new Set(golden);
  t.missing += golden.filter((g) => !mineSet.has(g)).length;
  t.extra += mine.filter((m) => !goldenSet.has(m)).length;
  return same;
}

let rewritesTotal = 0;
let rewritesOk = 0;
for (const name of names.length > 0 ? names : goldenNames()) {
  const golden = loadGolden(name);
  const text = readGoldenInput(name);
  const module = await parse(name, text);
  const file = new FileAnalysis(text, module, golden.input);
  const all = collectCandidates(file);
  file.provide(pythonTokensProvider, ours ? tokenize(text) : oracleTokensOf(goldenInputPath(name), text));
  const { relations } = computeRelations(file);
  const starts = lineStarts(text);
  const reduced = collectCandidates(file, { easyOperatorsOff: true });
  count('FILE num_candidate_ops_in_file', [String(golden.num_candidate_ops_in_file)], [String(all.length)]);
  count('FILE num_candidate_ops_in_file_with_disabled_ops', [String(golden.num_candidate_ops_in_file_with_disabled_ops)], [String(reduced.length)]);
  const found = findFunctions(module);
  for (const fn of golden.functions) {
    const range = toRange(fn.code_range);
    const mineAll = candidatesInRange(all, range);
    const own = collectFunctionCandidates(file, found[fn.function_index]!.node);
    count('FUNCTION walk = module walk filtered', mineAll.map((c) => canonicalText(c.op) + c.scout), own.map((c) => canonicalText(c.op) + c.scout));
    const mineReduced = candidatesInRange(reduced, range);
    const scoutsAll = fn.sample.candidate_rewrite_metadata.map((m) => m[0]);
    const scoutsReduced = fn.disabled_variant_op_indices.map((k) => scoutsAll[k]!);
    const scoutNames = new Set([...scoutsAll, ...mineAll.map((c) => c.scout)]);
    const implemented = new Set(mineAll.map((c) => c.scout));
    for (const scout of scoutNames) {
      const g = fn.op_reprs.filter((_, k) => scoutsAll[k] === scout);
      const m = mineAll.filter((c) => c.scout === scout).map((c) => canonicalText(c.op));
      if (!count(scout, g, m) && verbose) {
        console.log(`${name} ${fn.function_name} ${scout}:\n  golden ${JSON.stringify(g.filter((x) => !m.includes(x)))}\n  mine   ${JSON.stringify(m.filter((x) => !g.includes(x)))}`);
      }
      const gr = fn.op_reprs_with_disabled_ops.filter((_, k) => scoutsReduced[k] === scout);
      const mr = mineReduced.filter((c) => c.scout === scout).map((c) => canonicalText(c.op));
      count(`${scout} (easy ops off)`, gr, mr);
    }
    count('ALL op_reprs', fn.op_reprs, mineAll.map((c) => canonicalText(c.op)));
    count('ALL op_reprs_with_disabled_ops', fn.op_reprs_with_disabled_ops, mineReduced.map((c) => canonicalText(c.op)));
    count('ALL ranges', fn.sample.candidate_rewrite_ranges.map((r) => JSON.stringify(r)), mineAll.map((c) => JSON.stringify(rangeData(c.op))));
    count('ALL scout names', scoutsAll, mineAll.map((c) => c.scout));
    void implemented;
    // Anchors and metadata need the graph core's numbering.
    const { graph, nodeIndex } = serializeFunction(relations, { text, path: golden.input, lineStarts: starts }, range, mineAll.map((c) => c.anchor));
    count('ALL reference_nodes', fn.sample.graph.reference_nodes.map(String), graph.reference_nodes.map(String));
    count(
      'ALL metadata (value-node index)',
      fn.sample.candidate_rewrite_metadata.map((m) => JSON.stringify(m)),
      mineAll.map((c) => JSON.stringify([c.scout, c.metadata === null ? null : (nodeIndex.get(c.metadata) ?? `missing ${c.metadata}`)])),
    );
    for (const rewrite of fn.rewrites) {
      rewritesTotal++;
      const op = parseCanonicalOp(rewrite.op_repr);
      try {
        const applied = applyOp(text, op, module);
        const ok = applied.text === applyGoldenHunks(text, rewrite.rewritten_text_hunks) && canonicalText(applied.revert) === rewrite.revert_op_repr;
        if (ok) rewritesOk++;
        else if (verbose) console.log(`${name} rewrite ${rewrite.op_repr} differs`);
      } catch (error) {
        if (verbose) console.log(`${name} rewrite ${rewrite.op_repr} failed: ${(error as Error).message}`);
      }
    }
  }
}

console.log('key'.padEnd(48), 'functions', 'matched', 'candidates', 'missing', 'extra');
for (const [key, t] of [...tally].sort()) {
  console.log(key.padEnd(48), String(t.functions).padStart(9), String(t.matched).padStart(7), String(t.candidates).padStart(10), String(t.missing).padStart(7), String(t.extra).padStart(5));
}
console.log(`rewrites: ${rewritesOk}/${rewritesTotal} give the golden text and revert`);
