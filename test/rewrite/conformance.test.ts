/**
 * Conformance of the scouts and rewrite operations with BugLab's golden data, end to end on bugmine's
 * own parser: for every golden function the canonical texts (both scout configurations), ranges,
 * anchors (`reference_nodes`) and metadata equal the golden lists, and every golden rewrite gives
 * the golden text and inverse.
 */
import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import type { CstNode } from '../../src/python/cst.js';
import { applyOp } from '../../src/rewrite/apply.js';
import { canonicalText, parseCanonicalOp } from '../../src/rewrite/canonical.js';
import { candidatesInRange, collectCandidates, collectFunctionCandidates } from '../../src/rewrite/collect.js';
import { findFunctions } from '../../src/graph/functions.js';
import { computeRelations } from '../../src/graph/index.js';
import { serializeFunction } from '../../src/graph/serialize.js';
import { lineStarts } from '../../src/graph/text.js';
import { pythonTokensProvider } from '../../src/graph/tokens.js';
import { tokenize } from '../../src/python/tokenize.js';
import { codeRange, rangeData } from '../../src/rewrite/ops.js';
import { applyGoldenHunks, goldenNames, loadGolden, readGoldenInput } from '../helpers/golden.js';
import { parseModule } from '../../src/python/index.js';

interface Row {
  functions: number;
  identical: number;
}

function formatTable(rows: Map<string, Row>): string {
  return [...rows].map(([part, r]) => `${part.padEnd(34)} ${String(r.identical).padStart(4)} / ${r.functions}`).join('\n');
}

describe('scouts and rewrites against the golden data', () => {
  it('gives every golden function its candidate lists and every golden rewrite its text and inverse', () => {
    const rows = new Map<string, Row>();
    const record = (part: string, same: boolean): void => {
      const row = rows.get(part) ?? { functions: 0, identical: 0 };
      row.functions++;
      if (same) row.identical++;
      rows.set(part, row);
    };
    const failures: string[] = [];
    for (const name of goldenNames()) {
      const golden = loadGolden(name);
      const text = readGoldenInput(name);
      let module: CstNode;
      try {
        module = parseModule(text);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
        continue;
      }
      const file = new FileAnalysis(text, module, golden.input);
      const all = collectCandidates(file);
      const reduced = collectCandidates(file, { easyOperatorsOff: true });
      record('file candidate counts', all.length === golden.num_candidate_ops_in_file && reduced.length === golden.num_candidate_ops_in_file_with_disabled_ops);
      if (all.length !== golden.num_candidate_ops_in_file) failures.push(`${name}: ${all.length} candidates in the file, golden ${golden.num_candidate_ops_in_file}`);
      if (reduced.length !== golden.num_candidate_ops_in_file_with_disabled_ops) failures.push(`${name}: ${reduced.length} reduced candidates in the file`);
      const found = findFunctions(module);
      // Anchors and metadata are node indices: they need the graph core's relations and numbering.
      file.provide(pythonTokensProvider, tokenize(text));
      const { relations } = computeRelations(file);
      const source = { text, path: golden.input, lineStarts: lineStarts(text) };
      for (const fn of golden.functions) {
        const [[l1, c1], [l2, c2]] = fn.code_range;
        const range = codeRange(l1, c1, l2, c2);
        const mine = candidatesInRange(all, range);
        const same = (part: string, a: unknown, b: unknown): void => {
          const equal = JSON.stringify(a) === JSON.stringify(b);
          record(part, equal);
          if (!equal) failures.push(`${name} ${fn.function_name}: ${part}`);
        };
        same('op_reprs', mine.map((c) => canonicalText(c.op)), fn.op_reprs);
        const own = found[fn.function_index] === undefined ? [] : collectFunctionCandidates(file, found[fn.function_index]!.node);
        same('function walk = module walk', own.map((c) => [canonicalText(c.op), c.scout, c.metadata]), mine.map((c) => [canonicalText(c.op), c.scout, c.metadata]));
        same('op_reprs_with_disabled_ops', candidatesInRange(reduced, range).map((c) => canonicalText(c.op)), fn.op_reprs_with_disabled_ops);
        same('candidate_rewrite_ranges', mine.map((c) => rangeData(c.op)), fn.sample.candidate_rewrite_ranges);
        const { graph, nodeIndex } = serializeFunction(relations, source, range, mine.map((c) => c.anchor));
        same('reference_nodes', graph.reference_nodes, fn.sample.graph.reference_nodes);
        same(
          'candidate_rewrite_metadata',
          mine.map((c) => [c.scout, c.metadata === null ? null : (nodeIndex.get(c.metadata) ?? `no value node ${c.metadata}`)]),
          fn.sample.candidate_rewrite_metadata,
        );
        same(
          'rewrites',
          fn.rewrites.map((rewrite) => {
            const applied = applyOp(text, parseCanonicalOp(rewrite.op_repr), module);
            return [applied.text === applyGoldenHunks(text, rewrite.rewritten_text_hunks), canonicalText(applied.revert)];
          }),
          fn.rewrites.map((rewrite) => [true, rewrite.revert_op_repr]),
        );
      }
    }
    if (failures.length > 0) console.log(`${formatTable(rows)}\n${failures.slice(0, 40).join('\n')}`);
    expect(failures).toEqual([]);
    expect(rows.get('op_reprs')?.functions).toBe(543);
  });
});
