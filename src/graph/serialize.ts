/**
 * One function's graph exactly as BugLab's `as_serializable` builds it from the relations of the
 * whole file (conformance README, "Nodes", "Node numbering", "Edges"):
 *
 * - a node belongs to the function when it is a CST or token node whose range lies inside the
 *   function's range (inclusive), or a value node (always);
 * - numbers are handed out walking kinds (first-use order) → source nodes (first-edge order) →
 *   targets (insertion order), over the sources that belong, each node numbered when first met;
 * - edges are listed in the same walk, kept when both ends belong; every kind of the file is listed.
 */
import type { CodeRange, CstNode } from '../python/cst.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { type CodeRelations, type GraphNode, isTokenNode, type RelationTarget } from './relations.js';
import { lineStarts, textInRange } from './text.js';
import { positionKey } from './tokens.js';

export type SerializedPosition = [line: number, column: number];
export type SerializedRange = [start: SerializedPosition, end: SerializedPosition];
export type SerializedEdge = [from: number, to: number] | [from: number, to: number, label: string];

/** `graph` of a BugLab sample. */
export interface SerializedGraph {
  nodes: string[];
  edges: Record<string, SerializedEdge[]>;
  path: string;
  reference_nodes: (number | null)[];
  text: string;
  code_range: SerializedRange;
}

/** A numbered node: a graph node, or the string of a value node. */
export type NodeKey = GraphNode | string;

export interface SerializedFunction {
  graph: SerializedGraph;
  /** Number of every node of the graph (value nodes keyed by their full string). */
  nodeIndex: Map<NodeKey, number>;
}

export interface FunctionSource {
  /** Whole-file text. */
  readonly text: string;
  /** `graph.path`. */
  readonly path: string;
  /** Line starts of `text` (see text.ts), to cut many functions of one file cheaply. */
  readonly lineStarts?: readonly number[];
  /**
   * The file line of `text`'s first line, when `text` holds only some lines of the file (those of
   * one function): ranges stay the file's. Default 1.
   */
  readonly firstLine?: number;
}

const LOCALS_MARKER = '<locals>.';

/** A value node's label: everything up to and including the last `<locals>.` cut off. */
export function valueLabel(value: string): string {
  const at = value.lastIndexOf(LOCALS_MARKER);
  return at >= 0 ? value.slice(at + LOCALS_MARKER.length) : value;
}

/** A graph node's label: source text, fixed token, token text or class name. */
export function nodeLabel(node: GraphNode): string {
  if (isTokenNode(node)) return node.value;
  const schema = NODE_SCHEMA[node.type];
  if (schema === undefined) throw new Error(`unknown CST node type ${node.type}`);
  switch (schema.label) {
    case 'text':
      return node['value'] as string;
    case 'token':
      // NotEqual answers with its own text (`!=` or `<>`).
      return node.type === 'NotEqual' ? (node['value'] as string) : schema.token!;
    default:
      return node.type;
  }
}

function shiftLines(range: CodeRange, by: number): CodeRange {
  if (by === 0) return range;
  return { start: { line: range.start.line + by, column: range.start.column }, end: { line: range.end.line + by, column: range.end.column } };
}

export function toSerializedRange(range: CodeRange): SerializedRange {
  return [
    [range.start.line, range.start.column],
    [range.end.line, range.end.column],
  ];
}

/**
 * The relations of one file, indexed so that a function's sources are found by position: every
 * source node once (sorted by start), and per kind its position in that kind's first-edge order.
 */
interface RelationIndex {
  readonly kinds: readonly string[];
  /** Source nodes sorted by start position, with their start and end keys. */
  readonly sources: readonly GraphNode[];
  readonly startKeys: Float64Array;
  readonly endKeys: Float64Array;
  /** Per kind, per sorted source: its ordinal in the kind's source order, or -1. */
  readonly ordinals: readonly Int32Array[];
  /** Per kind, per ordinal: the targets. */
  readonly targets: readonly (readonly RelationTarget[])[][];
}

const indexes = new WeakMap<CodeRelations, RelationIndex>();

function startKeyOf(node: GraphNode): number {
  const r = node.range;
  return r === undefined ? Number.NaN : positionKey(r.start.line, r.start.column);
}

