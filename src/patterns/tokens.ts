/**
 * Token-for-token comparison of code fragments: the tokens Python's tokenizer gives the generated
 * text, without comments and non-logical newlines, indentation compared by kind (INDENT/DEDENT), not
 * by width.
 */
import { codegen } from '../python/codegen.js';
import type { CstNode } from '../python/cst.js';
import { tokenize } from '../python/tokenize.js';

export function significantTokens(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (t.kind === 'NL' || t.kind === 'COMMENT' || t.kind === 'ENDMARKER') continue;
    out.push(t.kind === 'INDENT' || t.kind === 'DEDENT' || t.kind === 'NEWLINE' ? t.kind : `${t.kind}:${t.text}`);
  }
  return out;
}

export function sameTokens(a: CstNode, b: CstNode): boolean {
  const ta = significantTokens(codegen(a));
  const tb = significantTokens(codegen(b));
  return ta.length === tb.length && ta.every((t, i) => t === tb[i]);
}
