/**
 * The structural view of the CST that edits and patterns are computed on: a node's *significant*
 * children are its non-whitespace children (whitespace nodes and comments are not part of the
 * structure, so reformatting is never a change), and its *scalars* are the LibCST fields that hold
 * text rather than nodes (`Name.value`, `Integer.value`, `Param.star`, ...), minus the ones that only
 * carry layout (`IndentedBlock.indent`, ...).
 *
 * Pattern templates are CST trees in which some subtrees are replaced by `PatternHole` nodes.
 */
import type { CstNode } from '../python/cst.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { propertyOfField } from '../python/visit.js';

export const HOLE_TYPE = 'PatternHole';

/** How a hole renders: in an expression position, as an operator (keeps its spaces), or as a block/clause. */
export type HoleRole = 'expr' | 'op' | 'block' | 'clause' | 'stmt';

export interface HoleNode extends CstNode {
  readonly type: typeof HOLE_TYPE;
  readonly hole: number;
  readonly role: HoleRole;
  /** Whitespace the representative operator had around it (rendering only). */
  readonly pad?: [string, string];
  /** For a clause hole: the node type it replaced (`Else`, `If`, `ExceptHandler`, `Finally`; rendering only). */
  readonly of?: string;
}

export function isHole(node: CstNode): node is HoleNode {
  return node.type === HOLE_TYPE;
}

const LAYOUT_SCALARS = new Set(['indent', 'default_indent', 'default_newline', 'has_trailing_newline', 'encoding']);

interface Plan {
  /** Properties holding children, in visiting order. */
  readonly childProperties: readonly string[];
  readonly fields: readonly string[];
  /** Properties holding significant scalar values. */
  readonly scalars: readonly string[];
}

const plans = new Map<string, Plan>();

function planOf(type: string): Plan {
  let plan = plans.get(type);
  if (plan === undefined) {
    const schema = NODE_SCHEMA[type];
    if (schema === undefined) throw new Error(`unknown CST node type ${type}`);
    const visit = new Set(schema.visit);
    plan = {
      childProperties: schema.visit.map((f) => propertyOfField(type, f)),
      fields: schema.visit,
      scalars: schema.fields.filter((f) => !visit.has(f) && !LAYOUT_SCALARS.has(f)).map((f) => propertyOfField(type, f)),
    };
    plans.set(type, plan);
  }
  return plan;
}

function isNodeValue(value: unknown): value is CstNode {
  return typeof value === 'object' && value !== null && typeof (value as CstNode).type === 'string';
}

/** Whether `node` takes part in the structure (not whitespace, not a comment). */
export function isSignificant(node: CstNode): boolean {
  if (node.type === HOLE_TYPE) return true;
  if (node.type === 'Comment') return false;
  return !NODE_SCHEMA[node.type]!.whitespace;
}

export interface SignificantChild {
  readonly field: string;
  readonly node: CstNode;
}

const childCache = new WeakMap<CstNode, SignificantChild[]>();

/** The significant children of `node` in LibCST's visiting order, each with its LibCST field. */
export function significantChildren(node: CstNode): SignificantChild[] {
  if (node.type === HOLE_TYPE) return [];
  let out = childCache.get(node);
  if (out !== undefined) return out;
  out = [];
  const plan = planOf(node.type);
  for (let i = 0; i < plan.childProperties.length; i++) {
    const value = node[plan.childProperties[i]!];
    const field = plan.fields[i]!;
    if (Array.isArray(value)) {
      for (const item of value) if (isNodeValue(item) && isSignificant(item)) out.push({ field, node: item });
    } else if (isNodeValue(value) && isSignificant(value)) {
      out.push({ field, node: value });
    }
  }
  childCache.set(node, out);
  return out;
}

/** The significant scalar values of `node` (e.g. a Name's identifier), as one string. */
export function scalarKey(node: CstNode): string {
  if (node.type === HOLE_TYPE) return '';
  const scalars = planOf(node.type).scalars;
  if (scalars.length === 0) return '';
  if (scalars.length === 1) return JSON.stringify(node[scalars[0]!] ?? null);
  return scalars.map((p) => JSON.stringify(node[p] ?? null)).join(',');
}

/**
 * Whether two nodes agree on everything but their children's contents: type, scalars, and the
 * fields of their significant children. Only such nodes are generalised child by child.
 */
