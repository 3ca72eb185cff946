// The Python front end: decoding, tokenizing (and, from the other parts, parsing and code generation).
export type { Token, TokenKind } from './token.js';
export { tokenize, TokenizeError } from './tokenize.js';
