/**
 * The concrete syntax tree that bugmine's parser builds and every later stage reads.
 *
 * Its shape is LibCST's (DESIGN.md makes it part of the output contract): one object per LibCST
 * node, `type` is the LibCST class name, and every LibCST dataclass field is a property of the
 * same name. Field values follow these rules:
 *
 * - a child node: a `CstNode`;
 * - a sequence of nodes (`Sequence[...]` in LibCST): an array, possibly empty, never null;
 *   the parser's empty `lpar`/`rpar` lists are one shared frozen array: replace a list, never
 *   change it in place;
 * - an absent optional child (`None`) or `MaybeSentinel.DEFAULT`: `null`;
 * - scalar fields (`Name.value`, `Integer.value`, `SimpleString.value`, `Comment.value`,
 *   `SimpleWhitespace.value`, `Newline.value`, `Param.star`, `IndentedBlock.indent`,
 *   `EmptyLine.indent`, `Module.encoding`, ...): the string / boolean / null LibCST holds.
 *
 * One exception: `ExceptHandler`/`ExceptStarHandler` have a LibCST field named `type` (the exception
 * expression), which would collide with the node's own `type`; it is stored as `exceptType`
 * (`EXCEPT_TYPE_FIELD`, `propertyOfField` in visit.ts).
 *
 * Whitespace is kept in LibCST's whitespace nodes (`SimpleWhitespace`, `ParenthesizedWhitespace`,
 * `TrailingWhitespace`, `EmptyLine`, `Newline`, `Comment`), so that code generation reproduces the
 * source text exactly.
 *
 * `range` is LibCST's syntactic position (`PositionProvider`): lines from 1, columns from 0 in
 * Unicode code points, excluding the whitespace, comments and newlines around the node. Every
 * non-whitespace node has one.
 *
 * `NODE_SCHEMA` (schema.ts) lists the fields of every node type and the order in which LibCST
 * visits children; the walkers of visit.ts use it instead of knowing node types.
 */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 0-based column in Unicode code points. */
  column: number;
}

export interface CodeRange {
  start: Position;
  end: Position;
}

export interface CstNode {
  /** LibCST class name, e.g. `Name`, `FunctionDef`, `SimpleWhitespace`. */
  readonly type: string;
  /** LibCST syntactic position; present on every node that is not a whitespace node. */
  range?: CodeRange;
  /** LibCST fields by name (see the rules above). */
  [field: string]: unknown;
}

export function isNode(value: unknown): value is CstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as CstNode).type === 'string';
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

/** Inclusive at both ends, as BugLab's containment tests are. */
export function rangeContains(outer: CodeRange, inner: CodeRange): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
