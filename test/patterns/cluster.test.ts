import { describe, expect, it } from 'vitest';
import { cluster, type ClusterLeaf } from '../../src/patterns/cluster.js';
import { concreteEditLevels } from '../../src/patterns/concrete-edit.js';
import { renderTemplate } from '../../src/patterns/render.js';
import { parseModule } from '../../src/python/parser/index.js';

/** A leaf with the edit's patterns at context levels 0..context. */
function leaf(key: string, before: string, after: string, context: number): ClusterLeaf {
  const levels = concreteEditLevels(parseModule(before), parseModule(after), context);
  if (levels === null) throw new Error('no change');
  return { key, group: 'g', levels: levels.map((l) => l.leaf) };
}

describe('cluster with context', () => {
  // Same change (attribute .b → .c on a varying name), under two `if`s and one `while`.
  const fixes: [string, string, string][] = [
    ['a', 'if a:\n    g(x.b)\n', 'if a:\n    g(x.c)\n'],
    ['b', 'if a:\n    g(w.b)\n', 'if a:\n    g(w.c)\n'],
    ['c', 'while z:\n    g(y.b)\n', 'while z:\n    g(y.c)\n'],
  ];

  it('keeps the context where it generalises and falls back to the context-free pattern where it does not', () => {
    const { nodes, roots } = cluster(fixes.map(([key, b, a]) => leaf(key, b, a, 1)));
    expect(nodes.map((n) => n.level)).toEqual([1, 1, 1, 1, 0]);
    // The two `if`s merge first (equal cost, smallest keys) and keep their shared header.
    expect(nodes[3]!.children).toEqual([0, 1]);
    expect(renderTemplate(nodes[3]!.pattern.before)).toBe('if a:\n    g(h0.b)');
    expect(renderTemplate(nodes[3]!.pattern.after)).toBe('if a:\n    g(h0.c)');
    // `if` and `while` have no common context: the root is the context-free pattern, with all three fixes.
    expect(roots).toEqual([4]);
    expect(nodes[4]!.leaves).toEqual([0, 1, 2]);
    expect(renderTemplate(nodes[4]!.pattern.before)).toBe('g(h0.b)');
    expect(renderTemplate(nodes[4]!.pattern.after)).toBe('g(h0.c)');
    expect(nodes[4]!.levels).toHaveLength(1);
  });

  it('merges the same pairs in the same order as without context (context never splits a cluster)', () => {
    const plain = cluster(fixes.map(([key, b, a]) => leaf(key, b, a, 0)));
    const withContext = cluster(fixes.map(([key, b, a]) => leaf(key, b, a, 1)));
    const shape = (d: typeof plain): unknown => d.nodes.map((n) => [n.children, n.leaves, n.cost]);
    expect(shape(withContext)).toEqual(shape(plain));
    expect(withContext.roots).toEqual(plain.roots);
    for (let i = 0; i < plain.nodes.length; i++) expect(withContext.nodes[i]!.levels[0]).toEqual(plain.nodes[i]!.pattern);
  });
});
