// parseModule leaves whitespace nodes without positions unless asked (`whitespacePositions`): every
// other node's range must be the same either way, on real code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CstNode } from '../../src/python/cst.js';
import { decodeSource } from '../../src/python/decode.js';
import { parseModule } from '../../src/python/parser/index.js';
import { isWhitespaceNode, walk } from '../../src/python/visit.js';
import { pythonFilesUnder } from '../../scripts/lib/stdlib.js';

function nodesOf(root: CstNode): CstNode[] {
  const nodes: CstNode[] = [];
  walk(root, { enter: (node) => void nodes.push(node) });
  return nodes;
}

function rangeText(node: CstNode): string {
  const r = node.range;
  return r === undefined ? `${node.type} -` : `${node.type} ${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

describe('positions without whitespace nodes', () => {
  it('gives every other node the range it has with them, on every 8th file of the standard library', async () => {
    const files = pythonFilesUnder().filter((_, i) => i % 8 === 0);
    let compared = 0;
    for (const [i, file] of files.entries()) {
      if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      let text: string;
      let all: CstNode;
      try {
        text = decodeSource(readFileSync(file)).text;
        all = parseModule(text, { whitespacePositions: true });
      } catch {
        continue;
      }
      const withWhitespace = nodesOf(all);
      const without = nodesOf(parseModule(text));
      expect(without.length, file).toBe(withWhitespace.length);
      const differing: string[] = [];
      for (let k = 0; k < without.length; k++) {
        const expected = isWhitespaceNode(withWhitespace[k]!) ? `${withWhitespace[k]!.type} -` : rangeText(withWhitespace[k]!);
        const actual = rangeText(without[k]!);
        if (actual !== expected) differing.push(`${actual} (expected ${expected})`);
      }
      expect(differing.slice(0, 5), file).toEqual([]);
      compared += without.length;
    }
    expect(compared).toBeGreaterThan(1_000_000);
  });
});