export function sameShape(a: CstNode, b: CstNode): boolean {
  if (a.type !== b.type || a.type === HOLE_TYPE) return false;
  if (scalarKey(a) !== scalarKey(b)) return false;
  const ca = significantChildren(a);
  const cb = significantChildren(b);
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) if (ca[i]!.field !== cb[i]!.field) return false;
  return true;
}

const canonCache = new WeakMap<CstNode, string>();

/**
 * A canonical string of the significant structure: equal strings <=> equal trees up to whitespace
 * and comments. Holes appear as `?N` (so two patterns' holes compare equal only by number: callers
 * that mix namespaces check `hasHoles`).
 */
export function canon(node: CstNode): string {
  let out = canonCache.get(node);
  if (out !== undefined) return out;
  if (node.type === HOLE_TYPE) out = `?${(node as HoleNode).hole}`;
  else {
    const kids = significantChildren(node);
    out = `${node.type}${scalarKey(node)}(${kids.map((c) => `${c.field}=${canon(c.node)}`).join(' ')})`;
  }
  canonCache.set(node, out);
  return out;
}

/** Whether two trees are equal up to whitespace and comments (`canon(a) === canon(b)` without building the strings). */
export function structurallyEqual(a: CstNode, b: CstNode): boolean {
  if (a === b) return true;
  if (a.type === HOLE_TYPE || b.type === HOLE_TYPE) return a.type === b.type && (a as HoleNode).hole === (b as HoleNode).hole;
  if (!sameShape(a, b)) return false;
  const ca = significantChildren(a);
  const cb = significantChildren(b);
  for (let i = 0; i < ca.length; i++) if (!structurallyEqual(ca[i]!.node, cb[i]!.node)) return false;
  return true;
}

const holesCache = new WeakMap<CstNode, boolean>();

export function hasHoles(node: CstNode): boolean {
  let out = holesCache.get(node);
  if (out !== undefined) return out;
  out = node.type === HOLE_TYPE || significantChildren(node).some((c) => hasHoles(c.node));
  holesCache.set(node, out);
  return out;
}

/** Number of significant nodes that are not holes. */
export function concreteSize(node: CstNode): number {
  if (node.type === HOLE_TYPE) return 0;
  let n = 1;
  for (const c of significantChildren(node)) n += concreteSize(c.node);
  return n;
}

/** The hole numbers used in `node`, in visiting order, each once. */
export function holesOf(node: CstNode, out: number[] = []): number[] {
  if (node.type === HOLE_TYPE) {
    const h = (node as HoleNode).hole;
    if (!out.includes(h)) out.push(h);
    return out;
  }
  for (const c of significantChildren(node)) holesOf(c.node, out);
  return out;
}

/**
 * A copy of `node` whose significant children are `replace`d (in order); whitespace children stay
 * (shared). `replace` must return one node per significant child.
 */
export function rebuild(node: CstNode, replace: (child: CstNode, index: number) => CstNode): CstNode {
  const plan = planOf(node.type);
  const copy: CstNode = { ...node };
  delete copy.range;
  let k = 0;
  for (const property of plan.childProperties) {
    const value = node[property];
    if (Array.isArray(value)) {
      copy[property] = value.map((item: unknown) => (isNodeValue(item) && isSignificant(item) ? replace(item, k++) : item));
    } else if (isNodeValue(value) && isSignificant(value)) {
      copy[property] = replace(value, k++);
    }
  }
  return copy;
}

/** The role a hole replacing `node` plays in rendering. */
export function roleOf(node: CstNode, field: string | null): HoleRole {
  if (node.type === 'IndentedBlock' || node.type === 'SimpleStatementSuite') return 'block';
  if (field === 'orelse' || field === 'handlers' || field === 'finalbody') return 'clause';
  const schema = NODE_SCHEMA[node.type];
  if (schema !== undefined && schema.bases.includes('BaseStatement')) return 'stmt';
  if (schema !== undefined && schema.label === 'token' && schema.fields.includes('whitespace_before')) return 'op';
  if (schema !== undefined && (schema.bases.includes('BaseCompOp') || schema.bases.includes('BaseBinaryOp') || schema.bases.includes('BaseBooleanOp') || schema.bases.includes('BaseAugOp'))) return 'op';
  return 'expr';
}

/** Every node type in the subtree (holes excluded), sorted. */
export function typesOf(node: CstNode, out: Set<string> = new Set()): Set<string> {
  if (node.type !== HOLE_TYPE) {
    out.add(node.type);
    for (const c of significantChildren(node)) typesOf(c.node, out);
  }
  return out;
}
