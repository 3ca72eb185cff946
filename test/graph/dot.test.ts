import { describe, expect, it } from 'vitest';
import { relationsToDot } from '../../src/graph/dot.js';
import { computeRelations, FileAnalysis } from '../../src/graph/index.js';
import { CodeRelations } from '../../src/graph/relations.js';
import { parseModule } from '../../src/python/index.js';

function dotOf(text: string, filterRange?: { from: number; to: number }): string {
  const { relations } = computeRelations(new FileAnalysis(text, parseModule(text), 'm.py'));
  return relationsToDot(relations, filterRange === undefined ? {} : { filterRange });
}

describe('relationsToDot', () => {
  it('writes the frame, the token subgraph and edges with their labels and colours', () => {
    const dot = dotOf('def f(a):\n    return a\n');
    const lines = dot.split('\n');
    expect(lines.slice(0, 2)).toEqual(['digraph {', '\tcompound=true;']);
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe('}');
    expect(dot).toContain('\tsubgraph clusterNextToken {\n\tlabel="Tokens";\n\trank="same";\n');
    expect(dot).toMatch(/\t node0\[shape="rectangle", label="Module"\];\n/);
    expect(dot).toMatch(/\tnode\d+ -> node\d+ \[label="Child\.body" color="black", splines=ortho\];\n/);
    expect(dot).toMatch(/\tnode\d+ -> node\d+ \[label="NextToken" color="hotpink", splines=ortho\];\n/);
    expect(dot).toMatch(/\tnode\d+ -> node\d+ \[label="Sibling" color="lightgray", splines=ortho\];\n/);
    expect(dot).toMatch(/\t node\d+\[shape="rectangle", label="f\.<locals>\.a", style=filled, fillcolor="orange"\];\n/);
    // Token nodes are listed inside the subgraph only, each once.
    const tokenLines = lines.filter((l) => l.startsWith('\t\tnode'));
    expect(tokenLines.length).toBeGreaterThan(5);
    for (const line of tokenLines) {
      const id = /^\t\t(node\d+)\[/.exec(line)![1]!;
      expect(lines.filter((l) => l.startsWith(`\t ${id}[`) || l.startsWith(`\t\t${id}[`))).toHaveLength(1);
    }
  });

  it('escapes only double quotes in labels, keeping backslashes and newlines', () => {
    const relations = new CodeRelations();
    const module = parseModule('x = 1\n');
    relations.addValue('CandidateCallDoc', module, 'say "hi"\\n\nnext line');
    const dot = relationsToDot(relations);
    expect(dot).toContain('\t node1[shape="rectangle", label="say \\"hi\\"\\n\nnext line", style=filled, fillcolor="orange"];\n');
    expect(dot).toContain('\tnode0 -> node1 [label="CandidateCallDoc" color="black", splines=ortho];\n');
  });

  it('keeps only the nodes inside a line range, and value nodes always', () => {
    const text = 'def f(a):\n    return a\n\ndef g(b):\n    return b + 1\n';
    const all = dotOf(text);
    const onlyG = dotOf(text, { from: 4, to: 5 });
    expect(all).toContain('label="a"');
    expect(onlyG).not.toContain('label="a"');
    expect(onlyG).not.toContain('label="Module"');
    expect(onlyG).toContain('label="g.<locals>.b"');
    expect(onlyG).toContain('label="FunctionDef"');
    // Every edge's ends are numbered nodes of the output.
    const declared = new Set([...onlyG.matchAll(/^\t\s?(node\d+)\[/gm)].map((m) => m[1]));
    for (const m of onlyG.matchAll(/^\t(node\d+) -> (node\d+) /gm)) {
      expect(declared.has(m[1])).toBe(true);
      expect(declared.has(m[2])).toBe(true);
    }
  });
});
