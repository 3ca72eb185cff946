/**
 * BugLab's data-flow relations (`OccurrenceOf`, `NextMayUse`, `LastMayWrite`, `MayFinalUseOf`): the
 * same walk as BugLab's `DataFlow` visitor over the whole module, on LibCST's qualified names
 * (scopes/), with its maps and sets kept in insertion order as in the golden data.
 *
 * Quirks kept on purpose because the golden edges have them: the last accesses flow on from the
 * module code before a function into its body and out of it into the code after it; the last write
 * of a name is simply the last one walked (no branch merging); loop bodies are walked twice and a
 * `while` test three times; the write context is a flag that a nested write context switches off
 * (not back to its previous value); in a write context everything below is a write (the base of
 * `self.x`, parameter defaults and annotations), except subscript slices.
 */
import type { CstNode } from '../../python/cst.js';
import type { FileAnalysis } from '../analysis.js';
import type { CodeRelations } from '../relations.js';
import { nonWhitespaceChildren } from '../scopes/children.js';
import { scopesProvider, type QualifiedName, type ScopeFacts } from '../scopes/index.js';

/** Per qualified name (keyed `name\0source`), the nodes of its last accesses, both in insertion order. */
type AccessMap = Map<string, { readonly name: string; nodes: readonly CstNode[] }>;

const keyOf = (q: QualifiedName): string => `${q.name}\0${q.source}`;

/** BugLab's `__merge_last_access`: keys of `a` then new keys of `b`; per key the ordered union. */
function merge(a: AccessMap, b: AccessMap): AccessMap {
  const out: AccessMap = new Map();
  for (const [key, entry] of a) {
    const other = b.get(key);
    out.set(key, { name: entry.name, nodes: other === undefined ? entry.nodes : union(entry.nodes, other.nodes) });
  }
  for (const [key, entry] of b) if (!out.has(key)) out.set(key, { name: entry.name, nodes: entry.nodes });
  return out;
}

function union(a: readonly CstNode[], b: readonly CstNode[]): readonly CstNode[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = [...a];
  for (const node of b) if (!out.includes(node)) out.push(node);
  return out;
}

class DataFlowWalk {
  private lastAccess: AccessMap = new Map();
  private readonly lastWrite = new Map<string, CstNode>();
  private readonly returnsFrom: AccessMap[] = [];
  private readonly continueFrom: AccessMap[] = [];
  private readonly breakFrom: AccessMap[] = [];
  private inWriteContext = false;

  constructor(
    private readonly relations: CodeRelations,
    private readonly facts: ScopeFacts,
  ) {}

  private recordAccess(node: CstNode): void {
    for (const q of this.facts.qualifiedNames(node)) {
      this.relations.addValue('OccurrenceOf', node, q.name);
      if (q.source !== 'LOCAL') continue;
      const key = keyOf(q);
      const previous = this.lastAccess.get(key);
      if (previous !== undefined) for (const from of previous.nodes) this.relations.add('NextMayUse', from, node);
      const write = this.lastWrite.get(key);
      if (write !== undefined) this.relations.add('LastMayWrite', write, node);
      if (previous !== undefined) previous.nodes = [node];
      else this.lastAccess.set(key, { name: q.name, nodes: [node] });
    }
  }

  private recordWrite(node: CstNode): void {
    for (const q of this.facts.qualifiedNames(node)) {
      this.relations.addValue('OccurrenceOf', node, q.name);
      const key = keyOf(q);
      const previous = this.lastAccess.get(key);
      if (previous !== undefined) previous.nodes = [];
      else this.lastAccess.set(key, { name: q.name, nodes: [] });
      this.lastWrite.set(key, node);
    }
  }

  private inWrite(node: CstNode | null): void {
    if (node === null) return;
    this.inWriteContext = true;
    try {
      this.visit(node);
    } finally {
      this.inWriteContext = false;
    }
  }

  private field(node: CstNode, name: string): void {
    const value = node[name];
    if (Array.isArray(value)) {
      for (const item of value as CstNode[]) this.visit(item);
    } else if (value !== null && value !== undefined && typeof value === 'object') {
      this.visit(value as CstNode);
    }
  }

  /** A copy whose entries can be replaced without touching the original's. */
  private snapshot(): AccessMap {
    const copy: AccessMap = new Map();
    for (const [key, entry] of this.lastAccess) copy.set(key, { name: entry.name, nodes: entry.nodes });
    return copy;
  }