/**
 * Indexes the relations of a file for `serializeFunction` (done on its first call otherwise). The
 * relations must be complete: later additions are not seen by serialisations of the same store.
 */
export function prepareSerialization(relations: CodeRelations): void {
  indexOf(relations);
}

function indexOf(relations: CodeRelations): RelationIndex {
  const cached = indexes.get(relations);
  if (cached !== undefined) return cached;
  const kinds = relations.kindNames();
  // One id per distinct source node; per kind, the ids in first-edge order.
  const ids = new Map<GraphNode, number>();
  const nodes: GraphNode[] = [];
  const idsByKind: number[][] = [];
  const targets: (readonly RelationTarget[])[][] = [];
  for (const kind of kinds) {
    const kindIds: number[] = [];
    const kindTargets: (readonly RelationTarget[])[] = [];
    for (const [from, list] of relations.sources(kind)) {
      if (from.range === undefined) continue;
      let id = ids.get(from);
      if (id === undefined) {
        id = nodes.length;
        ids.set(from, id);
        nodes.push(from);
      }
      kindIds.push(id);
      kindTargets.push(list);
    }
    idsByKind.push(kindIds);
    targets.push(kindTargets);
  }
  const count = nodes.length;
  const unsortedStarts = new Float64Array(count);
  for (let i = 0; i < count; i++) unsortedStarts[i] = startKeyOf(nodes[i]!);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => unsortedStarts[a]! - unsortedStarts[b]!);
  const rankOfId = new Uint32Array(count);
  const sources: GraphNode[] = new Array(count);
  const startKeys = new Float64Array(count);
  const endKeys = new Float64Array(count);
  for (let rank = 0; rank < count; rank++) {
    const id = order[rank]!;
    const node = nodes[id]!;
    rankOfId[id] = rank;
    sources[rank] = node;
    startKeys[rank] = unsortedStarts[id]!;
    endKeys[rank] = positionKey(node.range!.end.line, node.range!.end.column);
  }
  const ordinals = idsByKind.map((kindIds) => {
    const byRank = new Int32Array(count).fill(-1);
    for (let ordinal = 0; ordinal < kindIds.length; ordinal++) byRank[rankOfId[kindIds[ordinal]!]!] = ordinal;
    return byRank;
  });
  const index = { kinds, sources, startKeys, endKeys, ordinals, targets };
  indexes.set(relations, index);
  return index;
}

/** Numbers nodes and collects edges, visiting sources in BugLab's order. */
class GraphBuilder {
  readonly nodeIndex = new Map<NodeKey, number>();
  readonly labels: string[] = [];
  readonly edges: Record<string, SerializedEdge[]> = {};

  constructor(private readonly inside: (node: GraphNode) => boolean) {}

  private number(key: NodeKey): number {
    let index = this.nodeIndex.get(key);
    if (index === undefined) {
      index = this.labels.length;
      this.nodeIndex.set(key, index);
      this.labels.push(typeof key === 'string' ? valueLabel(key) : nodeLabel(key));
    }
    return index;
  }

  /** `from` must belong to the function. */
  addSource(list: SerializedEdge[], from: GraphNode, targets: readonly RelationTarget[]): void {
    const fromIndex = this.number(from);
    for (const target of targets) {
      if (target.node === null) {
        list.push([fromIndex, this.number(target.value)]);
      } else if (this.inside(target.node)) {
        const toIndex = this.number(target.node);
        list.push(target.label === null ? [fromIndex, toIndex] : [fromIndex, toIndex, target.label]);
      }
    }
  }
}

function insideRange(range: CodeRange): (node: GraphNode) => boolean {
  const lo = positionKey(range.start.line, range.start.column);
  const hi = positionKey(range.end.line, range.end.column);
  return (node) => {
    const r = node.range;
    if (r === undefined) return false;
    return positionKey(r.start.line, r.start.column) >= lo && positionKey(r.end.line, r.end.column) <= hi;
  };
}

