// The Python front end: decoding, tokenizing (and, from the other parts, parsing and code generation).
export { decodeSource, normalizeNewlines, SourceDecodeError, type DecodedSource } from './decode.js';
export type { Token, TokenKind } from './token.js';
export { tokenize, TokenizeError } from './tokenize.js';
export { codegen, type CodegenOptions } from './codegen.js';
export { assignPositions } from './positions.js';
export { walk, findAll, children, rangeOf, fieldValue, isWhitespaceNode, EXCEPT_TYPE_FIELD, type Visitor, type WalkOptions } from './visit.js';
export { parseModule, ParseError, type ParseOptions } from './parser/index.js';
