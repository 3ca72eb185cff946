import { describe, expect, it } from 'vitest';
import { CodeRelations, type TokenNode } from '../../src/graph/relations.js';

const token = (value: string): TokenNode => ({ type: '<token>', value, range: { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } } });

describe('CodeRelations target lists', () => {
  it('keep targets in insertion order without duplicates, in short lists and past the point where they are indexed', () => {
    const relations = new CodeRelations();
    const from = token('from');
    const nodes = Array.from({ length: 30 }, (_, i) => token(`t${i}`));
    const expected: string[] = [];
    for (let i = 0; i < 30; i++) {
      relations.add('Child', from, nodes[i]!, 'a');
      relations.add('Child', from, nodes[i]!, i % 2 === 0 ? 'b' : 'a'); // same node: a second label counts, the same label not
      relations.addValue('Child', from, `v${i % 7}`);
      // Every earlier target again: all duplicates.
      for (let j = 0; j <= i; j++) relations.add('Child', from, nodes[j]!, 'a');
      expected.push(`t${i}:a`);
      if (i % 2 === 0) expected.push(`t${i}:b`);
      if (i < 7) expected.push(`=v${i}`);
    }
    const [first] = [...relations.sources('Child')];
    if (first === undefined) throw new Error('no Child relation');
    const [source, targets] = first;
    expect(source).toBe(from);
    expect(targets.map((t) => (t.node === null ? `=${t.value}` : `${(t.node as TokenNode).value}:${t.label}`))).toEqual(expected);
  });
});
