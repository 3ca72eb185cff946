/**
 * BugLab's function finder: every `FunctionDef` (async ones and methods included, also methods of
 * classes nested in classes) in LibCST's pre-order, without looking inside a function, so functions
 * and classes nested in a function belong to the enclosing function's sample.
 */
import type { CodeRange, CstNode } from '../python/cst.js';
import { isWhitespaceNode, pushChildren } from '../python/visit.js';

export interface FoundFunction {
  readonly node: CstNode;
  /** From `def` (or `async`) to the end of the body's last token; decorators excluded. */
  readonly range: CodeRange;
}

export function findFunctions(module: CstNode): FoundFunction[] {
  const found: FoundFunction[] = [];
  const stack: CstNode[] = [module];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'FunctionDef') {
      if (node.range === undefined) throw new Error('FunctionDef without a range');
      found.push({ node, range: node.range });
      continue;
    }
    // Whitespace cannot hold a function; skipping it saves most of the walk.
    if (isWhitespaceNode(node)) continue;
    pushChildren(node, stack, { reverse: true });
  }
  return found;
}
