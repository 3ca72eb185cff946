/**
 * BugLab's AST relations: in pre-order over the non-whitespace nodes, `Child` from each node to each
 * non-whitespace child (label: the field holding it) and `Sibling` from each such child to the next
 * one of the same parent, across fields. Whitespace nodes are neither linked nor entered.
 */
import { rangeContains, type CstNode } from '../../python/cst.js';
import type { FileAnalysis } from '../analysis.js';
import type { FunctionAlone } from '../function-alone.js';
import type { CodeRelations } from '../relations.js';
import { forEachChild, isWhitespaceNode } from '../../python/visit.js';

export function addAstRelations(file: FileAnalysis, relations: CodeRelations): void {
  addSubtreeAstRelations(file.module, relations);
}

/**
 * The AST relations of one function alone, equal to those of the whole-file pass inside the
 * function's range. They start at the outermost ancestor whose range still lies inside the
 * function's (the IndentedBlock of a class whose only statement is this method has exactly its
 * range, so BugLab's graph of the method contains it); other edges into or out of that subtree have
 * an end outside the range.
 */
export function addFunctionAstRelations(fn: FunctionAlone, relations: CodeRelations): void {
  addSubtreeAstRelations(fn.graphRoot, relations);
}

/**
 * The first node on the path from `module` down to `target` whose range lies inside `target`'s:
 * where the AST relations of a function's graph start.
 */
export function functionGraphRoot(module: CstNode, target: CstNode): CstNode {
  const range = target.range!;
  let node = module;
  while (node !== target) {
    if (node.range !== undefined && rangeContains(range, node.range)) return node;
    let next: CstNode | null = null;
    forEachChild(node, (child) => {
      if (next === null && !isWhitespaceNode(child) && child.range !== undefined && rangeContains(child.range, range)) next = child;
    });
    if (next === null) throw new Error('the function is not in the module');
    node = next;
  }
  return target;
}

/** The AST relations of the subtree under `root`. */
export function addSubtreeAstRelations(root: CstNode, relations: CodeRelations): void {
  const stack: CstNode[] = [root];
  const children: CstNode[] = [];
  let parent: CstNode = root;
  let previous: CstNode | null = null;
  const link = (child: CstNode, field: string): void => {
    if (isWhitespaceNode(child)) return;
    relations.add('Child', parent, child, field);
    if (previous !== null) relations.add('Sibling', previous, child);
    previous = child;
    children.push(child);
  };
  while (stack.length > 0) {
    parent = stack.pop()!;
    previous = null;
    children.length = 0;
    forEachChild(parent, link);
    // Pre-order: the first child is visited next.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
