/**
 * BugLab's AST relations: in pre-order over the non-whitespace nodes, `Child` from each node to each
 * non-whitespace child (label: the field holding it) and `Sibling` from each such child to the next
 * one of the same parent, across fields. Whitespace nodes are neither linked nor entered.
 */
import type { CstNode } from '../../python/cst.js';
import type { FileAnalysis } from '../analysis.js';
import type { CodeRelations } from '../relations.js';
import { forEachChild, isWhitespaceNode } from '../walk.js';

export function addAstRelations(file: FileAnalysis, relations: CodeRelations): void {
  const stack: CstNode[] = [file.module];
  const children: CstNode[] = [];
  let parent: CstNode = file.module;
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
