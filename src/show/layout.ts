/**
 * A deterministic layout of a sample's graph for the HTML view: the `Child` tree drawn top down, one
 * row per depth, each subtree in a column band of its own (a node is centred over its children and
 * no two bands overlap, so labels never collide); the nodes outside the tree (value nodes) in rows
 * below it. Sizes assume a monospace font of `FONT_SIZE` pixels. The graph is untrusted: a node
 * reached twice (a second parent, a cycle) is placed once, and nothing recurses.
 */
import type { SampleGraph } from '../export/sample.js';

export const FONT_SIZE = 11;
const CHAR_WIDTH = FONT_SIZE * 0.6;
export const NODE_HEIGHT = 18;
const ROW_HEIGHT = 56;
const GAP = 6;
const MARGIN = 12;
/** Labels longer than this are cut (the whole label is in the node's tooltip). */
const MAX_LABEL_CHARS = 24;
/** Value rows are wrapped at the width of the tree, but not narrower than this. */
const MIN_ROW_WIDTH = 800;

export interface PlacedNode {
  /** Centre of the node's box. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** The label as drawn (cut to `MAX_LABEL_CHARS`). */
  readonly shown: string;
}

export interface GraphLayout {
  /** One per node of the graph, in node order. */
  readonly nodes: readonly PlacedNode[];
  readonly width: number;
  readonly height: number;
}

/** A one-line label: newlines and tabs as `\n`/`\t`, cut with an ellipsis. */
export function shownLabel(label: string): string {
  const flat = label.replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t');
  const codePoints = Array.from(flat);
  return codePoints.length <= MAX_LABEL_CHARS ? flat : codePoints.slice(0, MAX_LABEL_CHARS - 1).join('') + '…';
}

function boxWidth(shown: string): number {
  return Array.from(shown).length * CHAR_WIDTH + 10;
}

/** The tree of `Child` edges as each placed node's children, in edge order; a node gets only its first parent. */
function treeOf(graph: SampleGraph): { roots: number[]; children: number[][] } {
  const children: number[][] = graph.nodes.map(() => []);
  const parent = new Map<number, number>();
  const inTree = new Set<number>();
  for (const [from, to] of graph.edges['Child'] ?? []) {
    inTree.add(from);
    if (from === to || parent.has(to)) continue;
    parent.set(to, from);
    children[from]!.push(to);
    inTree.add(to);
  }
  const roots = [...inTree].filter((node) => !parent.has(node)).sort((a, b) => a - b);
  return { roots, children };
}

export function layoutGraph(graph: SampleGraph): GraphLayout {
  const count = graph.nodes.length;
  const shown = graph.nodes.map(shownLabel);
  const own = shown.map(boxWidth);
  const { roots, children } = treeOf(graph);

  // Depth-first order from the roots, each node once (cycles of Child edges are cut where they close).
  const order: number[] = [];
  const depth = new Array<number>(count).fill(-1);
  const kept: number[][] = graph.nodes.map(() => []);
  for (const root of roots) {
    depth[root] = 0;
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      order.push(node);
      for (const child of children[node]!) {
        if (depth[child] !== -1) continue;
        depth[child] = depth[node]! + 1;
        kept[node]!.push(child);
      }
      for (let i = kept[node]!.length - 1; i >= 0; i--) stack.push(kept[node]![i]!);
    }
  }

  // Band widths bottom up (reverse depth-first order visits children before their parent).
  const band = new Array<number>(count).fill(0);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const kids = kept[node]!;
    const childrenWidth = kids.reduce((sum, kid) => sum + band[kid]!, 0) + GAP * Math.max(0, kids.length - 1);
    band[node] = Math.max(own[node]!, childrenWidth);
  }

  // Positions top down: each band split among the children, centred.
  const left = new Array<number>(count).fill(0);
  const placed: (PlacedNode | undefined)[] = new Array(count).fill(undefined);
  let cursor = MARGIN;
  for (const root of roots) {
    left[root] = cursor;
    cursor += band[root]! + GAP * 3;
  }
  let maxDepth = -1;
  for (const node of order) {
    const kids = kept[node]!;
    const childrenWidth = kids.reduce((sum, kid) => sum + band[kid]!, 0) + GAP * Math.max(0, kids.length - 1);
    let next = left[node]! + (band[node]! - childrenWidth) / 2;
    for (const kid of kids) {
      left[kid] = next;
      next += band[kid]! + GAP;
    }
    maxDepth = Math.max(maxDepth, depth[node]!);
    placed[node] = { x: left[node]! + band[node]! / 2, y: MARGIN + NODE_HEIGHT / 2 + depth[node]! * ROW_HEIGHT, width: own[node]!, shown: shown[node]! };
  }
  const treeWidth = Math.max(cursor - GAP * 3, MARGIN);

  // The rest (value nodes) in rows under the tree, wrapped at its width.
  const rowWidth = Math.max(treeWidth, MIN_ROW_WIDTH);
  let row = maxDepth + 2;
  let x = MARGIN;
  let width = treeWidth;
  for (let node = 0; node < count; node++) {
    if (placed[node] !== undefined) continue;
    if (x > MARGIN && x + own[node]! > rowWidth) {
      row++;
      x = MARGIN;
    }
    placed[node] = { x: x + own[node]! / 2, y: MARGIN + NODE_HEIGHT / 2 + row * ROW_HEIGHT, width: own[node]!, shown: shown[node]! };
    x += own[node]! + GAP * 2;
    width = Math.max(width, x);
  }
  const bottom = placed.reduce((max, node) => Math.max(max, node!.y), 0);
  return { nodes: placed as PlacedNode[], width: Math.ceil(width + MARGIN), height: Math.ceil(bottom + NODE_HEIGHT / 2 + MARGIN) };
}
