/**
 * The token chain of a file as BugLab's token pass builds it: Python's tokens minus ENCODING,
 * NEWLINE, NL, ENDMARKER and ERRORTOKEN (comments kept, INDENT/DEDENT as `<INDENT>`/`<DEDENT>`),
 * keyed by (start, end) so coinciding DEDENTs count once; then, in post-order over the CST, each
 * non-whitespace node claims the unclaimed tokens inside its range. A node that claims exactly one
 * token with exactly its own range stands for it; otherwise every claimed token becomes a
 * `TokenNode` child of the claiming node.
 *
 * Claiming runs in O((nodes + tokens) log tokens): a binary search for the first token at or after
 * the node's start, then a skip list over the tokens still unclaimed.
 */
import type { CodeRange, CstNode } from '../python/cst.js';
import type { Token } from '../python/token.js';
import { tokenize } from '../python/tokenize.js';
import type { Provider } from './analysis.js';
import type { GraphNode, TokenNode } from './relations.js';
import { childPlan, isNodeValue } from '../python/visit.js';

/** (line, column) as one comparable number; columns stay far below 2^22 in any real file. */
const LINE_FACTOR = 4_194_304;
export function positionKey(line: number, column: number): number {
  return line * LINE_FACTOR + column;
}

export interface TokenChain {
  /** Start and end keys (`positionKey`) of the kept tokens, in file order. */
  readonly startKeys: Float64Array;
  readonly endKeys: Float64Array;
  /** The graph node standing for each kept token: its CST node or a `TokenNode` (undefined: unclaimed). */
  readonly nodes: readonly (GraphNode | undefined)[];
  /** Tokens that no node's range covers (`label@line:column`); BugLab's token pass fails on them. */
  readonly unclaimed: readonly string[];
  /** Claiming nodes with the token nodes they got, in the post-order in which they claimed them. */
  readonly claims: readonly (readonly [claimer: CstNode, tokenNodes: readonly TokenNode[]])[];
}

const DROPPED_KINDS = new Set(['NEWLINE', 'NL', 'ENDMARKER', 'ERRORTOKEN']);

interface KeptToken {
  label: string;
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

/** The kept tokens, optionally only those inside [lo, hi] (position keys). */
function keptTokens(tokens: readonly Token[], lo = -Infinity, hi = Infinity): KeptToken[] {
  const kept: KeptToken[] = [];
  let lastStart = -1;
  let lastEnd = -1;
  let first = 0;
  if (lo > -Infinity) {
    let high = tokens.length;
    while (first < high) {
      const mid = (first + high) >>> 1;
      const t = tokens[mid]!;
      if (positionKey(t.startLine, t.startCol) < lo) first = mid + 1;
      else high = mid;
    }
  }
  for (let i = first; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (DROPPED_KINDS.has(token.kind)) continue;
    const start = positionKey(token.startLine, token.startCol);
    if (start > hi) break;
    const end = positionKey(token.endLine, token.endCol);
    if (end > hi) continue;
    // Tokens come in position order, so a (start, end) key can only repeat right away (DEDENTs).
    if (start === lastStart && end === lastEnd) continue;
    lastStart = start;
    lastEnd = end;
    const label = token.kind === 'INDENT' ? '<INDENT>' : token.kind === 'DEDENT' ? '<DEDENT>' : token.text;
    kept.push({ label, startLine: token.startLine, startCol: token.startCol, endLine: token.endLine, endCol: token.endCol });
  }
  return kept;
}

function tokenRange(token: KeptToken): CodeRange {
  return { start: { line: token.startLine, column: token.startCol }, end: { line: token.endLine, column: token.endCol } };
}

/** The token chain of a whole file (`module` is its Module node). */
export function buildTokenChain(module: CstNode, tokens: readonly Token[]): TokenChain {
  return claimTokens(module, keptTokens(tokens));
}

/**
 * The part of the file's token chain inside one function: its tokens claimed by the nodes of its
 * subtree. Equal to the whole-file chain restricted to the function's range, because no node outside
 * the subtree can claim a token inside it first (post-order visits the subtree before its ancestors,
 * and earlier nodes end before the function starts).
 */
export function buildFunctionTokenChain(functionDef: CstNode, tokens: readonly Token[]): TokenChain {
  const range = functionDef.range;
  if (range === undefined) throw new Error('FunctionDef without a range');
  return claimTokens(functionDef, keptTokens(tokens, positionKey(range.start.line, range.start.column), positionKey(range.end.line, range.end.column)));
}

function claimTokens(root: CstNode, kept: readonly KeptToken[]): TokenChain {
  const count = kept.length;
  const startKeys = new Float64Array(count);
  const endKeys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = kept[i]!;
    startKeys[i] = positionKey(t.startLine, t.startCol);
    endKeys[i] = positionKey(t.endLine, t.endCol);
  }
  const nodes: (GraphNode | undefined)[] = new Array(count);
  const claims: [CstNode, TokenNode[]][] = [];
  // nextFree[i]: the first unclaimed token at or after i (path-compressed skip list; count = none).
  const nextFree = new Int32Array(count + 1);
  for (let i = 0; i <= count; i++) nextFree[i] = i;
  const findFree = (from: number): number => {
    let root = from;
    while (nextFree[root] !== root) root = nextFree[root]!;
    while (nextFree[from] !== root) {
      const next = nextFree[from]!;
      nextFree[from] = root;
      from = next;
    }
    return root;
  };
  const claimed: number[] = [];

