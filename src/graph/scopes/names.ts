import type { CstNode } from '../../python/cst.js';

/**
 * LibCST's `get_full_name_for_node`: the dotted name a node spells (`Name`, `Attribute`, and through
 * `Call`, `Subscript`, `FunctionDef`, `ClassDef`, `Decorator`), or null. As in LibCST, an attribute
 * whose base has no name gets the base `None` (`"".join` → `None.join`), which the builtin `None`
 * then resolves.
 */
export function fullNameOf(node: CstNode): string | null {
  switch (node.type) {
    case 'Name':
      return node['value'] as string;
    case 'Attribute':
      return `${fullNameOf(node['value'] as CstNode) ?? 'None'}.${(node['attr'] as CstNode)['value'] as string}`;
    case 'Call':
      return fullNameOf(node['func'] as CstNode);
    case 'Subscript':
      return fullNameOf(node['value'] as CstNode);
    case 'FunctionDef':
    case 'ClassDef':
      return fullNameOf(node['name'] as CstNode);
    case 'Decorator':
      return fullNameOf(node['decorator'] as CstNode);
    default:
      return null;
  }
}
