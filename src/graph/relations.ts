/**
 * The relations of one file, in BugLab's model: per relation kind (kinds in first-use order), per
 * source node (in the order it first received an edge of that kind), its targets in insertion
 * order, without duplicates. A target is either a graph node with an optional label (the `Child`
 * field name) or a value string (a qualified name, call target, docstring or parameter name).
 *
 * The order matters: sample node numbering and edge order are derived from it (see the
 * conformance README, "Node numbering").
 */
import type { CodeRange, CstNode } from '../python/cst.js';

/** A token without a CST node of its own (BugLab's DummyEntity): label and range. */
export interface TokenNode {
  readonly type: '<token>';
  readonly value: string;
  readonly range: CodeRange;
}

export type GraphNode = CstNode | TokenNode;

export function isTokenNode(node: GraphNode): node is TokenNode {
  return node.type === '<token>';
}

export type RelationTarget =
  | { readonly node: GraphNode; readonly label: string | null; readonly value?: undefined }
  | { readonly node: null; readonly label?: undefined; readonly value: string };

/**
 * The targets of one (kind, source) are a plain list: most have one or two, so duplicates are found
 * by scanning it; an index (kept beside the lists) is built only once a list grows long. (A Map and
 * a Set per list made relations about 2.5 KB per token, the bulk of a large file's memory.)
 */
type TargetList = RelationTarget[];

interface TargetIndex {
  readonly nodeKeys: Map<GraphNode, (string | null)[]>;
  readonly valueKeys: Set<string>;
}

/** Targets scanned linearly up to this many; beyond, looked up in an index. */
const INDEX_AFTER = 8;

function indexOfTargets(items: TargetList): TargetIndex {
  const index: TargetIndex = { nodeKeys: new Map(), valueKeys: new Set() };
  for (const item of items) {
    if (item.node === null) index.valueKeys.add(item.value);
    else {
      const labels = index.nodeKeys.get(item.node);
      if (labels === undefined) index.nodeKeys.set(item.node, [item.label]);
      else labels.push(item.label);
    }
  }
  return index;
}

const NO_SOURCES: ReadonlyMap<GraphNode, TargetList> = new Map();

/** The edges of one kind, with the source of the last edge added (runs of edges share a source). */
interface KindEdges {
  readonly sources: Map<GraphNode, TargetList>;
  lastFrom: GraphNode | null;
  lastList: TargetList | null;
}

/** Adds edges of one kind (`CodeRelations.edgesOf`), as `add` and `addValue` with that kind do. */
export interface EdgesOfKind {
  add(from: GraphNode, to: GraphNode, label?: string | null): void;
  addValue(from: GraphNode, value: string): void;
}

export class CodeRelations {
  private readonly kinds = new Map<string, KindEdges>();
  /** The indexes of the lists longer than `INDEX_AFTER`. */
  private readonly indexes = new Map<TargetList, TargetIndex>();
  /**
   * One target object per value: value targets are never modified, and most edges to values
   * (`OccurrenceOf`, the call pass's) repeat a few strings.
   */
  private readonly valueTargets = new Map<string, RelationTarget>();
  /** The kind of the last edge added by name: passes add runs of one kind. */
  private lastKind: string | null = null;
  private lastEdges: KindEdges | null = null;

  /** The edges of `kind`, registered (its first-use place) when first asked for. */
  private edgesNamed(kind: string): KindEdges {
    if (kind === this.lastKind) return this.lastEdges!;
    let edges = this.kinds.get(kind);
    if (edges === undefined) this.kinds.set(kind, (edges = { sources: new Map(), lastFrom: null, lastList: null }));
    this.lastKind = kind;
    this.lastEdges = edges;
    return edges;
  }

  private targets(edges: KindEdges, from: GraphNode): TargetList {
    if (from === edges.lastFrom) return edges.lastList!;
    let list = edges.sources.get(from);
    if (list === undefined) edges.sources.set(from, (list = []));
    edges.lastFrom = from;
    edges.lastList = list;
    return list;
  }

  /**
   * An adder of edges of `kind` for a pass that adds many: no look-up of the kind per edge. The
   * kind takes its first-use place at its first edge, as with `add`.
   */
  edgesOf(kind: string): EdgesOfKind {
    let edges: KindEdges | undefined;
    return {
      add: (from, to, label = null) => this.addNode(this.targets((edges ??= this.edgesNamed(kind)), from), to, label),
      addValue: (from, value) => this.addValueTarget(this.targets((edges ??= this.edgesNamed(kind)), from), value),
    };
  }

  /** An edge to another graph node; `label` is the `Child` field name, null otherwise. */
  add(kind: string, from: GraphNode, to: GraphNode, label: string | null = null): void {
    this.addNode(this.targets(this.edgesNamed(kind), from), to, label);
  }

  /** An edge to the shared value node of `value`. */
  addValue(kind: string, from: GraphNode, value: string): void {
    this.addValueTarget(this.targets(this.edgesNamed(kind), from), value);
  }

  private addNode(items: TargetList, to: GraphNode, label: string | null): void {
    if (items.length <= INDEX_AFTER) {
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        if (item.node === to && item.label === label) return;
      }
      items.push({ node: to, label });
      if (items.length > INDEX_AFTER) this.indexes.set(items, indexOfTargets(items));
      return;
    }
    const { nodeKeys } = this.indexes.get(items)!;
    let labels = nodeKeys.get(to);
    if (labels === undefined) nodeKeys.set(to, (labels = []));
    if (labels.includes(label)) return;
    labels.push(label);
    items.push({ node: to, label });
  }

  private addValueTarget(items: TargetList, value: string): void {
    let target = this.valueTargets.get(value);
    if (target === undefined) this.valueTargets.set(value, (target = { node: null, value }));
    if (items.length <= INDEX_AFTER) {
      for (let i = 0; i < items.length; i++) if (items[i] === target) return;
      items.push(target);
      if (items.length > INDEX_AFTER) this.indexes.set(items, indexOfTargets(items));
      return;
    }
    const { valueKeys } = this.indexes.get(items)!;
    if (valueKeys.has(value)) return;
    valueKeys.add(value);
    items.push(target);
  }

  /** Relation kinds in first-use order. */
  kindNames(): string[] {
    return [...this.kinds.keys()];
  }

  /** Source nodes of `kind` in first-edge order, each with its targets in insertion order. */
  sources(kind: string): IterableIterator<[from: GraphNode, targets: readonly RelationTarget[]]> {
    return (this.kinds.get(kind)?.sources ?? NO_SOURCES).entries();
  }
}
