/** What every rewrite scout sees and produces. */
import type { CstNode } from '../../python/cst.js';
import type { FileAnalysis } from '../../graph/analysis.js';
import type { RewriteOp } from '../ops.js';

export type ScoutName =
  | 'ArgSwapRewriteScout'
  | 'AssignRewriteScout'
  | 'BinaryOperatorRewriteScout'
  | 'BooleanOperatorRewriteScout'
  | 'ComparisonOperatorRewriteScout'
  | 'LiteralRewriteScout'
  | 'VariableMisuseRewriteScout';

export interface Candidate {
  readonly op: RewriteOp;
  readonly scout: ScoutName;
  /** The node the candidate is anchored at (`graph.reference_nodes`). */
  readonly anchor: CstNode;
  /** VariableMisuse: the qualified name of the substituted variable; otherwise null. */
  readonly metadata: string | null;
}

export interface ScoutContext {
  readonly file: FileAnalysis;
  /** LibCST operator class names that are neither replaced nor offered as replacements. */
  readonly disabledOperators: ReadonlySet<string>;
  /** The nearest statement (LibCST `BaseStatement`) enclosing or being the current node, kept by the walk. */
  statement: CstNode | null;
  emit(candidate: Candidate): void;
}

/**
 * A scout is told about every node of the module in pre-order (`enter`, with the node's parent) and,
 * for the node types it lists in `leaves`, when the walk leaves them.
 */
export interface Scout {
  /** Node types whose `enter` this scout wants. */
  readonly visits: readonly string[];
  enter(node: CstNode, parent: CstNode | null, context: ScoutContext): void;
  readonly leaves?: readonly string[];
  leave?(node: CstNode, context: ScoutContext): void;
}
