/**
 * The state of one code-generation walk, modelled on LibCST's `CodegenState` and its position-providing
 * subclass: node rules (rules.ts) add tokens here; the emitter appends them to the output text and/or
 * advances the line/column counter, and records each node's range the way `PositionProvider` does.
 *
 * One walk serves both jobs (text, positions) so that positions follow exactly the tokens codegen
 * produces, as in LibCST, where positions are a by-product of code generation.
 */
import type { CodeRange, CstNode, Position } from '../cst.js';
import { NODE_RULES } from './rules.js';

/**
 * A node rule: generates `node`'s tokens; returns true when it recorded the node's syntactic range
 * itself (LibCST's `record_syntactic_position`), false when the range is the whitespace-inclusive
 * span of everything it generated. `extra` carries LibCST's string keyword argument of the call
 * (`default_star`, `default_indicator`, `default_space`), if any.
 */
export type NodeRule = (e: Emitter, node: CstNode, flags: number, extra: string | null) => boolean;

export interface EmitterOptions {
  /** Build the source text (`text`). */
  emit: boolean;
  /** Track positions and set `range` on every node. */
  track: boolean;
  defaultIndent: string;
  defaultNewline: string;
  /** Line number of the first line (default 1). */
  firstLine?: number;
}

export class Emitter {
  text = '';
  /** 1-based line of the next token. */
  private line = 1;
  /** 0-based column (code points) of the next token. */
  private column = 0;
  readonly emit: boolean;
  readonly track: boolean;
  readonly defaultIndent: string;
  readonly defaultNewline: string;
  private readonly indentTokens: string[] = [];
  private tokenCount = 0;
  /** The Position object of (line, column), once some range needed it; reset when a token moves on. */
  private here: Position | null = null;
  private lastRange: CodeRange | null = null;
  private lastTokenLength = 0;

  constructor(options: EmitterOptions) {
    this.emit = options.emit;
    this.track = options.track;
    this.defaultIndent = options.defaultIndent;
    this.defaultNewline = options.defaultNewline;
    this.line = options.firstLine ?? 1;
  }

  /** Generates a node (LibCST's `_codegen`: before_codegen, the node rule, after_codegen). */
  node(node: CstNode, flags = 0, extra: string | null = null): void {
    const rule = NODE_RULES.get(node.type);
    if (rule === undefined) throw new Error(`codegen: unknown CST node type ${node.type}`);
    const start = this.mark();
    const recorded = rule(this, node, flags, extra);
    if (!recorded && start !== null) node.range = this.range(start, this.position());
  }

  /** Generates an optional child (`null` is LibCST's `None` / `MaybeSentinel.DEFAULT`). */
  maybe(node: unknown): void {
    if (node !== null && node !== undefined) this.node(node as CstNode);
  }

  /** Generates every node of a sequence field. */
  all(nodes: readonly CstNode[]): void {
    for (let i = 0; i < nodes.length; i++) this.node(nodes[i]!);
  }

  /** Adds a fixed token: ASCII, no line break (keywords, operators, brackets). */
  token(value: string): void {
    if (this.emit) this.text += value;
    if (value.length > 0) {
      this.column += value.length;
      this.here = null;
    }
    this.tokenCount++;
    this.lastTokenLength = value.length;
  }

  /** Adds a token of source text that may hold line breaks or non-ASCII characters. */
  value(value: string): void {
    if (this.emit) this.text += value;
    if (this.track && value.length > 0) {
      this.advance(value);
      this.here = null;
    }
    this.tokenCount++;
    this.lastTokenLength = value.length;
  }

  indent(value: string): void {
    this.indentTokens.push(value);
  }

  dedent(): void {
    this.indentTokens.pop();
  }

  addIndentTokens(): void {
    for (const token of this.indentTokens) this.value(token);
  }

  get hasTokens(): boolean {
    return this.tokenCount > 0;
  }

  /** LibCST's `pop_trailing_newline`: removes the last token from the text (positions are not rewound, as in LibCST). */
  popLastToken(): void {
    if (this.tokenCount === 0) return;
    if (this.emit) this.text = this.text.slice(0, this.text.length - this.lastTokenLength);
    this.tokenCount--;
    this.lastTokenLength = 0;
  }

  /** The current position when tracking positions, else null (nothing to record). */
  mark(): Position | null {
    return this.track ? this.position() : null;
  }

  /**
   * The current position as an object, shared by every range that starts or ends here until the next
   * token moves on: ranges are read-only, and sharing saves most of their allocation.
   */
  private position(): Position {
    return (this.here ??= { line: this.line, column: this.column });
  }

  /** `record_syntactic_position(node)`: from `start` (a `mark()`) to here. */
  record(node: CstNode, start: Position | null): void {
    if (start !== null) node.range = this.range(start, this.position());
  }

  /** `record_syntactic_position(node, start_node=?, end_node=?)`: child ranges hoisted over the recorded span. */
  recordHoisted(node: CstNode, start: Position | null, startNode: CstNode | null, endNode: CstNode | null): void {
    if (start === null) return;
    node.range = this.range(startNode?.range?.start ?? start, endNode?.range?.end ?? this.position());
  }

  /**
   * A range object; nested nodes that start and end at the same positions (an expression statement,
   * its expression, ...) are created one after the other and share one.
   */
  private range(start: Position, end: Position): CodeRange {
    const last = this.lastRange;
    if (last !== null && last.start === start && last.end === end) return last;
    return (this.lastRange = { start, end });
  }

  /** Python's position update for a token: lines split at `\r\n`, `\r`, `\n`; columns count code points. */
  private advance(value: string): void {
    let line = this.line;
    let column = this.column;
    const length = value.length;
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i);
      if (c === 10) {
        line++;
        column = 0;
      } else if (c === 13) {
        line++;
        column = 0;
        if (value.charCodeAt(i + 1) === 10) i++;
      } else if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
        const previous = value.charCodeAt(i - 1);
        // The low half of a surrogate pair: the pair is one code point, already counted.
        if (previous < 0xd800 || previous > 0xdbff) column++;
      } else {
        column++;
      }
    }
    this.line = line;
    this.column = column;
  }
}