  const claim = (node: CstNode): void => {
    const range = node.range;
    if (range === undefined) throw new Error(`${node.type} node without a range`);
    const start = positionKey(range.start.line, range.start.column);
    const end = positionKey(range.end.line, range.end.column);
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (startKeys[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    claimed.length = 0;
    for (let i = findFree(lo); i < count && startKeys[i]! <= end; i = findFree(i + 1)) {
      if (endKeys[i]! <= end) claimed.push(i);
    }
    if (claimed.length === 0) return;
    const only = claimed[0]!;
    if (claimed.length === 1 && startKeys[only] === start && endKeys[only] === end) {
      nodes[only] = node;
    } else {
      const tokenNodes: TokenNode[] = [];
      for (const i of claimed) {
        const token = kept[i]!;
        const tokenNode: TokenNode = { type: '<token>', value: token.label, range: tokenRange(token) };
        nodes[i] = tokenNode;
        tokenNodes.push(tokenNode);
      }
      claims.push([node, tokenNodes]);
    }
    for (const i of claimed) nextFree[i] = i + 1;
  };

  // Post-order over every node, as the reverse of a pre-order that takes children last to first.
  // Whitespace nodes are entered (a Comment inside one claims its token) but claim nothing.
  // (`order` keeps the claiming nodes alone; each node's plan is looked up once.)
  const order: CstNode[] = [];
  const stack: CstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { properties, whitespace } = childPlan(node.type);
    if (!whitespace) order.push(node);
    for (let f = 0; f < properties.length; f++) {
      const value = node[properties[f]!];
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (isNodeValue(value[i])) stack.push(value[i] as CstNode);
      } else if (isNodeValue(value)) stack.push(value);
    }
  }
  for (let i = order.length - 1; i >= 0; i--) claim(order[i]!);

  const unclaimed: string[] = [];
  for (let i = 0; i < count; i++) {
    if (nodes[i] === undefined) {
      const t = kept[i]!;
      unclaimed.push(`${JSON.stringify(t.label)}@${t.startLine}:${t.startCol}`);
    }
  }
  return { startKeys, endKeys, nodes, claims, unclaimed };
}

/**
 * Python's tokens of the file (`tokenize` semantics). Tokens already at hand (an oracle's, or a
 * reparsed function's) are given with `file.provide(pythonTokensProvider, tokens)`.
 */
export const pythonTokensProvider: Provider<readonly Token[]> = {
  name: 'python-tokens',
  compute(file) {
    return tokenize(file.text);
  },
};

export const tokenChainProvider: Provider<TokenChain> = {
  name: 'token-chain',
  compute(file) {
    return buildTokenChain(file.module, file.get(pythonTokensProvider));
  },
};
