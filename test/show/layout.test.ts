import { describe, expect, it } from 'vitest';
import type { Edge, SampleGraph } from '../../src/export/sample.js';
import { layoutGraph, NODE_HEIGHT, shownLabel } from '../../src/show/layout.js';

function graph(nodes: string[], child: Edge[], other: Edge[] = []): SampleGraph {
  return { nodes, edges: { Child: child, OccurrenceOf: other }, path: 'x.py', text: '', code_range: [[1, 0], [1, 0]], reference_nodes: [] };
}

function overlaps(a: { x: number; y: number; width: number }, b: { x: number; y: number; width: number }): boolean {
  return Math.abs(a.y - b.y) < NODE_HEIGHT && Math.abs(a.x - b.x) < (a.width + b.width) / 2;
}

describe('layoutGraph', () => {
  it('puts each parent over its children, one row per depth, with no two boxes overlapping', () => {
    // 0 -> 1, 2, 3; 1 -> 4, 5; 3 -> 6 (a label wider than its children); 7, 8 outside the tree.
    const g = graph(
      ['FunctionDef', 'Parameters', 'IndentedBlock', 'SimpleStatementLineWithALongName', 'a', 'b', 'x', 'module.symbol', 'builtins.print'],
      [
        [0, 1, 'params'],
        [0, 2, 'body'],
        [0, 3],
        [1, 4],
        [1, 5],
        [3, 6],
      ],
      [[4, 7]],
    );
    const { nodes, width, height } = layoutGraph(g);
    expect(nodes).toHaveLength(9);
    expect(nodes[1]!.y).toBeGreaterThan(nodes[0]!.y);
    expect(nodes[4]!.y).toBeGreaterThan(nodes[1]!.y);
    expect(nodes[4]!.y).toBe(nodes[6]!.y);
    expect(nodes[1]!.x).toBeCloseTo((nodes[4]!.x + nodes[5]!.x) / 2);
    expect(nodes[4]!.x).toBeLessThan(nodes[5]!.x);
    expect(nodes[7]!.y).toBeGreaterThan(nodes[6]!.y);
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) expect(overlaps(nodes[i]!, nodes[j]!), `${i} and ${j}`).toBe(false);
      expect(nodes[i]!.x - nodes[i]!.width / 2).toBeGreaterThanOrEqual(0);
      expect(nodes[i]!.x + nodes[i]!.width / 2).toBeLessThanOrEqual(width);
      expect(nodes[i]!.y + NODE_HEIGHT / 2).toBeLessThanOrEqual(height);
    }
  });

  it('places every node once when Child edges form a cycle or give a node two parents', () => {
    const g = graph(
      ['a', 'b', 'c', 'd', 'e'],
      [
        [0, 1],
        [1, 2],
        [2, 1],
        [0, 2],
        [3, 4],
        [4, 3],
        [4, 4],
      ],
    );
    const { nodes } = layoutGraph(g);
    expect(nodes).toHaveLength(5);
    for (const node of nodes) expect(Number.isFinite(node.x) && Number.isFinite(node.y)).toBe(true);
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) expect(overlaps(nodes[i]!, nodes[j]!)).toBe(false);
  });

  it('lays out a deep chain without recursion', () => {
    const count = 50_000;
    const nodes = Array.from({ length: count }, () => 'Expr');
    const child: Edge[] = Array.from({ length: count - 1 }, (_, i) => [i, i + 1]);
    const layout = layoutGraph(graph(nodes, child));
    expect(layout.nodes[count - 1]!.y).toBeGreaterThan(layout.nodes[0]!.y);
  });

  it('draws labels on one line, cut with an ellipsis', () => {
    expect(shownLabel('"""Doc\nstring"""')).toBe('"""Doc\\nstring"""');
    expect(Array.from(shownLabel('x'.repeat(100)))).toHaveLength(24);
    expect(shownLabel('x'.repeat(100)).endsWith('…')).toBe(true);
  });
});
