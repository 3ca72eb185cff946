import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { computeRelations } from '../../src/graph/index.js';
import { isTokenNode, type GraphNode } from '../../src/graph/relations.js';
import { buildTokenChain, pythonTokensProvider } from '../../src/graph/tokens.js';
import type { CstNode } from '../../src/python/cst.js';
import type { Token, TokenKind } from '../../src/python/token.js';

const at = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, column: sc }, end: { line: el, column: ec } });
const tok = (kind: TokenKind, text: string, sl: number, sc: number, el: number, ec: number): Token => ({
  kind, text, startLine: sl, startCol: sc, endLine: el, endCol: ec, start: 0, end: 0,
});

// if a:
//     b  # c
// d
function tree() {
  const a: CstNode = { type: 'Name', range: at(1, 3, 1, 4), value: 'a', lpar: [], rpar: [] };
  const b: CstNode = { type: 'Name', range: at(2, 4, 2, 5), value: 'b', lpar: [], rpar: [] };
  const comment: CstNode = { type: 'Comment', range: at(2, 7, 2, 10), value: '# c' };
  const bLine: CstNode = {
    type: 'SimpleStatementLine', range: at(2, 4, 2, 5), leading_lines: [],
    body: [{ type: 'Expr', range: at(2, 4, 2, 5), value: b, semicolon: null }],
    trailing_whitespace: { type: 'TrailingWhitespace', whitespace: { type: 'SimpleWhitespace', value: '  ' }, comment, newline: { type: 'Newline', value: null } },
  };
  const block: CstNode = { type: 'IndentedBlock', range: at(1, 5, 2, 10), header: null, indent: null, body: [bLine], footer: [] };
  const ifNode: CstNode = { type: 'If', range: at(1, 0, 2, 5), leading_lines: [], whitespace_before_test: null, test: a, whitespace_after_test: null, body: block, orelse: null };
  const d: CstNode = { type: 'Name', range: at(3, 0, 3, 1), value: 'd', lpar: [], rpar: [] };
  const dLine: CstNode = { type: 'SimpleStatementLine', range: at(3, 0, 3, 1), leading_lines: [], body: [{ type: 'Expr', range: at(3, 0, 3, 1), value: d, semicolon: null }], trailing_whitespace: null };
  const module: CstNode = { type: 'Module', range: at(1, 0, 4, 0), header: [], body: [ifNode, dLine], footer: [] };
  const tokens = [
    tok('NAME', 'if', 1, 0, 1, 2), tok('NAME', 'a', 1, 3, 1, 4), tok('OP', ':', 1, 4, 1, 5), tok('NEWLINE', '\n', 1, 5, 1, 6),
    tok('INDENT', '    ', 2, 0, 2, 4), tok('NAME', 'b', 2, 4, 2, 5), tok('COMMENT', '# c', 2, 7, 2, 10), tok('NEWLINE', '\n', 2, 10, 2, 11),
    tok('DEDENT', '', 3, 0, 3, 0), tok('DEDENT', '', 3, 0, 3, 0), tok('NAME', 'd', 3, 0, 3, 1), tok('NEWLINE', '', 3, 1, 3, 2),
    tok('ENDMARKER', '', 4, 0, 4, 0),
  ];
  return { module, ifNode, block, a, b, comment, d, tokens };
}

const label = (n: GraphNode) => (isTokenNode(n) ? `tok:${n.value}` : `${n.type}`);

describe('token chain', () => {
  it('lets single-token nodes stand for their token and hangs the rest below the claiming node', () => {
    const t = tree();
    const chain = buildTokenChain(t.module, t.tokens);
    // Two DEDENTs at one position count once; NEWLINE and ENDMARKER are dropped.
    expect(chain.nodes.map((n) => label(n!))).toEqual(['tok:if', 'Name', 'tok::', 'tok:<INDENT>', 'Name', 'Comment', 'tok:<DEDENT>', 'tok:d']);
    expect(chain.nodes[1]).toBe(t.a);
    expect(chain.nodes[4]).toBe(t.b);
    // The comment sits in whitespace but is a node of its own that stands for its token.
    expect(chain.nodes[5]).toBe(t.comment);
    // `d` claims the zero-width DEDENT and its own token, so both become token nodes below it.
    const claimers = chain.claims.map(([node, toks]) => [node, toks.map((x) => x.value)] as const);
    expect(claimers).toEqual([
      [t.block, ['<INDENT>']],
      [t.ifNode, ['if', ':']],
      [t.d, ['<DEDENT>', 'd']],
    ]);
  });

  it('adds token Child edges after the AST edges and NextToken along the chain', () => {
    const t = tree();
    const file = new FileAnalysis('if a:\n    b  # c\nd', t.module, 'x.py');
    file.provide(pythonTokensProvider, t.tokens);
    const { relations, errors } = computeRelations(file);
    expect(errors).toEqual([]);
    expect(relations.kindNames()).toEqual(['Child', 'Sibling', 'NextToken']);
    const childSources = [...relations.sources('Child')].map(([n]) => n.type);
    // Pre-order AST parents first; `d` only gets token children, so it comes last.
    expect(childSources).toEqual(['Module', 'If', 'IndentedBlock', 'SimpleStatementLine', 'Expr', 'SimpleStatementLine', 'Expr', 'Name']);
    const ifTargets = [...relations.sources('Child')].find(([n]) => n === t.ifNode)![1];
    expect(ifTargets.map((x) => [x.node && label(x.node), x.label])).toEqual([['Name', 'test'], ['IndentedBlock', 'body'], ['tok:if', null], ['tok::', null]]);
    const next = [...relations.sources('NextToken')].map(([from, to]) => `${label(from)}->${label(to[0]!.node!)}`);
    expect(next).toEqual(['tok:if->Name', 'Name->tok::', 'tok::->tok:<INDENT>', 'tok:<INDENT>->Name', 'Name->Comment', 'Comment->tok:<DEDENT>', 'tok:<DEDENT>->tok:d']);
  });

  it('fails the pass on a token that no node covers, after the claims, as BugLab does', () => {
    const t = tree();
    t.module['body'] = [t.ifNode];
    t.module.range = at(1, 0, 2, 11);
    expect(buildTokenChain(t.module, t.tokens).unclaimed).toEqual(['"<DEDENT>"@3:0', '"d"@3:0']);
    const file = new FileAnalysis('if a:\n    b  # c\nd', t.module, 'x.py');
    file.provide(pythonTokensProvider, t.tokens);
    const { relations, errors } = computeRelations(file);
    expect(errors.map((e) => e.pass)).toContain('token');
    expect(errors.find((e) => e.pass === 'token')!.message).toMatch(/outside every node/);
    expect(relations.kindNames()).not.toContain('NextToken');
    const claimers = [...relations.sources('Child')].map(([n]) => n);
    expect(claimers).toContain(t.block);
  });
});
