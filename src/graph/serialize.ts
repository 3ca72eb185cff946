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
import { type CodeRelations, type GraphNode, isTokenNode } from './relations.js';
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

export function toSerializedRange(range: CodeRange): SerializedRange {
  return [
    [range.start.line, range.start.column],
    [range.end.line, range.end.column],
  ];
}

/**
 * The graph of the function spanning `range` (BugLab's `as_serializable(range, reference_nodes)`).
 * `referenceNodes` are the candidates' anchor nodes; an anchor outside the graph gives null.
 */
export function serializeFunction(
  relations: CodeRelations,
  source: FunctionSource,
  range: CodeRange,
  referenceNodes: readonly CstNode[] = [],
): SerializedFunction {
  const lo = positionKey(range.start.line, range.start.column);
  const hi = positionKey(range.end.line, range.end.column);
  const inside = (node: GraphNode): boolean => {
    const r = node.range;
    if (r === undefined) return false;
    return positionKey(r.start.line, r.start.column) >= lo && positionKey(r.end.line, r.end.column) <= hi;
  };

  const nodeIndex = new Map<NodeKey, number>();
  const labels: string[] = [];
  const number = (key: NodeKey, label: () => string): number => {
    let index = nodeIndex.get(key);
    if (index === undefined) {
      index = labels.length;
      nodeIndex.set(key, index);
      labels.push(label());
    }
    return index;
  };

  const edges: Record<string, SerializedEdge[]> = {};
  for (const kind of relations.kindNames()) {
    const list: SerializedEdge[] = [];
    edges[kind] = list;
    for (const [from, targets] of relations.sources(kind)) {
      if (!inside(from)) continue;
      const fromIndex = number(from, () => nodeLabel(from));
      for (const target of targets) {
        if (target.node === null) {
          const value = target.value;
          list.push([fromIndex, number(value, () => valueLabel(value))]);
        } else if (inside(target.node)) {
          const node = target.node;
          const toIndex = number(node, () => nodeLabel(node));
          list.push(target.label === null ? [fromIndex, toIndex] : [fromIndex, toIndex, target.label]);
        }
      }
    }
  }

  const graph: SerializedGraph = {
    nodes: labels,
    edges,
    path: source.path,
    reference_nodes: referenceNodes.map((node) => nodeIndex.get(node) ?? null),
    text: textInRange(source.text, range, source.lineStarts ?? lineStarts(source.text)),
    code_range: toSerializedRange(range),
  };
  return { graph, nodeIndex };
}
