/**
 * GumTree's matcher (Falleri et al., "Fine-grained and accurate source code differencing", ASE 2014)
 * over two diff trees:
 *
 * 1. top-down: isomorphic subtrees of height >= `minHeight`, tallest first; a subtree with one
 *    isomorphic partner is matched, ambiguous ones are ranked by the Dice similarity of their
 *    parents (then by closeness of position) and matched greedily;
 * 2. bottom-up: an unmatched container is matched to the unmatched node of the same type, among
 *    the ancestors of its matched descendants' partners, with the highest Dice similarity of
 *    descendants (at least `minDice`);
 * 3. recovery, below every container matched bottom-up (and the roots): unmatched children are
 *    matched by longest common subsequence of isomorphic subtrees, then of subtrees equal up to
 *    leaf text, then by type when a type occurs once on each side (recursively) — GumTree's
 *    "simple" recovery, which leaves no small-subtree edit distance to compute.
 *
 * Everything is deterministic: ties are broken by position, never by hash order.
 */
import type { DiffNode, DiffTree } from './tree.js';

export interface MatchOptions {
  /** Smallest height of a subtree matched top-down (GumTree's default 2: leaves wait for recovery). */
  readonly minHeight?: number;
  /** Smallest Dice similarity for a bottom-up match (GumTree's default 0.5). */
  readonly minDice?: number;
}

/** A one-to-one mapping between the nodes of two trees, by node id (-1: unmatched). */
export class Mappings {
  readonly srcToDst: Int32Array;
  readonly dstToSrc: Int32Array;

  constructor(
    readonly src: DiffTree,
    readonly dst: DiffTree,
  ) {
    this.srcToDst = new Int32Array(src.nodes.length).fill(-1);
    this.dstToSrc = new Int32Array(dst.nodes.length).fill(-1);
  }

  add(a: DiffNode, b: DiffNode): void {
    this.srcToDst[a.id] = b.id;
    this.dstToSrc[b.id] = a.id;
  }

  srcMapped(a: DiffNode): boolean {
    return this.srcToDst[a.id]! >= 0;
  }

  dstMapped(b: DiffNode): boolean {
    return this.dstToSrc[b.id]! >= 0;
  }

  dstOf(a: DiffNode): DiffNode | null {
    const id = this.srcToDst[a.id]!;
    return id < 0 ? null : this.dst.nodes[id]!;
  }

  srcOf(b: DiffNode): DiffNode | null {
    const id = this.dstToSrc[b.id]!;
    return id < 0 ? null : this.src.nodes[id]!;
  }

  /** Maps two isomorphic subtrees node by node (pre-order ids line up); pairs already mapped stay. */
  addRecursively(a: DiffNode, b: DiffNode): void {
    for (let i = 0; i < a.size; i++) {
      const x = this.src.nodes[a.id + i]!;
      const y = this.dst.nodes[b.id + i]!;
      if (!this.srcMapped(x) && !this.dstMapped(y)) this.add(x, y);
    }
  }

  /** The pairs, in source pre-order. */
  pairs(): Array<[DiffNode, DiffNode]> {
    const out: Array<[DiffNode, DiffNode]> = [];
    for (let i = 0; i < this.srcToDst.length; i++) {
      const j = this.srcToDst[i]!;
      if (j >= 0) out.push([this.src.nodes[i]!, this.dst.nodes[j]!]);
    }
    return out;
  }

  get size(): number {
    let n = 0;
    for (const j of this.srcToDst) if (j >= 0) n++;
    return n;
  }
}

/** Above this many ambiguous pairs in one isomorphism class, pairs are made in order instead of all against all. */
const MAX_AMBIGUOUS_PAIRS = 4096;

export function matchTrees(src: DiffTree, dst: DiffTree, options: MatchOptions = {}): Mappings {
  const mappings = new Mappings(src, dst);
  topDown(mappings, options.minHeight ?? 2);
  bottomUp(mappings, options.minDice ?? 0.5);
  return mappings;
}

