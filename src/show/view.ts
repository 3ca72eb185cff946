/**
 * What `bugmine show` displays of one sample, worked out once for both the terminal and the HTML
 * view: the function's name and lines, each candidate rewrite with the text it replaces, the bug
 * (the target candidate) as a span of the function text, the fixed text, and the graph's nodes and
 * edges counted by kind. Everything here comes from an untrusted sample: positions that fall outside
 * the text are reported as such, never trusted.
 */
import { fixedFunctionText } from '../export/fixed-text.js';
import { MalformedSampleError, type Range, type Sample, type SampleGraph, tokenNodes } from '../export/sample.js';
import { canonicalText } from '../rewrite/canonical.js';
import { argSwap, codeRange, replaceText } from '../rewrite/ops.js';

/** A node of the syntax tree (not a token), a token (in the `NextToken` chain) or a value node (outside the tree). */
export type NodeKind = 'syntax' | 'token' | 'value';

/** A span of the function text in code points, `[start, end)`. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

export interface CandidateView {
  readonly index: number;
  readonly scout: string;
  /** The canonical text form (`ReplaceText(target='+' @(41,30)->(41,31))`), or op and data as JSON when it is neither op. */
  readonly description: string;
  readonly range: Range;
  /** Where the range lies in the function text; null when it lies outside. */
  readonly span: TextSpan | null;
  /** The replacement text of a `ReplaceText`, null for other ops. */
  readonly replacement: string | null;
  readonly referenceNode: number;
  readonly isTarget: boolean;
}

/** The function text and where it starts in its file: what file positions are converted with. */
export interface TextPositions {
  /** The function text as code points (columns count code points). */
  readonly codePoints: readonly string[];
  /** Code point offset of the start of each line of the text. */
  readonly lineStarts: readonly number[];
  /** The file position of the first code point (`graph.code_range` start). */
  readonly firstLine: number;
  readonly firstColumn: number;
}

export interface SampleView extends TextPositions {
  readonly file: string;
  /** 0-based position of the sample in its file. */
  readonly index: number;
  readonly sample: Sample;
  /** The function's name (the `name` child of the root of the syntax tree), or null when the graph has none. */
  readonly functionName: string | null;
  readonly candidates: readonly CandidateView[];
  readonly target: CandidateView | null;
  /** The function with the fix applied (null without bug, or when it cannot be applied: see `fixProblem`). */
  readonly fixedText: string | null;
  readonly fixProblem: string | null;
  readonly nodeKinds: readonly NodeKind[];
  readonly nodeCounts: Readonly<Record<NodeKind, number>>;
  /** Every edge kind of the sample in its stored order, with its number of edges. */
  readonly edgeCounts: readonly (readonly [string, number])[];
}

function describeCandidate(op: string, data: unknown, range: Range): string {
  const [[startLine, startColumn], [endLine, endColumn]] = range;
  const where = codeRange(startLine, startColumn, endLine, endColumn);
  if (op === 'ReplaceText' && typeof data === 'string') return canonicalText(replaceText(where, data));
  if (op === 'ArgSwap' && Array.isArray(data) && data.length === 2 && data.every((i) => Number.isSafeInteger(i))) {
    return canonicalText(argSwap(where, data[0] as number, data[1] as number));
  }
  let shown: string;
  try {
    shown = JSON.stringify(data) ?? String(data);
  } catch {
    shown = String(data);
  }
  return `${op}(${shown})`;
}

function lineStartsOf(codePoints: readonly string[]): number[] {
  const starts = [0];
  codePoints.forEach((c, i) => {
    if (c === '\n') starts.push(i + 1);
  });
  return starts;
}

/** The code point offset of file position (line, column) in the function text, or null outside it. */
export function textOffset(view: TextPositions, line: number, column: number): number | null {
  const lineIndex = line - view.firstLine;
  if (lineIndex < 0 || lineIndex >= view.lineStarts.length) return null;
  const columnInText = lineIndex === 0 ? column - view.firstColumn : column;
  const start = view.lineStarts[lineIndex]!;
  const end = lineIndex + 1 < view.lineStarts.length ? view.lineStarts[lineIndex + 1]! - 1 : view.codePoints.length;
  if (columnInText < 0 || start + columnInText > end) return null;
  return start + columnInText;
}

/**
 * The name of the function: the `name` child of the `FunctionDef` nearest the root of the syntax
 * tree (a method's tree starts at its class body, an `IndentedBlock`).
 */
