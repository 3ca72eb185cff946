/**
 * Getafix's hierarchical clustering: agglomerative, one cluster per concrete edit to start with,
 * then repeatedly the pair of clusters whose anti-unification loses least (anti-unify.ts
 * `mergeCost`) is merged, each merge a dendrogram node carrying the generalised pattern.
 *
 * Edits are first grouped by shape (scout, root node types of the changed before/after subtrees);
 * clusters of different groups are never merged. Pairs whose generalisation cannot be instantiated
 * (an after hole the before part does not bind) are never merged either, so a group can end as a
 * forest.
 *
 * Complexity per group of n edits: n(n−1)/2 anti-unifications to start, then n−1 at most per merge
 * (the new cluster against every live one), so O(n²) anti-unifications, each linear in the size of
 * the two patterns; O(n²) heap entries and O(n² log n) heap work. Stale entries (a cluster already
 * merged) are dropped when popped.
 *
 * Context (`patterns mine --context k`): each leaf carries its edit's pattern at every context level
 * 0..k. The clustering is driven by level 0, the context-free edit: which pairs may merge (a valid
 * level-0 generalisation) and in which order (its cost), so context never splits a cluster and no
 * support is lost to it. Each merge then keeps the most context that still generalises: its levels
 * are 0..L, L the highest level ≤ both children's for which every level up to it anti-unifies into a
 * valid pattern, and the node's pattern is the one at L. Context that does not generalise (two
 * different enclosing statements: the hole covering them differs between before and after, so the
 * after part is not bound) falls back to the level below. At most k more anti-unifications per merge.
 *
 * Determinism: leaves are numbered in record-id order; ties between equal costs are broken by the
 * clusters' keys (smallest record id), and the cluster with the smaller key is always the first
 * argument of the anti-unification (its concrete text is the one kept). Input order is irrelevant.
 */
import { antiUnify, type Pattern } from './anti-unify.js';

export interface ClusterLeaf {
  /** Record id (sort key). */
  readonly key: string;
  readonly group: string;
  /** The edit's pattern at context levels 0..k (index = level). */
  readonly levels: readonly Pattern[];
}

export interface DendrogramNode {
  readonly id: number;
  readonly group: string;
  /** The pattern at `level`: the most context that generalises every edit below. */
  readonly pattern: Pattern;
  readonly level: number;
  /** The patterns at levels 0..level (index = level). */
  readonly levels: readonly Pattern[];
  /** Indices of the leaves below (sorted). */
  readonly leaves: number[];
  /** [] for a leaf, the two merged nodes otherwise. */
  readonly children: number[];
  /** Merge cost (0 for leaves). */
  readonly cost: number;
  /** Smallest record id below. */
  readonly key: string;
}

export interface Dendrogram {
  readonly nodes: DendrogramNode[];
  /** Nodes with no parent, by group then key. */
  readonly roots: number[];
}

interface Candidate {
  readonly cost: number;
  readonly a: number;
  readonly b: number;
  readonly ka: string;
  readonly kb: string;
}

function less(x: Candidate, y: Candidate): boolean {
  if (x.cost !== y.cost) return x.cost < y.cost;
  if (x.ka !== y.ka) return x.ka < y.ka;
  return x.kb < y.kb;
}

class Heap {
  private readonly items: Candidate[] = [];
  get size(): number {
    return this.items.length;
  }
  push(c: Candidate): void {
    const items = this.items;
    items.push(c);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }
  pop(): Candidate | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && less(items[l]!, items[m]!)) m = l;
        if (r < items.length && less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Clusters `leaves` (any order); node ids 0..n−1 are the leaves in key order. */
export function cluster(input: readonly ClusterLeaf[]): Dendrogram {
  const leaves = [...input].sort((x, y) => byKey(x.key, y.key));
  const nodes: DendrogramNode[] = leaves.map((leaf, i) => ({
    id: i,
    group: leaf.group,
    pattern: leaf.levels[leaf.levels.length - 1]!,
    level: leaf.levels.length - 1,
    levels: leaf.levels,
    leaves: [i],
    children: [],
    cost: 0,
    key: leaf.key,
  }));
  const groups = new Map<string, number[]>();
  for (const node of nodes) {
    const members = groups.get(node.group);
    if (members === undefined) groups.set(node.group, [node.id]);
    else members.push(node.id);
  }
  const roots: number[] = [];
  for (const group of [...groups.keys()].sort(byKey)) {
    roots.push(...clusterGroup(nodes, groups.get(group)!));
  }
  return { nodes, roots };
}

function candidate(nodes: DendrogramNode[], x: number, y: number): Candidate | null {
  const [a, b] = nodes[x]!.key < nodes[y]!.key ? [x, y] : [y, x];
  const g = antiUnify(nodes[a]!.levels[0]!, nodes[b]!.levels[0]!);
  if (!g.valid) return null;
  return { cost: g.cost, a, b, ka: nodes[a]!.key, kb: nodes[b]!.key };
}

/** Merges within one group; returns its roots in key order. */
function clusterGroup(nodes: DendrogramNode[], members: number[]): number[] {
  const alive = new Set(members);
  const heap = new Heap();
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const c = candidate(nodes, members[i]!, members[j]!);
      if (c !== null) heap.push(c);
    }
  }
  while (heap.size > 0) {
    const top = heap.pop()!;
    if (!alive.has(top.a) || !alive.has(top.b)) continue;
    const x = nodes[top.a]!;
    const y = nodes[top.b]!;
    const g = antiUnify(x.levels[0]!, y.levels[0]!);
    const levels = [g.pattern];
    for (let level = 1; level < Math.min(x.levels.length, y.levels.length); level++) {
      const withContext = antiUnify(x.levels[level]!, y.levels[level]!);
      if (!withContext.valid) break;
      levels.push(withContext.pattern);
    }
    const id = nodes.length;
    nodes.push({
      id,
      group: x.group,
      pattern: levels[levels.length - 1]!,
      level: levels.length - 1,
      levels,
      leaves: [...x.leaves, ...y.leaves].sort((p, q) => p - q),
      children: [x.id, y.id],
      cost: g.cost,
      // biome-ignore lint/complexity/useMathMinMax: the keys are strings, ordered by code unit
      key: x.key < y.key ? x.key : y.key,
    });
    alive.delete(x.id);
    alive.delete(y.id);
    for (const other of [...alive].sort((p, q) => p - q)) {
      const c = candidate(nodes, id, other);
      if (c !== null) heap.push(c);
    }
    alive.add(id);
  }
  return [...alive].sort((p, q) => byKey(nodes[p]!.key, nodes[q]!.key));
}
