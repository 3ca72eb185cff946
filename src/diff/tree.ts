/**
 * The tree the differ works on: bugmine's CST without whitespace and comments. One `DiffNode` per
 * non-whitespace CST node, labelled by its LibCST type and its token text (`value`: the scalar
 * fields that are source tokens, e.g. `Name.value`, `SimpleString.value`, `Param.star`), with the
 * LibCST field that holds it in its parent. Whitespace nodes, comments and the layout scalars
 * (`IndentedBlock.indent`, `Module.default_newline`, ...) are left out, so two sources that differ
 * only in layout or comments give equal trees. Everything else a token of the source depends on is
 * a node type, a field or a value, so equal trees mean equal non-whitespace token sequences.
 */
import type { CodeRange, CstNode } from '../python/cst.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { propertyOfField } from '../python/visit.js';

export interface DiffNode {
  /** Pre-order index in its tree (the root is 0); descendants are `id + 1 .. id + size - 1`. */
  readonly id: number;
  readonly type: string;
  /** Token text of the node ('' for nodes whose tokens their type implies). */
  readonly value: string;
  /** LibCST field of the parent that holds this node; null for the root. */
  readonly field: string | null;
  readonly parent: DiffNode | null;
  readonly children: DiffNode[];
  /** LibCST syntactic range, when the CST node has one. */
  readonly range: CodeRange | null;
  /** Number of nodes of the subtree (1 for a leaf). */
  size: number;
  /** 1 for a leaf. */
  height: number;
  /** Isomorphism class: equal for subtrees with equal types, values, fields and shape (exact, interned). */
  hash: number;
  /** The same without values: subtrees that differ at most in their leaves' text. */
  shape: number;
  /** Position in its parent's children. */
  index: number;
  readonly cst: CstNode;
}

export interface DiffTree {
  readonly root: DiffNode;
  /** All nodes in pre-order (`nodes[n.id] === n`). */
  readonly nodes: readonly DiffNode[];
}

/** Scalar fields that hold source tokens, by node type; every other scalar field is layout. */
const TOKEN_SCALARS: Readonly<Record<string, readonly string[]>> = {
  Name: ['value'],
  Integer: ['value'],
  Float: ['value'],
  Imaginary: ['value'],
  SimpleString: ['value'],
  FormattedStringText: ['value'],
  FormattedString: ['start', 'end'],
  FormattedStringExpression: ['conversion'],
  NotEqual: ['value'],
  Arg: ['star'],
  Param: ['star'],
  Index: ['star'],
  TypeParam: ['star'],
};

/** Node types left out besides LibCST's whitespace nodes. */
const IGNORED_TYPES: ReadonlySet<string> = new Set(['Comment']);

/** Per node type, what the tree builder reads (looked up once per type, not per node). */
interface TypePlan {
  readonly ignored: boolean;
  /** LibCST fields in visiting order, and the properties that hold them. */
  readonly fields: readonly string[];
  readonly properties: readonly string[];
  readonly scalars: readonly string[];
  /** Interner ids of the type name and of the visited field names (the same in every interner). */
  readonly typeId: number;
  readonly fieldIds: readonly number[];
}

/** Type and field names get ids below `FIRST_INTERNED_ID`, fixed for the process: the set is small and closed. */
const FIRST_INTERNED_ID = 1 << 16;
const fixedIds = new Map<string, number>();
function fixedId(name: string): number {
  let id = fixedIds.get(name);
  if (id === undefined) {
    id = fixedIds.size + 1;
    fixedIds.set(name, id);
  }
  return id;
}

const plans = new Map<string, TypePlan>();

function planOf(type: string): TypePlan {
  let plan = plans.get(type);
  if (plan === undefined) {
    const schema = NODE_SCHEMA[type];
    if (schema === undefined) throw new Error(`unknown CST node type ${type}`);
    plan = {
      ignored: schema.whitespace || IGNORED_TYPES.has(type),
      fields: schema.visit,
      properties: schema.visit.map((f) => propertyOfField(type, f)),
      scalars: TOKEN_SCALARS[type] ?? [],
      typeId: fixedId(`type ${type}`),
      fieldIds: schema.visit.map((f) => fixedId(`field ${f}`)),
    };
    plans.set(type, plan);
  }
  return plan;
}

/** Whether the differ leaves `node` out (whitespace nodes and comments). */
export function isIgnored(node: CstNode): boolean {
  return planOf(node.type).ignored;
}

// biome-ignore lint/suspicious/noShadowRestrictedNames: a local helper; the global is not used in this module
function valueOf(node: CstNode, scalars: readonly string[]): string {
  if (scalars.length === 0) return '';
  if (scalars.length === 1) {
    const v = node[scalars[0]!];
    return typeof v === 'string' ? v : '';
  }
  let out = '';
  for (const f of scalars) {
    const v = node[f];
    out += (typeof v === 'string' ? v : '') + '\u0000';
  }
  return out;
}

function isCstNode(value: unknown): value is CstNode {
  return typeof value === 'object' && value !== null && typeof (value as CstNode).type === 'string';
}

/**
 * Interns subtree signatures into small integers, so that isomorphism is an integer comparison and
 * never a collision: a signature is folded pairwise (`pair(pair(label, child1), child2)...`) and
 * every pair gets the next integer. One interner must be shared by the two trees of a diff.
 */