function finish(builder: GraphBuilder, source: FunctionSource, range: CodeRange, referenceNodes: readonly CstNode[]): SerializedFunction {
  const graph: SerializedGraph = {
    nodes: builder.labels,
    edges: builder.edges,
    path: source.path,
    reference_nodes: referenceNodes.map((node) => builder.nodeIndex.get(node) ?? null),
    text: textInRange(source.text, shiftLines(range, 1 - (source.firstLine ?? 1)), source.lineStarts ?? lineStarts(source.text)),
    code_range: toSerializedRange(range),
  };
  return { graph, nodeIndex: builder.nodeIndex };
}

export interface SerializeOptions {
  /**
   * The relation kinds to list, in this order (kinds of `relations` not named here follow in their
   * own order). For relations computed for one function alone, pass the original file's kinds:
   * BugLab lists every kind of the file, in the file's first-use order.
   */
  readonly kinds?: readonly string[];
}

/** The kinds to list: `wanted` first, then the others of `present`. */
function kindOrder(present: readonly string[], wanted: readonly string[] | undefined): string[] {
  if (wanted === undefined) return [...present];
  const listed = new Set(wanted);
  return [...wanted, ...present.filter((k) => !listed.has(k))];
}

/**
 * The graph of the function spanning `range` (BugLab's `as_serializable(range, reference_nodes)`).
 * `referenceNodes` are the candidates' anchor nodes; an anchor outside the graph gives null.
 *
 * Cost follows the function, not the file: the file's relations are indexed once (on the first
 * call; they must not change afterwards) and only the sources inside `range` are visited.
 */
export function serializeFunction(
  relations: CodeRelations,
  source: FunctionSource,
  range: CodeRange,
  referenceNodes: readonly CstNode[] = [],
  options: SerializeOptions = {},
): SerializedFunction {
  const index = indexOf(relations);
  const lo = positionKey(range.start.line, range.start.column);
  const hi = positionKey(range.end.line, range.end.column);
  // Ranks (positions in `index.sources`) of the sources inside the range.
  const from = lowerBound(index.startKeys, lo);
  const members: number[] = [];
  for (let rank = from; rank < index.sources.length && index.startKeys[rank]! <= hi; rank++) {
    if (index.endKeys[rank]! <= hi) members.push(rank);
  }
  const builder = new GraphBuilder(insideRange(range));
  const ordered: number[] = [];
  const kindIndex = new Map(index.kinds.map((kind, k) => [kind, k]));
  for (const kind of kindOrder(index.kinds, options.kinds)) {
    const list: SerializedEdge[] = [];
    builder.edges[kind] = list;
    const k = kindIndex.get(kind);
    if (k === undefined) continue;
    const ordinals = index.ordinals[k]!;
    const targets = index.targets[k]!;
    ordered.length = 0;
    for (const rank of members) {
      const ordinal = ordinals[rank]!;
      if (ordinal >= 0) ordered.push(ordinal, rank);
    }
    // Pairs (ordinal, rank), ordered by ordinal: BugLab's source order within the kind.
    const pairs = ordered.length / 2;
    const byOrdinal = new Uint32Array(pairs);
    for (let p = 0; p < pairs; p++) byOrdinal[p] = p;
    byOrdinal.sort((a, b) => ordered[2 * a]! - ordered[2 * b]!);
    for (let p = 0; p < pairs; p++) {
      const at = 2 * byOrdinal[p]!;
      builder.addSource(list, index.sources[ordered[at + 1]!]!, targets[ordered[at]!]!);
    }
  }
  return finish(builder, source, range, referenceNodes);
}

/**
 * The same graph by BugLab's own method, walking every relation of the file: the reference that
 * tests hold `serializeFunction` to.
 */
export function serializeFunctionExhaustive(
  relations: CodeRelations,
  source: FunctionSource,
  range: CodeRange,
  referenceNodes: readonly CstNode[] = [],
  options: SerializeOptions = {},
): SerializedFunction {
  const inside = insideRange(range);
  const builder = new GraphBuilder(inside);
  for (const kind of kindOrder(relations.kindNames(), options.kinds)) {
    const list: SerializedEdge[] = [];
    builder.edges[kind] = list;
    for (const [from, targets] of relations.sources(kind)) if (inside(from)) builder.addSource(list, from, targets);
  }
  return finish(builder, source, range, referenceNodes);
}

function lowerBound(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
