/**
 * LibCST's `ExpressionContextProvider`, restricted to what the scope builder asks: whether a `Name`
 * is stored to, deleted, or loaded. Names that LibCST gives no context (attribute names after the
 * dot) are simply absent.
 */
import type { CstNode } from '../../python/cst.js';
import { nonWhitespaceChildren } from './children.js';

export type ExpressionContext = 'LOAD' | 'STORE' | 'DEL';

export function computeNameContexts(module: CstNode): Map<CstNode, ExpressionContext> {
  const contexts = new Map<CstNode, ExpressionContext>();

  const visitChildren = (node: CstNode, context: ExpressionContext): void => {
    for (const child of nonWhitespaceChildren(node)) visit(child, context);
  };
  const visitField = (node: CstNode, field: string, context: ExpressionContext): void => {
    const value = node[field];
    if (Array.isArray(value)) {
      for (const item of value as CstNode[]) visit(item, context);
    } else if (value !== null && value !== undefined && typeof value === 'object') {
      visit(value as CstNode, context);
    }
  };

  const visit = (node: CstNode, context: ExpressionContext): void => {
    switch (node.type) {
      case 'Name':
        contexts.set(node, context);
        return;
      case 'Assign':
        visitField(node, 'targets', 'STORE');
        visitField(node, 'value', context);
        return;
      case 'AnnAssign':
        visitField(node, 'target', 'STORE');
        visitField(node, 'annotation', context);
        visitField(node, 'value', context);
        return;
      case 'AugAssign':
      case 'NamedExpr':
        visitField(node, 'target', 'STORE');
        visitField(node, 'value', context);
        return;
      case 'AsName':
        visitField(node, 'name', 'STORE');
        return;
      case 'CompFor':
        visitField(node, 'target', 'STORE');
        visitField(node, 'iter', context);
        visitField(node, 'ifs', context);
        visitField(node, 'inner_for_in', context);
        return;
      case 'For':
        visitField(node, 'target', 'STORE');
        visitField(node, 'iter', context);
        visitField(node, 'body', context);
        visitField(node, 'orelse', context);
        return;
      case 'Del':
        visitField(node, 'target', 'DEL');
        return;
      case 'Attribute':
        visitField(node, 'value', 'LOAD');
        return;
      case 'Subscript':
        visitField(node, 'value', 'LOAD');
        visitField(node, 'slice', 'LOAD');
        return;
      case 'ClassDef':
        visitField(node, 'name', 'STORE');
        visitField(node, 'body', context);
        visitField(node, 'bases', context);
        visitField(node, 'keywords', context);
        visitField(node, 'decorators', context);
        return;
      case 'FunctionDef':
        visitField(node, 'name', 'STORE');
        visitField(node, 'params', context);
        visitField(node, 'body', context);
        visitField(node, 'decorators', context);
        visitField(node, 'returns', context);
        return;
      case 'Param':
        visitField(node, 'name', 'STORE');
        visitField(node, 'annotation', context);
        visitField(node, 'default', context);
        return;
      default:
        visitChildren(node, context);
    }
  };

  visit(module, 'LOAD');
  return contexts;
}
