// Positions against BugLab's golden data (produced with LibCST's PositionProvider on the same inputs):
// function ranges and texts, and every candidate rewrite range, which BugLab took from the range of
// a node (a name, a literal, an operator, a called expression) or built from the ranges of the
// whitespace around `=`.
import { describe, expect, it } from 'vitest';
import type { CodeRange, CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/parser/index.js';
import { children, findAll, rangeOf, walk } from '../../src/python/visit.js';
import { goldenNames, loadGolden, readGoldenInput, type GoldenRange } from '../helpers/golden.js';

function key(range: CodeRange): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

function goldenKey([[l1, c1], [l2, c2]]: GoldenRange): string {
  return `${l1}:${c1}-${l2}:${c2}`;
}

/** BugLab's function finder: every FunctionDef not inside another function, in document order. */
function outermostFunctions(root: CstNode): CstNode[] {
  return findAll(root, 'FunctionDef', { descend: false });
}

/** The text between two positions (lines from 1, columns in code points). */
function slice(text: string, range: CodeRange): string {
  const lines = text.split(/(?<=\n)/);
  const start = offset(lines, range.start.line, range.start.column);
  const end = offset(lines, range.end.line, range.end.column);
  return text.slice(start, end);
}

function offset(lines: string[], line: number, column: number): number {
  let base = 0;
  for (let i = 0; i < line - 1; i++) base += lines[i]!.length;
  const codePoints = Array.from(lines[line - 1] ?? '');
  return base + codePoints.slice(0, column).join('').length;
}

/** Node types found at each range of the tree (whitespace nodes included). */
function rangeIndex(root: CstNode): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  walk(root, {
    enter(node) {
      const k = key(rangeOf(node));
      let types = index.get(k);
      if (types === undefined) index.set(k, (types = new Set()));
      types.add(node.type);
    },
  });
  return index;
}

const COMPARISON_WORDS = new Set(['In', 'NotIn', 'Is', 'IsNot']);
const OPERAND_NODES = ['Name', 'Call', 'UnaryOperation', 'Attribute', 'Comparison', 'BooleanOperation', 'Subscript'];

/** Ranges BugLab built around the `=` of single-target assignments: from the end of the whitespace before it to the start of the whitespace after. */
function assignEqualRanges(root: CstNode): Set<string> {
  const out = new Set<string>();
  for (const target of findAll(root, 'AssignTarget')) {
    const before = rangeOf(target['whitespace_before_equal'] as CstNode);
    const after = rangeOf(target['whitespace_after_equal'] as CstNode);
    out.add(key({ start: before.end, end: after.start }));
  }
  return out;
}

function widened(range: GoldenRange): string {
  const [[l1, c1], [l2, c2]] = range;
  return `${l1}:${c1 + 1}-${l2}:${c2 - 1}`;
}

/** Whether BugLab's candidate range is where our tree puts the node the scout anchored it at. */
function explains(scout: string, range: GoldenRange, index: Map<string, Set<string>>, equals: Set<string>, starts: Set<string>): boolean {
  const types = index.get(goldenKey(range)) ?? new Set<string>();
  switch (scout) {
    case 'VariableMisuseRewriteScout':
      return types.has('Name');
    case 'LiteralRewriteScout':
      return types.has('Integer') || types.has('UnaryOperation') || types.has('Name');
    case 'ArgSwapRewriteScout':
      return types.size > 0;
    case 'BinaryOperatorRewriteScout':
      return [...types].some((t) => t !== 'SimpleWhitespace');
    case 'ComparisonOperatorRewriteScout':
      return types.size > 0 || [...(index.get(widened(range)) ?? [])].some((t) => COMPARISON_WORDS.has(t));
    case 'AssignRewriteScout':
      return types.has('AddAssign') || [...types].some((t) => t.endsWith('Assign')) || equals.has(goldenKey(range));
    case 'BooleanOperatorRewriteScout': {
      if (types.has('And') || types.has('Or')) return true;
      const [[l1, c1], [l2, c2]] = range;
      // Insert `not ` at an operand's start (zero width), or remove the 4 characters of `not `.
      if (l1 === l2 && c1 === c2) return starts.has(`${l1}:${c1}`);
      return l1 === l2 && c2 - c1 === 4 && starts.has(`${l1}:${c1}`);
    }
    default:
      return false;
  }
}

describe('positions agree with the golden data', () => {
  const names = goldenNames();

  it('has golden files', () => {
    expect(names.length).toBeGreaterThan(40);
  });

  it.each(names)('%s', (name) => {
    const golden = loadGolden(name);
    const text = readGoldenInput(name);
    const module = parseModule(text, { whitespacePositions: true });
    const functions = outermostFunctions(module);

    // Function ranges: start at def/async, end at the last token of the body; text is that slice.
    const ours = functions.slice(0, golden.functions.length);
    expect(ours.map((f) => key(rangeOf(f)))).toEqual(golden.functions.map((f) => goldenKey(f.code_range)));
    expect(ours.map((f) => slice(text, rangeOf(f)))).toEqual(golden.functions.map((f) => f.sample.graph.text));

    // Candidate rewrite ranges are node ranges (or the `=` between two whitespace ranges).
    const index = rangeIndex(module);
    const equals = assignEqualRanges(module);
    const starts = new Set<string>();
    for (const type of OPERAND_NODES) for (const n of findAll(module, type)) starts.add(`${rangeOf(n).start.line}:${rangeOf(n).start.column}`);
    const unexplained: string[] = [];
    let checked = 0;
    for (const fn of golden.functions) {
      const sample = fn.sample;
      sample.candidate_rewrite_ranges.forEach((range, k) => {
        const scout = sample.candidate_rewrite_metadata[k]![0];
        checked++;
        if (!explains(scout, range, index, equals, starts)) unexplained.push(`${scout} ${fn.op_reprs[k]}`);
      });
    }
    expect(unexplained).toEqual([]);
    if (golden.functions.some((f) => f.sample.candidate_rewrite_ranges.length > 0)) expect(checked).toBeGreaterThan(0);
  });

  it('visits children of FunctionDefs in LibCST order (body last)', () => {
    const name = names[0]!;
    const fn = outermostFunctions(parseModule(readGoldenInput(name)))[0]!;
    const fields = children(fn).map(([field]) => field);
    expect(fields[fields.length - 1]).toBe('body');
    expect(fields.indexOf('name')).toBeLessThan(fields.indexOf('params'));
  });
});