/** Dice similarity of the descendants of `a` and `b` under the current mapping. */
export function dice(mappings: Mappings, a: DiffNode, b: DiffNode): number {
  const total = a.size - 1 + (b.size - 1);
  if (total === 0) return 0;
  let common = 0;
  const end = a.id + a.size;
  const lo = b.id;
  const hi = b.id + b.size;
  for (let i = a.id + 1; i < end; i++) {
    const j = mappings.srcToDst[i]!;
    if (j > lo && j < hi) common++;
  }
  return (2 * common) / total;
}

function pushByHeight(buckets: DiffNode[][], node: DiffNode): void {
  (buckets[node.height] ??= []).push(node);
}

function topDown(mappings: Mappings, minHeight: number): void {
  const srcBuckets: DiffNode[][] = [];
  const dstBuckets: DiffNode[][] = [];
  pushByHeight(srcBuckets, mappings.src.root);
  pushByHeight(dstBuckets, mappings.dst.root);
  const candidates: Array<[DiffNode, DiffNode]> = [];
  const top = Math.max(mappings.src.root.height, mappings.dst.root.height);
  // Below `minHeight`, only subtrees with one isomorphic partner on each side are matched: ambiguous
  // small subtrees (the many `self` names) are left to bottom-up recovery, as GumTree leaves them.
  for (let h = top; h >= 1; h--) {
    const ambiguousAllowed = h >= minHeight;
    const srcNodes = srcBuckets[h] ?? [];
    const dstNodes = dstBuckets[h] ?? [];
    if (srcNodes.length === 0 || dstNodes.length === 0) {
      for (const n of srcNodes) for (const c of n.children) pushByHeight(srcBuckets, c);
      for (const n of dstNodes) for (const c of n.children) pushByHeight(dstBuckets, c);
      continue;
    }
    const classes = new Map<number, { src: DiffNode[]; dst: DiffNode[] }>();
    for (const n of srcNodes) {
      let c = classes.get(n.hash);
      if (c === undefined) classes.set(n.hash, (c = { src: [], dst: [] }));
      c.src.push(n);
    }
    for (const n of dstNodes) {
      let c = classes.get(n.hash);
      if (c === undefined) classes.set(n.hash, (c = { src: [], dst: [] }));
      c.dst.push(n);
    }
    for (const c of classes.values()) {
      const unique = c.src.length === 1 && c.dst.length === 1;
      if (unique) {
        mappings.addRecursively(c.src[0]!, c.dst[0]!);
      } else if (ambiguousAllowed && c.src.length > 0 && c.dst.length > 0) {
        if (c.src.length * c.dst.length <= MAX_AMBIGUOUS_PAIRS) {
          for (const a of c.src) for (const b of c.dst) candidates.push([a, b]);
        } else {
          const n = Math.min(c.src.length, c.dst.length);
          for (let i = 0; i < n; i++) candidates.push([c.src[i]!, c.dst[i]!]);
        }
      } else {
        for (const n of c.src) for (const child of n.children) pushByHeight(srcBuckets, child);
        for (const n of c.dst) for (const child of n.children) pushByHeight(dstBuckets, child);
      }
    }
  }
  if (candidates.length === 0) return;
  const srcCount = mappings.src.nodes.length;
  const dstCount = mappings.dst.nodes.length;
  const ranked = candidates.map(([a, b]) => ({
    a,
    b,
    dice: a.parent !== null && b.parent !== null ? dice(mappings, a.parent, b.parent) : 0,
    sibling: Math.abs(a.index - b.index),
    place: Math.abs(a.id / srcCount - b.id / dstCount),
  }));
  ranked.sort((x, y) => y.dice - x.dice || x.sibling - y.sibling || x.place - y.place || x.a.id - y.a.id || x.b.id - y.b.id);
  for (const { a, b } of ranked) if (!mappings.srcMapped(a) && !mappings.dstMapped(b)) mappings.addRecursively(a, b);
}

function postOrder(tree: DiffTree): DiffNode[] {
  const out: DiffNode[] = [];
  const visit = (n: DiffNode): void => {
    for (const c of n.children) visit(c);
    out.push(n);
  };
  visit(tree.root);
  return out;
}

