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
 * The targets of one (kind, source): most have one or two, so duplicates are found by scanning the
 * list; an index is built only once a list grows long. (A Map and a Set per list made relations
 * about 2.5 KB per token, the bulk of a large file's memory.)
 */
class TargetList {
  readonly items: RelationTarget[] = [];
  private nodeKeys: Map<GraphNode, (string | null)[]> | undefined;
  private valueKeys: Set<string> | undefined;

  addNode(node: GraphNode, label: string | null): void {
    if (this.nodeKeys === undefined) {
      for (const item of this.items) if (item.node === node && item.label === label) return;
      this.items.push({ node, label });
      if (this.items.length > INDEX_AFTER) this.buildIndex();
      return;
    }
    let labels = this.nodeKeys.get(node);
    if (labels === undefined) this.nodeKeys.set(node, (labels = []));
    if (labels.includes(label)) return;
    labels.push(label);
    this.items.push({ node, label });
  }

  addValue(value: string): void {
    if (this.valueKeys === undefined) {
      for (const item of this.items) if (item.node === null && item.value === value) return;
      this.items.push({ node: null, value });
      if (this.items.length > INDEX_AFTER) this.buildIndex();
      return;
    }
    if (this.valueKeys.has(value)) return;
    this.valueKeys.add(value);
    this.items.push({ node: null, value });
  }

  private buildIndex(): void {
    this.nodeKeys = new Map();
    this.valueKeys = new Set();
    for (const item of this.items) {
      if (item.node === null) this.valueKeys.add(item.value);
      else {
        const labels = this.nodeKeys.get(item.node);
        if (labels === undefined) this.nodeKeys.set(item.node, [item.label]);
        else labels.push(item.label);
      }
    }
  }
}

/** Targets scanned linearly up to this many; beyond, looked up in an index. */
const INDEX_AFTER = 8;

export class CodeRelations {
  private readonly kinds = new Map<string, Map<GraphNode, TargetList>>();

  private targets(kind: string, from: GraphNode): TargetList {
    let bySource = this.kinds.get(kind);
    if (bySource === undefined) this.kinds.set(kind, (bySource = new Map()));
    let list = bySource.get(from);
    if (list === undefined) bySource.set(from, (list = new TargetList()));
    return list;
  }

  /** An edge to another graph node; `label` is the `Child` field name, null otherwise. */
  add(kind: string, from: GraphNode, to: GraphNode, label: string | null = null): void {
    this.targets(kind, from).addNode(to, label);
  }

  /** An edge to the shared value node of `value`. */
  addValue(kind: string, from: GraphNode, value: string): void {
    this.targets(kind, from).addValue(value);
  }

  /** Relation kinds in first-use order. */
  kindNames(): string[] {
    return [...this.kinds.keys()];
  }

  /** Source nodes of `kind` in first-edge order, each with its targets in insertion order. */
  *sources(kind: string): Generator<[from: GraphNode, targets: readonly RelationTarget[]]> {
    const bySource = this.kinds.get(kind);
    if (bySource === undefined) return;
    for (const [from, list] of bySource) yield [from, list.items];
  }
}
