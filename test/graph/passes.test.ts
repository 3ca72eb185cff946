/**
 * The AST and token passes on real code beyond the golden files: a spread of the standard library
 * of the machine's python3, parsed by bugmine, with Python's own `tokenize` as the oracle for the
 * token chain and bugmine's generic visitor for the tree shape.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { addAstRelations } from '../../src/graph/passes/ast.js';
import { addTokenRelations } from '../../src/graph/passes/tokens.js';
import { CodeRelations, isTokenNode, type GraphNode } from '../../src/graph/relations.js';
import { serializeFunction } from '../../src/graph/serialize.js';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/index.js';
import { children, isWhitespaceNode } from '../../src/python/visit.js';

const PY_KEPT_TOKENS = `
import json, sys, tokenize, io
out = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    kept = {}
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.ERRORTOKEN):
            continue
        label = "<INDENT>" if tok.type == tokenize.INDENT else "<DEDENT>" if tok.type == tokenize.DEDENT else tok.string
        kept[(tok.start, tok.end)] = label
    out[path] = [[s[0], s[1], e[0], e[1], label] for (s, e), label in kept.items()]
print(json.dumps(out))
`;

/** Every 50th .py file of the stdlib (about 35 files of all kinds), UTF-8 ones only. */
function stdlibSpread(): string[] {
  const root = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) {
        if (entry.name !== 'site-packages') walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.py')) files.push(join(dir, entry.name));
    }
  };
  walk(root);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return files.filter((_, i) => i % 50 === 0).filter((f) => {
    try {
      decoder.decode(readFileSync(f));
      return true;
    } catch {
      return false;
    }
  });
}

describe('AST and token passes on the standard library', () => {
  const files = stdlibSpread();
  let pythonTokens: Record<string, [number, number, number, number, string][]> = {};
  // Asynchronous, so the test worker's event loop (and vitest's RPC with it) is not blocked meanwhile.
  beforeAll(async () => {
    const { stdout } = await promisify(execFile)('python3', ['-c', PY_KEPT_TOKENS, ...files], { encoding: 'utf8', maxBuffer: 1 << 30 });
    pythonTokens = JSON.parse(stdout) as typeof pythonTokens;
  });

  it('walks the deepest expression chains the parser accepts without exhausting the stack', () => {
    const terms = 1900;
    const text = `def f():\n    return ${Array(terms).fill('a').join(' + ')}\n`;
    const module = parseModule(text);
    const file = new FileAnalysis(text, module, 'x.py');
    const relations = new CodeRelations();
    addAstRelations(file, relations);
    addTokenRelations(file, relations);
    const [fn] = findFunctions(module);
    const graph = serializeFunction(relations, { text, path: 'x.py' }, fn!.range).graph;
    // def f ( ) : <INDENT> return, then the terms and their operators; the final DEDENT is outside.
    expect(graph.edges['NextToken']).toHaveLength(7 + 2 * terms - 1 - 1);
    expect(graph.edges['Child']!.filter((e) => e[2] === 'left')).toHaveLength(terms - 1);
  });

  it('covers a real spread of files', () => {
    expect(files.length).toBeGreaterThan(25);
  });

  for (const path of files) {
    it(`links ${path.split('/python3.11/')[1] ?? path}`, () => {
      const text = readFileSync(path, 'utf8');
      let module: CstNode;
      try {
        module = parseModule(text);
      } catch {
        return; // files Python itself rejects (test data) are not what this test is about
      }
      const file = new FileAnalysis(text, module, 'x.py');
      const relations = new CodeRelations();
      addAstRelations(file, relations);
      addTokenRelations(file, relations);

      // AST: every non-whitespace child of every entered node, with its field, in visiting order;
      // Sibling links consecutive ones.
      const childEdges = new Map<GraphNode, [GraphNode, string | null][]>();
      for (const [from, targets] of relations.sources('Child')) childEdges.set(from, targets.map((t) => [t.node!, t.label ?? null]));
      const siblings = new Map<GraphNode, GraphNode[]>();
      for (const [from, targets] of relations.sources('Sibling')) siblings.set(from, targets.map((t) => t.node!));
      const astMismatches: string[] = [];
      const stack: CstNode[] = [module];
      while (stack.length > 0) {
        const node = stack.pop()!;
        const expected = children(node).filter(([, c]) => !isWhitespaceNode(c));
        const labelled = (childEdges.get(node) ?? []).filter(([, label]) => label !== null);
        // Identity, not deep equality: the same child objects under the same fields, in order.
        const same = labelled.length === expected.length && labelled.every(([c, f], i) => c === expected[i]![1] && f === expected[i]![0]);
        if (!same) astMismatches.push(`${node.type} at ${JSON.stringify(node.range)}`);
        for (let i = 1; i < expected.length; i++) {
          if (!siblings.get(expected[i - 1]![1])?.includes(expected[i]![1])) astMismatches.push(`Sibling under ${node.type}`);
        }
        for (let i = expected.length - 1; i >= 0; i--) stack.push(expected[i]![1]);
      }
      expect(astMismatches).toEqual([]);

      // Tokens: the chain is Python's kept tokens, each represented by a node with exactly its range
      // (a CST node standing for it) or by a token node labelled with its text.
      const chain: GraphNode[] = [];
      for (const [from, targets] of relations.sources('NextToken')) {
        if (chain.length === 0) chain.push(from);
        expect(targets).toHaveLength(1);
        expect(from).toBe(chain[chain.length - 1]);
        chain.push(targets[0]!.node!);
      }
      const want = pythonTokens[path]!;
      // A single token has no NextToken edge (a comment-only file): nothing to follow.
      expect(chain).toHaveLength(want.length > 1 ? want.length : 0);
      const tokenMismatches: string[] = [];
      chain.forEach((node, i) => {
        const [sl, sc, el, ec, label] = want[i]!;
        const r = node.range!;
        if (r.start.line !== sl || r.start.column !== sc || r.end.line !== el || r.end.column !== ec || (isTokenNode(node) && node.value !== label)) {
          tokenMismatches.push(`token ${i} ${JSON.stringify(label)} at ${sl}:${sc}`);
        }
      });
      expect(tokenMismatches).toEqual([]);

      // Every token node hangs below exactly one claiming node whose range contains it.
      const claimedBy = new Map<GraphNode, GraphNode>();
      const claimMismatches: string[] = [];
      const precedes = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line < b.line || (a.line === b.line && a.column <= b.column);
      for (const [from, targets] of childEdges) {
        for (const [to, label] of targets) {
          if (label !== null) continue;
          const inside = precedes(from.range!.start, to.range!.start) && precedes(to.range!.end, from.range!.end);
          if (!isTokenNode(to) || claimedBy.has(to) || !inside) claimMismatches.push(`${from.type} claims ${JSON.stringify(to.range)}`);
          claimedBy.set(to, from);
        }
      }
      expect(claimMismatches).toEqual([]);
      expect(chain.filter(isTokenNode).length).toBe(claimedBy.size);
    });
  }
});
