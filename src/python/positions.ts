/**
 * LibCST's syntactic positions (`PositionProvider`): sets `range` on every node of a tree, whitespace
 * nodes included, in one code-generation pass that counts lines and code points.
 *
 * A node's range is that of the tokens it generates, narrowed where LibCST's codegen calls
 * `record_syntactic_position`: statements start after their leading lines and indentation (a
 * `FunctionDef`/`ClassDef` after its decorators) and end where their last body statement ends; a
 * `SimpleStatementLine` ends at its last small statement (no trailing whitespace, comment or newline);
 * an `IndentedBlock` spans its first to its last statement; parenthesized expressions exclude their
 * parentheses; `Arg`, `Param`, list elements and the like exclude their commas. Nodes without such a
 * rule (whitespace, brackets, `Parameters`, `CompFor`, unary operators, the `Module`) span everything
 * they generate, whitespace included.
 */
import type { CstNode } from './cst.js';
import { Emitter } from './codegen/emitter.js';
import { moduleDefaults, type CodegenOptions } from './codegen.js';

/**
 * Assigns LibCST's `range` to every node of `root` (normally a `Module`; any other root is laid out as
 * if it started at line 1, column 0, like LibCST's `code_for_node`).
 */
export function assignPositions(root: CstNode, options: CodegenOptions & { firstLine?: number } = {}): void {
  const emitter = new Emitter({ emit: false, track: true, ...moduleDefaults(root, options), firstLine: options.firstLine ?? 1 });
  emitter.node(root);
}
