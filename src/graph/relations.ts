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

export class CodeRelations {
  private readonly kinds = new Map<string, Map<GraphNode, TargetList>>();
  /** The indexes of the lists longer than `INDEX_AFTER`. */
  private readonly indexes = new Map<TargetList, TargetIndex>();
  /**
   * One target object per value: value targets are never modified, and most edges to values
   * (`OccurrenceOf`, the call pass's) repeat a few strings.
   */
  private readonly valueTargets = new Map<string, RelationTarget>();
  /** The kind of the last edge added and its sources: passes add runs of one kind. */
  private lastKind: string | null = null;
  private lastSources: Map<GraphNode, TargetList> | null = null;

  private targets(kind: string, from: GraphNode): TargetList {
    let bySource: Map<GraphNode, TargetList> | undefined;
    if (kind === this.lastKind) bySource = this.lastSources!;
    else {
      bySource = this.kinds.get(kind);
      if (bySource === undefined) this.kinds.set(kind, (bySource = new Map()));
      this.lastKind = kind;
      this.lastSources = bySource;
    }
    let list = bySource.get(from);
    if (list === undefined) bySource.set(from, (list = []));
    return list;
  }

  /** An edge to another graph node; `label` is the `Child` field name, null otherwise. */
  add(kind: string, from: GraphNode, to: GraphNode, label: string | null = null): void {
    const items = this.targets(kind, from);
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

  /** An edge to the shared value node of `value`. */
  addValue(kind: string, from: GraphNode, value: string): void {
    const items = this.targets(kind, from);
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
    return (this.kinds.get(kind) ?? NO_SOURCES).entries();
  }
}
