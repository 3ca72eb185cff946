/**
 * Plays an edit script on the before tree. Applied to the tree it was computed from, a script gives
 * the after tree (the differ's round-trip check); a script that does not fit the tree is an error.
 */
import { VIRTUAL_ROOT, type EditAction, type NodeRef } from './script.js';
import { toPlain, type DiffTree, type PlainNode } from './tree.js';

export class EditScriptError extends Error {}

export function applyEditScript(before: DiffTree, actions: readonly EditAction[]): PlainNode {
  const virtualRoot: PlainNode = { type: '', value: '', field: null, children: [toPlain(before.root)] };
  const byRef = new Map<NodeRef, PlainNode>();
  const parentOf = new Map<PlainNode, PlainNode>();
  byRef.set(VIRTUAL_ROOT, virtualRoot);
  let id = 0;
  const index = (n: PlainNode, parent: PlainNode): void => {
    byRef.set(`b${id++}`, n);
    parentOf.set(n, parent);
    for (const c of n.children) index(c, n);
  };
  index(virtualRoot.children[0]!, virtualRoot);

  const lookup = (ref: NodeRef, action: EditAction): PlainNode => {
    const n = byRef.get(ref);
    if (n === undefined) throw new EditScriptError(`${action.kind} names ${ref}, which is not in the tree`);
    return n;
  };
  const detach = (n: PlainNode): void => {
    const parent = parentOf.get(n)!;
    const at = parent.children.indexOf(n);
    if (at < 0) throw new EditScriptError('node is not among its parent\'s children');
    parent.children.splice(at, 1);
  };
  const attach = (n: PlainNode, parent: PlainNode, position: number, action: EditAction): void => {
    if (position < 0 || position > parent.children.length) throw new EditScriptError(`${action.kind} of ${action.node} at position ${position} of ${parent.children.length}`);
    parent.children.splice(position, 0, n);
    parentOf.set(n, parent);
  };

  for (const action of actions) {
    switch (action.kind) {
      case 'insert': {
        if (byRef.has(action.node)) throw new EditScriptError(`insert of ${action.node}, which exists`);
        const n: PlainNode = { type: action.type, value: action.value, field: action.field, children: [] };
        attach(n, lookup(action.parent, action), action.position, action);
        byRef.set(action.node, n);
        break;
      }
      case 'delete': {
        const n = lookup(action.node, action);
        if (n.children.length > 0) throw new EditScriptError(`delete of ${action.node}, which still has children`);
        detach(n);
        byRef.delete(action.node);
        break;
      }
      case 'update': {
        const n = lookup(action.node, action);
        if (n.value !== action.from) throw new EditScriptError(`update of ${action.node} from ${JSON.stringify(action.from)}, but it holds ${JSON.stringify(n.value)}`);
        n.value = action.to;
        break;
      }
      case 'move': {
        const n = lookup(action.node, action);
        detach(n);
        n.field = action.field;
        attach(n, lookup(action.parent, action), action.position, action);
        break;
      }
    }
  }
  if (virtualRoot.children.length !== 1) throw new EditScriptError(`the script leaves ${virtualRoot.children.length} roots`);
  return virtualRoot.children[0]!;
}
