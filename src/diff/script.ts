/**
 * Edit script generation from a mapping (Chawathe, Rajaraman, Garcia-Molina, Widom, "Change
 * detection in hierarchically structured information", SIGMOD 1996, as GumTree implements it): a
 * breadth-first walk of the after tree inserts unmatched nodes, updates matched nodes whose text
 * differs, moves matched nodes whose parent (or field) differs, and aligns children by a longest
 * common subsequence so that reordered children become moves; unmatched before nodes are deleted
 * last, leaves first.
 *
 * Actions name nodes by `NodeRef`: `b<id>` a node of the before tree, `a<id>` a node inserted from
 * the after tree, `root` the virtual parent of both roots. They apply in order (`applyEditScript`).
 */
import type { CodeRange } from '../python/cst.js';
import { lcs, type Mappings } from './matcher.js';
import type { DiffNode } from './tree.js';

export type NodeRef = string;
export const VIRTUAL_ROOT: NodeRef = 'root';

export interface InsertAction {
  readonly kind: 'insert';
  /** `a<id>`: the after node this inserts (as a leaf; its children come by later actions). */
  readonly node: NodeRef;
  readonly type: string;
  readonly value: string;
  readonly parent: NodeRef;
  readonly field: string | null;
  /** Index among the parent's children at the time of the action. */
  readonly position: number;
  readonly afterRange: CodeRange | null;
}

export interface DeleteAction {
  readonly kind: 'delete';
  readonly node: NodeRef;
  readonly type: string;
  readonly value: string;
  readonly beforeRange: CodeRange | null;
}

export interface UpdateAction {
  readonly kind: 'update';
  readonly node: NodeRef;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly beforeRange: CodeRange | null;
  readonly afterRange: CodeRange | null;
}

export interface MoveAction {
  readonly kind: 'move';
  readonly node: NodeRef;
  readonly type: string;
  readonly parent: NodeRef;
  readonly field: string | null;
  /** Index among the new parent's children, counted after the node left its old place. */
  readonly position: number;
  readonly beforeRange: CodeRange | null;
  readonly afterRange: CodeRange | null;
}

export type EditAction = InsertAction | DeleteAction | UpdateAction | MoveAction;

/** The working copy of the before tree that the script is played on while it is made. */
interface WorkNode {
  readonly ref: NodeRef;
  value: string;
  field: string | null;
  parent: WorkNode | null;
  readonly children: WorkNode[];
  /** The after node it corresponds to (null: to be deleted). */
  partner: DiffNode | null;
  readonly src: DiffNode | null;
  inOrder: boolean;
}