export function functionNameOf(graph: SampleGraph): string | null {
  const children = new Map<number, [number, string | undefined][]>();
  const hasParent = new Set<number>();
  for (const [from, to, label] of graph.edges['Child'] ?? []) {
    let list = children.get(from);
    if (list === undefined) children.set(from, (list = []));
    list.push([to, label]);
    hasParent.add(to);
  }
  const roots = [...children.keys()].filter((node) => !hasParent.has(node));
  const seen = new Set<number>(roots);
  for (let queue = roots, next: number[] = []; queue.length > 0; queue = next, next = []) {
    for (const node of queue) {
      const kids = children.get(node) ?? [];
      const name = graph.nodes[node] === 'FunctionDef' ? kids.find(([, label]) => label === 'name') : undefined;
      if (name !== undefined) return graph.nodes[name[0]]!;
      for (const [kid] of kids) {
        if (seen.has(kid)) continue;
        seen.add(kid);
        next.push(kid);
      }
    }
  }
  return null;
}

function classifyNodes(graph: SampleGraph): NodeKind[] {
  let tokens: Set<number>;
  try {
    tokens = new Set(tokenNodes(graph));
  } catch (err) {
    if (!(err instanceof MalformedSampleError)) throw err;
    tokens = new Set((graph.edges['NextToken'] ?? []).flatMap((edge) => [edge[0], edge[1]]));
  }
  const inTree = new Set((graph.edges['Child'] ?? []).flatMap((edge) => [edge[0], edge[1]]));
  return graph.nodes.map((_, node) => (tokens.has(node) ? 'token' : inTree.has(node) ? 'syntax' : 'value'));
}

/** The view of `sample`, read as sample `index` of `file`. */
export function sampleView(file: string, index: number, sample: Sample): SampleView {
  const graph = sample.graph;
  const codePoints = Array.from(graph.text);
  const lineStarts = lineStartsOf(codePoints);
  const [[firstLine, firstColumn]] = graph.code_range;
  const positions: TextPositions = { lineStarts, firstLine, codePoints, firstColumn };
  const candidates = sample.candidate_rewrites.map(([op, data], i): CandidateView => {
    const range = sample.candidate_rewrite_ranges[i]!;
    const start = textOffset(positions, range[0][0], range[0][1]);
    const end = textOffset(positions, range[1][0], range[1][1]);
    return {
      index: i,
      scout: sample.candidate_rewrite_metadata[i]![0],
      description: describeCandidate(op, data, range),
      range,
      span: start !== null && end !== null && start <= end ? { start, end } : null,
      replacement: op === 'ReplaceText' && typeof data === 'string' ? data : null,
      referenceNode: graph.reference_nodes[i]!,
      isTarget: i === sample.target_fix_action_idx,
    };
  });
  let fixedText: string | null = null;
  let fixProblem: string | null = null;
  try {
    fixedText = fixedFunctionText(sample);
  } catch (err) {
    if (!(err instanceof MalformedSampleError)) throw err;
    fixProblem = err.message;
  }
  const nodeKinds = classifyNodes(graph);
  const nodeCounts: Record<NodeKind, number> = { syntax: 0, token: 0, value: 0 };
  for (const kind of nodeKinds) nodeCounts[kind]++;
  return {
    file,
    index,
    sample,
    functionName: functionNameOf(graph),
    ...positions,
    candidates,
    target: sample.target_fix_action_idx === null ? null : candidates[sample.target_fix_action_idx]!,
    fixedText,
    fixProblem,
    nodeKinds,
    nodeCounts,
    edgeCounts: Object.entries(graph.edges).map(([kind, edges]) => [kind, edges.length] as const),
  };
}

/** The text of `span` of the function. */
export function spanText(view: SampleView, span: TextSpan): string {
  return view.codePoints.slice(span.start, span.end).join('');
}

/** A line of the function text: its number in the file, the code point offset where it starts, its text. */
export interface NumberedLine {
  readonly line: number;
  readonly start: number;
  readonly text: string;
}

/** The function text's lines, each with its line number in the file. */
export function numberedLines(view: SampleView): NumberedLine[] {
  return view.lineStarts.map((start, i) => {
    const end = i + 1 < view.lineStarts.length ? view.lineStarts[i + 1]! - 1 : view.codePoints.length;
    return { line: view.firstLine + i, start, text: view.codePoints.slice(start, end).join('') };
  });
}

/**
 * Where the fix changed the text: the span of `fixed` (in code points) between the longest common
 * prefix and suffix of the two texts. Empty when the fix only deletes.
 */
export function changedSpan(before: string, fixed: string): TextSpan {
  const a = Array.from(before);
  const b = Array.from(fixed);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { start: prefix, end: b.length - suffix };
}