export class SubtreeInterner {
  private readonly strings = new Map<string, number>();
  /** Open-addressing table of pairs: `keys[2i], keys[2i+1]` -> `ids[i]` (0: empty slot). */
  private keys = new Int32Array(2 * 4096);
  private ids = new Int32Array(4096);
  private used = 0;
  private next = FIRST_INTERNED_ID;
  readonly emptyId = this.text('');

  /** Ids handed out so far. */
  get size(): number {
    return this.next - FIRST_INTERNED_ID;
  }

  /** The id of a value string. */
  text(s: string): number {
    let id = this.strings.get(s);
    if (id === undefined) {
      id = this.next++;
      this.strings.set(s, id);
    }
    return id;
  }

  /** The id of an ordered pair of ids. */
  pair(a: number, b: number): number {
    const mask = this.ids.length - 1;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === 0) break;
      if (this.keys[2 * slot] === a && this.keys[2 * slot + 1] === b) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.next++;
    this.keys[2 * slot] = a;
    this.keys[2 * slot + 1] = b;
    this.ids[slot] = id;
    if (++this.used * 2 > this.ids.length) this.grow();
    return id;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.ids = new Int32Array(oldIds.length * 2);
    const mask = this.ids.length - 1;
    for (let i = 0; i < oldIds.length; i++) {
      const id = oldIds[i]!;
      if (id === 0) continue;
      const a = oldKeys[2 * i]!;
      const b = oldKeys[2 * i + 1]!;
      let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & mask;
      while (this.ids[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[2 * slot] = a;
      this.keys[2 * slot + 1] = b;
      this.ids[slot] = id;
    }
  }
}

/** The diff tree of the CST below and including `root` (whitespace and comments left out). */
export function buildDiffTree(root: CstNode, interner: SubtreeInterner): DiffTree {
  const builder = new TreeBuilder(interner);
  const top = builder.build(root, planOf(root.type), null, null, 0);
  return { root: top, nodes: builder.nodes };
}

class TreeBuilder {
  readonly nodes: DiffNode[] = [];

  constructor(private readonly interner: SubtreeInterner) {}

  build(cst: CstNode, plan: TypePlan, parent: DiffNode | null, field: string | null, index: number): DiffNode {
    const interner = this.interner;
    const node: DiffNode = {
      id: this.nodes.length,
      type: cst.type,
      value: valueOf(cst, plan.scalars),
      field,
      parent,
      children: [],
      range: cst.range ?? null,
      size: 1,
      height: 1,
      hash: 0,
      shape: 0,
      index,
      cst,
    };
    this.nodes.push(node);
    for (let i = 0; i < plan.properties.length; i++) {
      const value = cst[plan.properties[i]!];
      if (Array.isArray(value)) {
        for (const item of value) if (isCstNode(item)) this.addChild(node, item, plan.fields[i]!, plan.fieldIds[i]!);
      } else if (isCstNode(value)) {
        this.addChild(node, value, plan.fields[i]!, plan.fieldIds[i]!);
      }
    }
    const typeId = plan.typeId;
    let hash = interner.pair(typeId, node.value === '' ? interner.emptyId : interner.text(node.value));
    let shape = typeId;
    let height = 0;
    const fieldIds = this.childFieldIds;
    const first = fieldIds.length - node.children.length;
    for (let k = 0; k < node.children.length; k++) {
      const c = node.children[k]!;
      node.size += c.size;
      if (c.height > height) height = c.height;
      const fieldId = fieldIds[first + k]!;
      hash = interner.pair(interner.pair(hash, fieldId), c.hash);
      shape = interner.pair(interner.pair(shape, fieldId), c.shape);
    }
    node.height = height + 1;
    node.hash = hash;
    // A leaf's shape is a pair with 0, so that it never equals a type id used as a chain start.
    node.shape = node.children.length === 0 ? interner.pair(0, typeId) : shape;
    fieldIds.length = first;
    return node;
  }

  /** Field ids of the children being built, a stack shared by all levels. */
  private readonly childFieldIds: number[] = [];

  private addChild(node: DiffNode, child: CstNode, field: string, fieldId: number): void {
    const plan = planOf(child.type);
    if (plan.ignored) return;
    const built = this.build(child, plan, node, field, node.children.length);
    node.children.push(built);
    this.childFieldIds.push(fieldId);
  }
}

/** Whether `inner` is `outer` or one of its descendants (pre-order ids make this a range test). */
export function isInside(inner: DiffNode, outer: DiffNode): boolean {
  return inner.id >= outer.id && inner.id < outer.id + outer.size;
}

/** Pre-order label sequence of a subtree: `Type` or `Type:value`, the tree's tokens in order. */
export function labelsOf(node: DiffNode | PlainNode): string[] {
  const out: string[] = [];
  const visit = (n: DiffNode | PlainNode): void => {
    out.push(n.value === '' ? n.type : `${n.type}:${n.value}`);
    for (const c of n.children) visit(c);
  };
  visit(node);
  return out;
}

/** A tree node without positions or identity: what an edit script produces and compares. */
export interface PlainNode {
  type: string;
  value: string;
  field: string | null;
  children: PlainNode[];
}

export function toPlain(node: DiffNode): PlainNode {
  return { type: node.type, value: node.value, field: node.field, children: node.children.map(toPlain) };
}

/** S-expression of a plain tree with fields: equal strings mean equal trees. */
export function printPlain(node: PlainNode): string {
  const head = node.value === '' ? node.type : `${node.type}=${JSON.stringify(node.value)}`;
  if (node.children.length === 0) return head;
  return `(${head} ${node.children.map((c) => `${c.field}:${printPlain(c)}`).join(' ')})`;
}
