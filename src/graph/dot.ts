/**
 * A file's relations as GraphViz DOT, byte for byte as BugLab's `PythonCodeRelations.as_dot` writes
 * them (the format is described in the `asdot` conformance README): nodes numbered in relation
 * order, token nodes in a `clusterNextToken` subgraph with the `NextToken` edges, then every other
 * edge; an optional line range keeps only the nodes inside it (value nodes are always kept).
 */
import type { CodeRange } from '../python/cst.js';
import { type CodeRelations, type GraphNode, isTokenNode } from './relations.js';
import { nodeLabel } from './serialize.js';
import { positionKey } from './tokens.js';

/** The colours BugLab's `asdot.py` passes; kinds not named here are drawn black. */
export const BUGLAB_EDGE_COLOURS: Readonly<Record<string, string>> = {
  LastMayWrite: 'red',
  NextMayUse: 'blue',
  OccurrenceOf: 'green',
  ComputedFrom: 'brown',
  NextToken: 'hotpink',
  Sibling: 'lightgray',
};

export interface LineRange {
  /** First line, 1-based. */
  readonly from: number;
  /** Last line, inclusive. */
  readonly to: number;
}

export interface DotOptions {
  readonly edgeColours?: Readonly<Record<string, string>>;
  /** BugLab's `--filter-range=FROM,TO`: the code range (FROM, 0)–(TO, 10000). */
  readonly filterRange?: LineRange;
}

const TOKEN_KIND = 'NextToken';

type DotNode = GraphNode | string;

function escapeLabel(label: string): string {
  return label.replaceAll('"', '\\"');
}

function insideLines(range: LineRange): (node: GraphNode) => boolean {
  const lo = positionKey(range.from, 0);
  const hi = positionKey(range.to, 10000);
  return (node) => {
    const r: CodeRange | undefined = node.range;
    if (r === undefined) return false;
    return positionKey(r.start.line, r.start.column) >= lo && positionKey(r.end.line, r.end.column) <= hi;
  };
}

/** The DOT text of `relations`. */
export function relationsToDot(relations: CodeRelations, options: DotOptions = {}): string {
  const colours = options.edgeColours ?? BUGLAB_EDGE_COLOURS;
  const inside = options.filterRange === undefined ? () => true : insideLines(options.filterRange);
  const index = new Map<DotNode, number>();
  const number = (node: DotNode): void => {
    if (!index.has(node)) index.set(node, index.size);
  };
  const kinds = relations.kindNames();
  for (const kind of kinds) {
    for (const [from, targets] of relations.sources(kind)) {
      if (!inside(from)) continue;
      number(from);
      for (const target of targets) {
        if (target.node === null) number(target.value);
        else if (inside(target.node)) number(target.node);
      }
    }
  }

  // Insertion-ordered, as the conformance setup binds BugLab's `set` to an ordered set.
  const tokenNodes = new Set<GraphNode>();
  for (const [from, targets] of relations.sources(TOKEN_KIND)) {
    for (const target of targets) if (target.node !== null) tokenNodes.add(target.node);
    tokenNodes.add(from);
  }

  const out: string[] = ['digraph {\n\tcompound=true;\n'];
  for (const [node, i] of index) {
    if (typeof node === 'string') {
      out.push(`\t node${i}[shape="rectangle", label="${escapeLabel(node)}", style=filled, fillcolor="orange"];\n`);
    } else if (!tokenNodes.has(node)) {
      out.push(`\t node${i}[shape="rectangle", label="${escapeLabel(labelOf(node))}"];\n`);
    }
  }
  out.push('\tsubgraph clusterNextToken {\n\tlabel="Tokens";\n\trank="same";\n');
  for (const node of tokenNodes) {
    const i = index.get(node);
    if (i !== undefined) out.push(`\t\tnode${i}[shape="rectangle", label="${escapeLabel(labelOf(node))}"];\n`);
  }
  const writeEdges = (kind: string): void => {
    const colour = colours[kind] ?? 'black';
    for (const [from, targets] of relations.sources(kind)) {
      const fromIndex = index.get(from);
      if (fromIndex === undefined) continue;
      for (const target of targets) {
        const toIndex = index.get(target.node ?? target.value);
        if (toIndex === undefined) continue;
        const label = target.node !== null && target.label !== null ? `${kind}.${target.label}` : kind;
        out.push(`\tnode${fromIndex} -> node${toIndex} [label="${escapeLabel(label)}" color="${colour}", splines=ortho];\n`);
      }
    }
  };
  writeEdges(TOKEN_KIND);
  out.push('\t}\n');
  for (const kind of kinds) if (kind !== TOKEN_KIND) writeEdges(kind);
  out.push('}\n');
  return out.join('');
}

function labelOf(node: GraphNode): string {
  if (isTokenNode(node)) return node.value;
  return nodeLabel(node);
}