function bottomUp(mappings: Mappings, minDice: number): void {
  const { src, dst } = mappings;
  const seen = new Int32Array(dst.nodes.length).fill(-1);
  for (const a of postOrder(src)) {
    if (a === src.root) {
      if (!mappings.srcMapped(a) && !mappings.dstMapped(dst.root) && a.type === dst.root.type) mappings.add(a, dst.root);
      if (mappings.dstOf(a) === dst.root) recover(mappings, a, dst.root);
      break;
    }
    if (mappings.srcMapped(a) || a.children.length === 0) continue;
    let best: DiffNode | null = null;
    let bestDice = -1;
    const end = a.id + a.size;
    for (let i = a.id + 1; i < end; i++) {
      const j = mappings.srcToDst[i]!;
      if (j < 0) continue;
      for (let b = dst.nodes[j]!.parent; b !== null; b = b.parent) {
        if (seen[b.id] === a.id) break;
        seen[b.id] = a.id;
        if (b.type !== a.type || mappings.dstMapped(b)) continue;
        const d = dice(mappings, a, b);
        if (d > bestDice || (d === bestDice && best !== null && b.id < best.id)) {
          best = b;
          bestDice = d;
        }
      }
    }
    if (best !== null && bestDice >= minDice) {
      mappings.add(a, best);
      recover(mappings, a, best);
    }
  }
}

/** Longest common subsequence of `xs` and `ys` under `same`, as index pairs in order. */
export function lcs<X, Y>(xs: readonly X[], ys: readonly Y[], same: (x: X, y: Y) => boolean): Array<[number, number]> {
  const n = xs.length;
  const m = ys.length;
  if (n === 0 || m === 0) return [];
  const table = new Uint32Array((n + 1) * (m + 1));
  const w = m + 1;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * w + j] = same(xs[i]!, ys[j]!) ? table[(i + 1) * w + j + 1]! + 1 : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
    }
  }
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(xs[i]!, ys[j]!)) {
      out.push([i, j]);
      i++;
      j++;
    } else if (table[(i + 1) * w + j]! >= table[i * w + j + 1]!) i++;
    else j++;
  }
  return out;
}

/** Subtrees with no node matched yet: recovery only pairs those. */
function wholeUnmatchedSrc(mappings: Mappings, a: DiffNode): boolean {
  for (let i = a.id; i < a.id + a.size; i++) if (mappings.srcToDst[i]! >= 0) return false;
  return true;
}

function wholeUnmatchedDst(mappings: Mappings, b: DiffNode): boolean {
  for (let i = b.id; i < b.id + b.size; i++) if (mappings.dstToSrc[i]! >= 0) return false;
  return true;
}

function recover(mappings: Mappings, a: DiffNode, b: DiffNode): void {
  for (const key of ['hash', 'shape'] as const) {
    const xs = a.children.filter((c) => wholeUnmatchedSrc(mappings, c));
    const ys = b.children.filter((c) => wholeUnmatchedDst(mappings, c));
    for (const [i, j] of lcs(xs, ys, (x, y) => x[key] === y[key])) mappings.addRecursively(xs[i]!, ys[j]!);
  }
  if (a.parent !== null && b.parent !== null && a.parent.type !== b.parent.type) return;
  const byType = new Map<string, { src: DiffNode[]; dst: DiffNode[] }>();
  for (const c of a.children) {
    if (mappings.srcMapped(c)) continue;
    let group = byType.get(c.type);
    if (group === undefined) byType.set(c.type, (group = { src: [], dst: [] }));
    group.src.push(c);
  }
  for (const c of b.children) if (!mappings.dstMapped(c)) byType.get(c.type)?.dst.push(c);
  for (const group of byType.values()) {
    if (group.src.length !== 1 || group.dst.length !== 1) continue;
    const x = group.src[0]!;
    const y = group.dst[0]!;
    mappings.add(x, y);
    recover(mappings, x, y);
  }
}