  visit(node: CstNode): void {
    switch (node.type) {
      case 'Name':
      case 'Attribute':
        if (this.inWriteContext) this.recordWrite(node);
        else this.recordAccess(node);
        break;
      case 'If':
      case 'IfExp': {
        this.field(node, 'test');
        const beforeBody = this.snapshot();
        this.field(node, 'body');
        const afterBody = this.lastAccess;
        this.lastAccess = beforeBody;
        this.field(node, 'orelse');
        this.lastAccess = merge(this.lastAccess, afterBody);
        return;
      }
      case 'Return':
        this.field(node, 'value');
        this.returnsFrom[this.returnsFrom.length - 1] = merge(this.returnsFrom.at(-1)!, this.lastAccess);
        this.lastAccess = new Map();
        return;
      case 'Continue':
        this.continueFrom[this.continueFrom.length - 1] = merge(this.continueFrom.at(-1)!, this.lastAccess);
        this.lastAccess = new Map();
        return;
      case 'Break':
        this.breakFrom[this.breakFrom.length - 1] = merge(this.breakFrom.at(-1)!, this.lastAccess);
        this.lastAccess = new Map();
        return;
      case 'While':
        return this.whileLoop(node);
      case 'For':
        return this.forLoop(node);
      case 'FunctionDef': {
        for (const q of this.facts.qualifiedNames(node['name'] as CstNode)) this.relations.addValue('OccurrenceOf', node, q.name);
        this.returnsFrom.push(new Map());
        this.inWrite(node['params'] as CstNode);
        this.field(node, 'body');
        this.lastAccess = merge(this.lastAccess, this.returnsFrom.pop()!);
        return;
      }
      case 'Assign':
        for (const target of node['targets'] as CstNode[]) this.inWrite(target);
        this.field(node, 'value');
        return;
      case 'AnnAssign':
      case 'AugAssign':
      case 'NamedExpr':
        this.inWrite(node['target'] as CstNode);
        this.field(node, 'value');
        return;
      case 'Subscript':
        if (this.inWriteContext) {
          this.field(node, 'value');
          this.inWriteContext = false;
          this.field(node, 'slice');
          this.inWriteContext = true;
          return;
        }
        break;
      case 'AsName':
        this.inWrite(node['name'] as CstNode);
        return;
      case 'Lambda':
        this.inWrite(node['params'] as CstNode);
        this.field(node, 'body');
        return;
      case 'CompFor':
        this.field(node, 'iter');
        this.inWrite(node['target'] as CstNode);
        this.field(node, 'ifs');
        this.field(node, 'inner_for_in');
        return;
    }
    for (const child of nonWhitespaceChildren(node)) this.visit(child);
  }

  private whileLoop(node: CstNode): void {
    this.field(node, 'test');
    const afterFirstTest = this.snapshot();
    this.breakFrom.push(new Map());
    this.continueFrom.push(new Map());
    this.field(node, 'body');
    this.lastAccess = merge(this.continueFrom.pop()!, this.lastAccess);
    this.breakFrom[this.breakFrom.length - 1] = new Map();
    this.continueFrom.push(new Map());
    this.field(node, 'test');
    this.field(node, 'body');
    this.lastAccess = merge(this.continueFrom.pop()!, this.lastAccess);
    this.field(node, 'test');
    this.lastAccess = merge(this.lastAccess, afterFirstTest);
    this.field(node, 'orelse');
    this.lastAccess = merge(this.lastAccess, this.breakFrom.pop()!);
  }

  private forLoop(node: CstNode): void {
    this.field(node, 'iter');
    const afterZeroIterations = this.snapshot();
    this.breakFrom.push(new Map());
    this.continueFrom.push(new Map());
    this.inWrite(node['target'] as CstNode);
    this.field(node, 'body');
    this.lastAccess = merge(this.continueFrom.pop()!, this.lastAccess);
    this.breakFrom[this.breakFrom.length - 1] = new Map();
    this.continueFrom.push(new Map());
    this.inWrite(node['target'] as CstNode);
    this.field(node, 'body');
    this.lastAccess = merge(this.continueFrom.pop()!, this.lastAccess);
    this.lastAccess = merge(this.lastAccess, afterZeroIterations);
    this.field(node, 'orelse');
    this.lastAccess = merge(this.lastAccess, this.breakFrom.pop()!);
  }

  finish(): void {
    for (const entry of this.lastAccess.values()) {
      for (const node of entry.nodes) this.relations.addValue('MayFinalUseOf', node, entry.name);
    }
  }
}

/** Adds BugLab's data-flow relations of the whole module of `file`. */
export function addDataFlowRelations(file: FileAnalysis, relations: CodeRelations): void {
  const walk = new DataFlowWalk(relations, file.get(scopesProvider));
  walk.visit(file.module);
  walk.finish();
}