export function generateEditScript(mappings: Mappings): EditAction[] {
  const { src, dst } = mappings;
  const actions: EditAction[] = [];
  const workOfDst: Array<WorkNode | undefined> = new Array(dst.nodes.length);
  const dstInOrder = new Uint8Array(dst.nodes.length);

  const copy = (n: DiffNode, parent: WorkNode | null): WorkNode => {
    const partner = mappings.dstOf(n);
    const w: WorkNode = { ref: `b${n.id}`, value: n.value, field: n.field, parent, children: [], partner, src: n, inOrder: false };
    if (partner !== null) workOfDst[partner.id] = w;
    for (const c of n.children) w.children.push(copy(c, w));
    return w;
  };
  const virtualRoot: WorkNode = { ref: VIRTUAL_ROOT, value: '', field: null, parent: null, children: [], partner: null, src: null, inOrder: true };
  const srcRoot = copy(src.root, virtualRoot);
  virtualRoot.children.push(srcRoot);

  const dstChildren = (x: DiffNode | null): readonly DiffNode[] => (x === null ? [dst.root] : x.children);
  const workParentOf = (x: DiffNode): WorkNode => (x.parent === null ? virtualRoot : workOfDst[x.parent.id]!);

  const findPos = (x: DiffNode): number => {
    const siblings = dstChildren(x.parent);
    for (const c of siblings) {
      if (dstInOrder[c.id]) {
        if (c === x) return 0;
        break;
      }
    }
    let v: DiffNode | null = null;
    for (let i = siblings.indexOf(x) - 1; i >= 0; i--) {
      if (dstInOrder[siblings[i]!.id]) {
        v = siblings[i]!;
        break;
      }
    }
    if (v === null) return 0;
    const u = workOfDst[v.id]!;
    return u.parent!.children.indexOf(u) + 1;
  };

  const detach = (w: WorkNode): void => {
    const siblings = w.parent!.children;
    siblings.splice(siblings.indexOf(w), 1);
  };

  const moveTo = (w: WorkNode, x: DiffNode, z: WorkNode): void => {
    detach(w);
    const k = findPos(x);
    z.children.splice(k, 0, w);
    w.parent = z;
    w.field = x.field;
    actions.push({ kind: 'move', node: w.ref, type: x.type, parent: z.ref, field: x.field, position: k, beforeRange: w.src?.range ?? null, afterRange: x.range });
  };

  const alignChildren = (w: WorkNode, x: DiffNode): void => {
    if (w.children.length === 0 && x.children.length === 0) return;
    const s1 = w.children.filter((c) => c.partner !== null && c.partner.parent === x);
    const s2 = x.children.filter((c) => workOfDst[c.id]?.parent === w);
    if (s1.length === s2.length && s1.every((c, i) => c.partner === s2[i])) {
      // Already in order (the common case): the LCS is everything.
      for (const c of w.children) c.inOrder = false;
      for (const c of x.children) dstInOrder[c.id] = 0;
      for (const c of s1) c.inOrder = true;
      for (const c of s2) dstInOrder[c.id] = 1;
      return;
    }
    for (const c of w.children) c.inOrder = false;
    for (const c of x.children) dstInOrder[c.id] = 0;
    const common = lcs(s1, s2, (a, b) => a.partner === b);
    const inCommon = new Set<WorkNode>();
    for (const [i, j] of common) {
      s1[i]!.inOrder = true;
      dstInOrder[s2[j]!.id] = 1;
      inCommon.add(s1[i]!);
    }
    for (const b of s2) {
      const a = workOfDst[b.id]!;
      if (inCommon.has(a)) continue;
      moveTo(a, b, w);
      a.inOrder = true;
      dstInOrder[b.id] = 1;
    }
  };

  // Breadth-first over the after tree.
  const queue: DiffNode[] = [dst.root];
  for (let head = 0; head < queue.length; head++) {
    const x = queue[head]!;
    for (const c of x.children) queue.push(c);
    const z = workParentOf(x);
    let w = workOfDst[x.id];
    if (w === undefined) {
      const k = findPos(x);
      w = { ref: `a${x.id}`, value: x.value, field: x.field, parent: z, children: [], partner: x, src: null, inOrder: false };
      z.children.splice(k, 0, w);
      workOfDst[x.id] = w;
      actions.push({ kind: 'insert', node: w.ref, type: x.type, value: x.value, parent: z.ref, field: x.field, position: k, afterRange: x.range });
    } else {
      if (w.value !== x.value) {
        actions.push({ kind: 'update', node: w.ref, type: x.type, from: w.value, to: x.value, beforeRange: w.src?.range ?? null, afterRange: x.range });
        w.value = x.value;
      }
      if (w.parent !== z || w.field !== x.field) moveTo(w, x, z);
    }
    w.inOrder = true;
    dstInOrder[x.id] = 1;
    alignChildren(w, x);
  }

  // Deletions, children before parents.
  const deleteUnmatched = (w: WorkNode): void => {
    for (const c of [...w.children]) deleteUnmatched(c);
    if (w.partner === null && w !== virtualRoot) {
      detach(w);
      const n = w.src!;
      actions.push({ kind: 'delete', node: w.ref, type: n.type, value: n.value, beforeRange: n.range });
    }
  };
  deleteUnmatched(virtualRoot);
  return actions;
}
