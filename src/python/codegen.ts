/**
 * Code generation: the exact source text of a CST node, as LibCST's `_codegen_impl` produces it.
 * For a parsed module, `codegen(module) === source`.
 */
import type { CstNode } from './cst.js';
import { Emitter } from './codegen/emitter.js';

export interface CodegenOptions {
  /** Indentation of an `IndentedBlock` whose `indent` is null (LibCST's `Module.default_indent`). */
  defaultIndent?: string;
  /** Text of a `Newline` whose `value` is null (LibCST's `Module.default_newline`). */
  defaultNewline?: string;
}

/**
 * The source text of `node`. A `Module` uses its own `default_indent`/`default_newline`; any other node
 * uses `options` (default four spaces and `\n`), as LibCST's `Module.code_for_node` does with the
 * module's values.
 */
export function codegen(node: CstNode, options: CodegenOptions = {}): string {
  const emitter = new Emitter(moduleDefaults(node, options));
  emitter.node(node);
  return emitter.text;
}

export function moduleDefaults(node: CstNode, options: CodegenOptions): { defaultIndent: string; defaultNewline: string } {
  if (node.type === 'Module') {
    return { defaultIndent: node['default_indent'] as string, defaultNewline: node['default_newline'] as string };
  }
  return { defaultIndent: options.defaultIndent ?? '    ', defaultNewline: options.defaultNewline ?? '\n' };
}
