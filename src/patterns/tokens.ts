/**
 * Token-for-token comparison of code fragments: the tokens Python's tokenizer gives the generated
 * text, without comments and non-logical newlines, indentation compared by kind (INDENT/DEDENT), not
 * by width.
 */
import { codegen } from '../python/codegen.js';
import type { CstNode } from '../python/cst.js';
import type { Token } from '../python/token.js';
import { tokenize } from '../python/tokenize.js';

/** The tokens compared, with their positions: all but comments, non-logical newlines and the end marker. */
export function significantTokenList(text: string): Token[] {
  return tokenize(text).filter((t) => t.kind !== 'NL' && t.kind !== 'COMMENT' && t.kind !== 'ENDMARKER');
}

/** What two tokens must share to be equal: kind and text, indentation by kind only. */
export function tokenKey(t: Token): string {
  return t.kind === 'INDENT' || t.kind === 'DEDENT' || t.kind === 'NEWLINE' ? t.kind : `${t.kind}:${t.text}`;
}

export function significantTokens(text: string): string[] {
  return significantTokenList(text).map(tokenKey);
}

/** One string per text that is equal exactly when the texts' significant tokens are. */
export function tokenSignature(text: string): string {
  return significantTokens(text).join('\u0000');
}

export function sameTokens(a: CstNode, b: CstNode): boolean {
  const ta = significantTokens(codegen(a));
  const tb = significantTokens(codegen(b));
  return ta.length === tb.length && ta.every((t, i) => t === tb[i]);
}
