/**
 * The state of one code-generation walk, modelled on LibCST's `CodegenState`: node rules (rules.ts)
 * add tokens here, and the emitter appends them to the output text. Positions have their own walk
 * (../positions.ts), which counts the same tokens without building text.
 */
import type { CstNode } from '../cst.js';
import { NODE_RULES } from './rules.js';

/**
 * A node rule: generates `node`'s tokens. `extra` carries LibCST's string keyword argument of the
 * call (`default_star`, `default_indicator`, `default_space`), if any.
 */
export type NodeRule = (e: Emitter, node: CstNode, flags: number, extra: string | null) => void;

export interface EmitterOptions {
  defaultIndent: string;
  defaultNewline: string;
}

export class Emitter {
  text = '';
  readonly defaultIndent: string;
  readonly defaultNewline: string;
  private readonly indentTokens: string[] = [];
  private tokenCount = 0;
  private lastTokenLength = 0;

  constructor(options: EmitterOptions) {
    this.defaultIndent = options.defaultIndent;
    this.defaultNewline = options.defaultNewline;
  }

  /** Generates a node (LibCST's `_codegen`). */
  node(node: CstNode, flags = 0, extra: string | null = null): void {
    const rule = NODE_RULES.get(node.type);
    if (rule === undefined) throw new Error(`codegen: unknown CST node type ${node.type}`);
    rule(this, node, flags, extra);
  }

  /** Generates an optional child (`null` is LibCST's `None` / `MaybeSentinel.DEFAULT`). */
  maybe(node: unknown): void {
    if (node !== null && node !== undefined) this.node(node as CstNode);
  }

  /** Generates every node of a sequence field. */
  all(nodes: readonly CstNode[]): void {
    for (let i = 0; i < nodes.length; i++) this.node(nodes[i]!);
  }

  /** Adds a token: a keyword, operator or bracket, or source text (names, literals, whitespace). */
  token(value: string): void {
    this.text += value;
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
    for (const token of this.indentTokens) this.token(token);
  }

  get hasTokens(): boolean {
    return this.tokenCount > 0;
  }

  /** LibCST's `pop_trailing_newline`: removes the last token from the text. */
  popLastToken(): void {
    if (this.tokenCount === 0) return;
    this.text = this.text.slice(0, this.text.length - this.lastTokenLength);
    this.tokenCount--;
    this.lastTokenLength = 0;
  }
}
