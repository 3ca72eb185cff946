/**
 * Tokens as Python's own `tokenize` module produces them (CPython 3.11 semantics: an f-string is
 * one STRING token; its end is found with the 3.12 rules, so nested quotes of the same kind work).
 * BugLab's token relation is defined on these tokens, so kinds and positions must match `tokenize`.
 */
export type TokenKind =
  | 'NAME'
  | 'NUMBER'
  | 'STRING'
  | 'OP'
  | 'COMMENT'
  | 'NEWLINE' // end of a logical line
  | 'NL' // a newline that does not end a logical line (blank line, comment line, inside brackets)
  | 'INDENT'
  | 'DEDENT'
  | 'ENDMARKER'
  | 'ERRORTOKEN';

export interface Token {
  readonly kind: TokenKind;
  /** Exact source text (INDENT: the indentation; DEDENT and ENDMARKER: ''). */
  readonly text: string;
  /** As `tokenize` reports them: lines from 1, columns from 0 in Unicode code points. */
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  readonly endCol: number;
  /** Offsets into the decoded text (UTF-16 code units), for slicing: text.slice(start, end). */
  readonly start: number;
  readonly end: number;
}
