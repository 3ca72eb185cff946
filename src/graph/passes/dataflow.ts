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
import { forEachChild, visitNonWhitespaceChildren } from '../../python/visit.js';
import type { FileAnalysis, Provider } from '../analysis.js';
import { checkCpuBudget } from '../cpu-budget.js';
import type { FunctionAlone } from '../function-alone.js';
import { CodeRelations, type EdgesOfKind } from '../relations.js';
import { scopesProvider, type QualifiedName, type ScopeFacts } from '../scopes/index.js';

const NO_NODES: readonly CstNode[] = [];

/** The map key of a qualified name (LibCST's `QualifiedName` is equal by name and source). */
const keyOf = (q: QualifiedName): string => (q.source === 'LOCAL' ? q.name : `${q.name}\0${q.source}`);

type NodeMap = Map<string, readonly CstNode[]>;

/**
 * BugLab's last-access map: per qualified-name key, the nodes of its last accesses, keys in
 * insertion order (an existing key keeps its place when set). It is copied at every branch and
 * holds every name seen so far in the module, so it is layered to keep copies and merges
 * proportional to what changed: a shared, never-modified `base` plus the keys set since (`delta`).
 * Iteration order: the base's keys (with delta values where overridden), then the delta's new keys.
 * Node lists are never modified in place.
 */
export class AccessState {
  constructor(
    readonly base: ReadonlyMap<string, readonly CstNode[]>,
    readonly delta: NodeMap = new Map(),
  ) {}

  static empty(): AccessState {
    return new AccessState(EMPTY_BASE);
  }

  get isEmpty(): boolean {
    return this.delta.size === 0 && this.base.size === 0;
  }

  get(key: string): readonly CstNode[] | undefined {
    return this.delta.get(key) ?? this.base.get(key);
  }

  set(key: string, nodes: readonly CstNode[]): void {
    this.delta.set(key, nodes);
  }

  copy(): AccessState {
    return this.delta.size > 32 && this.delta.size * 2 > this.base.size ? this.flattened() : new AccessState(this.base, new Map(this.delta));
  }

  *entries(): Generator<[string, readonly CstNode[]]> {
    for (const [key, nodes] of this.base) yield [key, this.delta.get(key) ?? nodes];
    for (const entry of this.delta) if (!this.base.has(entry[0])) yield entry;
  }

  /** The same state with everything in the base (a new base, so later copies share it). */
  flattened(): AccessState {
    return new AccessState(new Map(this.entries()));
  }
}

const EMPTY_BASE: ReadonlyMap<string, readonly CstNode[]> = new Map();

/**
 * A state frozen where the module walk enters an outermost function, to be the base of every walk
 * of that function: a plain map (`lower`) with `upper`'s entries over it, in the order of the map
 * they make together (`lower`'s keys, then `upper`'s new keys), without copying `lower`. Neither may
 * change afterwards. It also answers where a key stands in that order, so that the order of the
 * names at the function's end can be told from what changed since its entry alone.
 */
export class FrozenLayers implements ReadonlyMap<string, readonly CstNode[]> {
  readonly size: number;
  /** `upper`'s keys that `lower` lacks, in order: they follow `lower`'s keys. */
  readonly added: readonly string[];
  private addedRank: Map<string, number> | undefined;
  private allKeys: string[] | undefined;

  constructor(
    private readonly lower: ReadonlyMap<string, readonly CstNode[]>,
    private readonly upper: ReadonlyMap<string, readonly CstNode[]>,
  ) {
    const added: string[] = [];
    for (const key of upper.keys()) if (!lower.has(key)) added.push(key);
    this.added = added;
    this.size = lower.size + added.length;
  }

  get(key: string): readonly CstNode[] | undefined {
    return this.upper.get(key) ?? this.lower.get(key);
  }

  has(key: string): boolean {
    return this.upper.has(key) || this.lower.has(key);
  }

  *entries(): MapIterator<[string, readonly CstNode[]]> {
    for (const [key, nodes] of this.lower) yield [key, this.upper.get(key) ?? nodes];
    for (const key of this.added) yield [key, this.upper.get(key)!];
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<readonly CstNode[]> {
    for (const [, nodes] of this.entries()) yield nodes;
  }

  [Symbol.iterator](): MapIterator<[string, readonly CstNode[]]> {
    return this.entries();
  }

  forEach(callback: (value: readonly CstNode[], key: string, map: ReadonlyMap<string, readonly CstNode[]>) => void): void {
    for (const [key, nodes] of this.entries()) callback(nodes, key, this);
  }

  /** The keys in order (computed once). */
  keyList(): readonly string[] {
    this.allKeys ??= [...this.keys()];
    return this.allKeys;
  }

  /** The place of `key` in the order; undefined when absent. */
  rank(key: string): number | undefined {
    if (this.lower.has(key)) return rankIn(this.lower, key);
    this.addedRank ??= new Map(this.added.map((k, i) => [k, i]));
    const at = this.addedRank.get(key);
    return at === undefined ? undefined : this.lower.size + at;
  }
}

/**
 * Key ranks of plain base maps, built once per map: consecutive functions of a module share the
 * module walk's base, which changes only when it is flattened.
 */
const ranksOfBase = new WeakMap<ReadonlyMap<string, unknown>, Map<string, number>>();

function rankIn(map: ReadonlyMap<string, unknown>, key: string): number | undefined {
  let ranks = ranksOfBase.get(map);
  if (ranks === undefined) {
    ranks = new Map();
    for (const k of map.keys()) ranks.set(k, ranks.size);
    ranksOfBase.set(map, ranks);
  }
  return ranks.get(key);
}

/** `state`'s keys that `base` lacks, in order, when `state` is layered on `base` (else null). */
function keysAddedTo(state: AccessState, base: ReadonlyMap<string, unknown>): string[] | null {
  if (state.base !== base) return null;
  const added: string[] = [];
  for (const key of state.delta.keys()) if (!base.has(key)) added.push(key);
  return added;
}

/** `keys` without its first `prefix.length` keys when they are `prefix`; null otherwise. */
function afterPrefix(keys: readonly string[], prefix: readonly string[]): string[] | null {
  if (keys.length < prefix.length) return null;
  for (let i = 0; i < prefix.length; i++) if (keys[i] !== prefix[i]) return null;
  return keys.slice(prefix.length);
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/**
 * BugLab's `__merge_last_access`: the keys of `a` then the new keys of `b`, per key the ordered
 * union of both node lists. Every caller drops its operands afterwards, so an operand may be
 * returned as the result.
 */
export function mergeAccessStates(a: AccessState, b: AccessState): AccessState {
  if (b.isEmpty) return a;
  if (a.isEmpty) return b;
  if (a.base === b.base) {
    // Keys in neither delta have the base's value on both sides: only the deltas need merging.
    const base = a.base;
    const out: NodeMap = new Map();
    for (const [key, mine] of a.delta) {
      const theirs = b.delta.get(key) ?? base.get(key);
      out.set(key, theirs === undefined ? mine : union(mine, theirs));
    }
    for (const [key, theirs] of b.delta) {
      if (out.has(key)) continue;
      const mine = base.get(key);
      out.set(key, mine === undefined ? theirs : union(mine, theirs));
    }
    return new AccessState(base, out);
  }
  if (b.base.size + b.delta.size < a.base.size) {
    // A `b` smaller than `a`'s base (typically names set after a `return`, on an empty base) is
    // merged into a copy of `a`'s delta instead of into a copy of all of `a`: `a`'s keys keep their
    // places (the base's, then the delta's), `b`'s new keys follow in `b`'s order.
    const out: NodeMap = new Map(a.delta);
    for (const [key, theirs] of b.entries()) {
      const mine = out.get(key) ?? a.base.get(key);
      if (mine === undefined) out.set(key, theirs);
      else if (theirs.length > 0) out.set(key, union(mine, theirs));
    }
    return new AccessState(a.base, out);
  }
  const out: NodeMap = new Map(a.entries());
  for (const [key, theirs] of b.entries()) {
    const mine = out.get(key);
    if (mine === undefined) out.set(key, theirs);
    else if (theirs.length > 0) out.set(key, union(mine, theirs));
  }
  return new AccessState(out);
}

function union(a: readonly CstNode[], b: readonly CstNode[]): readonly CstNode[] {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  let out: CstNode[] | null = null;
  for (const node of b) {
    if ((out ?? a).includes(node)) continue;
    out ??= [...a];
    out.push(node);
  }
  return out ?? a;
}

class DataFlowWalk {
  private lastAccess = AccessState.empty();
  private readonly lastWrite = new Map<string, CstNode>();
  /** The qualified name of each key that was ever accessed. */
  private readonly names = new Map<string, string>();
  private readonly returnsFrom: AccessState[] = [];
  private readonly continueFrom: AccessState[] = [];
  private readonly breakFrom: AccessState[] = [];
  private inWriteContext = false;
  /** Set by the survival walk: called before and after each outermost function is walked. */
  onFunctionEnter: ((functionDef: CstNode) => void) | null = null;
  onFunctionExit: ((functionDef: CstNode) => void) | null = null;
  private functionDepth = 0;
  /** The names set in the current outermost function, when tracked. */
  touched: Set<string> | null = null;

  private readonly occurrenceOf: EdgesOfKind;
  private readonly nextMayUse: EdgesOfKind;
  private readonly lastMayWrite: EdgesOfKind;
  private readonly mayFinalUseOf: EdgesOfKind;

  constructor(
    relations: CodeRelations,
    private readonly facts: ScopeFacts,
  ) {
    this.occurrenceOf = relations.edgesOf('OccurrenceOf');
    this.nextMayUse = relations.edgesOf('NextMayUse');
    this.lastMayWrite = relations.edgesOf('LastMayWrite');
    this.mayFinalUseOf = relations.edgesOf('MayFinalUseOf');
  }

  private recordAccess(node: CstNode): void {
    for (const q of this.facts.qualifiedNames(node)) {
      this.occurrenceOf.addValue(node, q.name);
      if (q.source !== 'LOCAL') continue;
      const key = keyOf(q);
      const previous = this.lastAccess.get(key);
      // (Markers of the survival walk flow into a function walk with its entry state: no edges.)
      if (previous !== undefined) for (const from of previous) if (from.range !== undefined) this.nextMayUse.add(from, node);
      const write = this.lastWrite.get(key);
      if (write !== undefined) this.lastMayWrite.add(write, node);
      this.lastAccess.set(key, [node]);
      this.names.set(key, q.name);
      if (this.touched !== null && this.functionDepth > 0) this.touched.add(key);
    }
  }

  private recordWrite(node: CstNode): void {
    for (const q of this.facts.qualifiedNames(node)) {
      this.occurrenceOf.addValue(node, q.name);
      const key = keyOf(q);
      this.lastAccess.set(key, NO_NODES);
      this.lastWrite.set(key, node);
      if (this.touched !== null && this.functionDepth > 0) this.touched.add(key);
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

  private snapshot(): AccessState {
    return this.lastAccess.copy();
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
        this.lastAccess = mergeAccessStates(this.lastAccess, afterBody);
        return;
      }
      case 'Return':
        this.field(node, 'value');
        this.returnsFrom[this.returnsFrom.length - 1] = mergeAccessStates(this.returnsFrom.at(-1)!, this.lastAccess);
        this.lastAccess = AccessState.empty();
        return;
      case 'Continue':
        this.continueFrom[this.continueFrom.length - 1] = mergeAccessStates(this.continueFrom.at(-1)!, this.lastAccess);
        this.lastAccess = AccessState.empty();
        return;
      case 'Break':
        this.breakFrom[this.breakFrom.length - 1] = mergeAccessStates(this.breakFrom.at(-1)!, this.lastAccess);
        this.lastAccess = AccessState.empty();
        return;
      case 'While':
        // Loop bodies are walked more than once, so nesting multiplies the work: a checkpoint.
        checkCpuBudget('the dataflow pass', node.range?.start.line ?? null);
        return this.whileLoop(node);
      case 'For':
        checkCpuBudget('the dataflow pass', node.range?.start.line ?? null);
        return this.forLoop(node);
      case 'FunctionDef': {
        for (const q of this.facts.qualifiedNames(node['name'] as CstNode)) this.occurrenceOf.addValue(node, q.name);
        if (this.functionDepth === 0) this.onFunctionEnter?.(node);
        this.returnsFrom.push(AccessState.empty());
        this.functionDepth++;
        this.inWrite(node['params'] as CstNode);
        this.field(node, 'body');
        this.functionDepth--;
        this.lastAccess = mergeAccessStates(this.lastAccess, this.returnsFrom.pop()!);
        if (this.functionDepth === 0) this.onFunctionExit?.(node);
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
    visitNonWhitespaceChildren(node, this);
  }

  private whileLoop(node: CstNode): void {
    this.field(node, 'test');
    const afterFirstTest = this.snapshot();
    this.breakFrom.push(AccessState.empty());
    this.continueFrom.push(AccessState.empty());
    this.field(node, 'body');
    this.lastAccess = mergeAccessStates(this.continueFrom.pop()!, this.lastAccess);
    this.breakFrom[this.breakFrom.length - 1] = AccessState.empty();
    this.continueFrom.push(AccessState.empty());
    this.field(node, 'test');
    this.field(node, 'body');
    this.lastAccess = mergeAccessStates(this.continueFrom.pop()!, this.lastAccess);
    this.field(node, 'test');
    this.lastAccess = mergeAccessStates(this.lastAccess, afterFirstTest);
    this.field(node, 'orelse');
    this.lastAccess = mergeAccessStates(this.lastAccess, this.breakFrom.pop()!);
  }

  private forLoop(node: CstNode): void {
    this.field(node, 'iter');
    const afterZeroIterations = this.snapshot();
    this.breakFrom.push(AccessState.empty());
    this.continueFrom.push(AccessState.empty());
    this.inWrite(node['target'] as CstNode);
    this.field(node, 'body');
    this.lastAccess = mergeAccessStates(this.continueFrom.pop()!, this.lastAccess);
    this.breakFrom[this.breakFrom.length - 1] = AccessState.empty();
    this.continueFrom.push(AccessState.empty());
    this.inWrite(node['target'] as CstNode);
    this.field(node, 'body');
    this.lastAccess = mergeAccessStates(this.continueFrom.pop()!, this.lastAccess);
    this.lastAccess = mergeAccessStates(this.lastAccess, afterZeroIterations);
    this.field(node, 'orelse');
    this.lastAccess = mergeAccessStates(this.lastAccess, this.breakFrom.pop()!);
  }

  /** The last accesses at the end of the walk, `MayFinalUseOf`. */
  finish(): void {
    for (const [key, nodes] of this.lastAccess.entries()) {
      for (const node of nodes) this.mayFinalUseOf.addValue(node, this.names.get(key)!);
    }
  }

  /**
   * `MayFinalUseOf` of a walk of one function: only names whose last accesses survive the rest of
   * the module (names the original module never used, which a rewrite can introduce, e.g. `b.x`
   * for `a.x`, are never touched after the function and survive), in the module's final order; a
   * new name follows the name before it in the function's own order.
   */
  finishFunction(finalUses: FunctionFinalUses): void {
    const { survivors, finalOrder, entry } = finalUses;
    // The names at the function's end: those at its entry (`entry`, in their order), then `tail`.
    // Told from what changed since the entry, not from the module's whole map.
    let tail = keysAddedTo(this.lastAccess, entry);
    if (tail === null) tail = afterPrefix(this.keys(), entry.keyList());
    // The code after the function leaves the order of the names it finds as it is, but for the
    // few it reads after a `return` or `break`: when the function leaves the same order as the
    // original did, the module's final order holds; otherwise the function's own order is used.
    const sameExit =
      tail !== null && finalUses.exitTail !== null
        ? sameKeys(tail, finalUses.exitTail)
        : sameKeys(tail === null ? this.keys() : [...entry.keyList(), ...tail], finalUses.exitKeys ?? [...entry.keyList(), ...finalUses.exitTail!]);
    let rankOf: (key: string) => number | undefined;
    if (sameExit) rankOf = (key) => finalOrder.get(key);
    else if (tail !== null) {
      const tailRank = new Map(tail.map((key, i) => [key, entry.size + i]));
      rankOf = (key) => tailRank.get(key) ?? entry.rank(key);
    } else {
      const ownRank = new Map(this.keys().map((key, i) => [key, i]));
      rankOf = (key) => ownRank.get(key);
    }
    const emitted = [...this.touched!].filter((key) => !finalOrder.has(key) || survivors.has(key));
    emitted.sort((a, b) => rankOf(a)! - rankOf(b)!);
    for (const key of emitted) {
      for (const node of this.lastAccess.get(key)!) if (node.range !== undefined) this.mayFinalUseOf.addValue(node, this.names.get(key)!);
    }
  }

  /** Starts the walk of one function where the module walk entered it. */
  enterFrom(entry: FrozenLayers): void {
    this.lastAccess = new AccessState(entry);
    this.touched = new Set();
  }

  /** The last accesses frozen, to start walks of the function being entered from. */
  frozen(): FrozenLayers {
    return new FrozenLayers(this.lastAccess.base, new Map(this.lastAccess.delta));
  }

  /**
   * The keys of the last-access map now, as those of `entry` (a state frozen earlier) followed by
   * the returned ones; null when the map does not start with `entry`'s keys.
   */
  keysAfter(entry: FrozenLayers, base: ReadonlyMap<string, unknown>): string[] | null {
    // Layered on the map the entry was frozen from: those keys, then what was added since.
    const added = keysAddedTo(this.lastAccess, base);
    return added !== null ? afterPrefix(added, entry.added) : afterPrefix(this.keys(), entry.keyList());
  }

  /** The base of the last-access map (to tell later what was added to it). */
  base(): ReadonlyMap<string, unknown> {
    return this.lastAccess.base;
  }

  /** The last-access map at the end of the walk. */
  finalEntries(): Iterable<[string, readonly CstNode[]]> {
    return this.lastAccess.entries();
  }

  /** The keys of the last-access map, in its order. */
  keys(): string[] {
    return [...this.lastAccess.entries()].map(([key]) => key);
  }

  /** Adds `marker` to the last accesses of each of `keys`. */
  mark(marker: CstNode, keys: Iterable<string>): void {
    for (const key of keys) this.lastAccess.set(key, [...(this.lastAccess.get(key) ?? NO_NODES), marker]);
  }
}

/** Adds BugLab's data-flow relations of the whole module of `file`. */
export function addDataFlowRelations(file: FileAnalysis, relations: CodeRelations): void {
  const walk = new DataFlowWalk(relations, file.get(scopesProvider));
  walk.visit(file.module);
  walk.finish();
}

/** What the code around one outermost function decides about its `MayFinalUseOf` edges. */
export interface FunctionFinalUses {
  /**
   * The names (qualified-name keys) whose last accesses at the function's end are still last
   * accesses at the end of the module walk: only these give `MayFinalUseOf` edges from inside it.
   */
  readonly survivors: ReadonlySet<string>;
  /** The rank of every name in the order of the module's final last-access map. */
  readonly finalOrder: ReadonlyMap<string, number>;
  /** The module walk's last accesses when it reached the function (they flow into it). */
  readonly entry: FrozenLayers;
  /**
   * The names of the module walk's last-access map when it left the function, in its order: those
   * of `entry`, then `exitTail`; or, when the map did not start with `entry`'s names, `exitKeys`.
   */
  readonly exitTail: readonly string[] | null;
  readonly exitKeys: readonly string[] | null;
}

/**
 * Per outermost function (a `FunctionDef` not inside another one, i.e. what the function finder
 * reports), its `FunctionFinalUses`; null for a function inside the body of a module- or
 * class-level loop, which BugLab walks twice, so that its flow is not separable from the module's.
 *
 * What happens after a function treats each name's set of last accesses as a whole (kept, dropped,
 * or joined with others), independently of which nodes it holds, so the survivors stay valid for
 * the same file with that function rewritten (the code before and after it is unchanged).
 */
export type FinalUseSurvival = Map<CstNode, FunctionFinalUses | null>;

export const finalUseSurvivalProvider: Provider<FinalUseSurvival> = {
  name: 'final-use-survival',
  compute(file) {
    // One extra module walk: at each function's end, a marker node joins the last accesses of
    // every name the function set; the names whose final last accesses still hold the marker survive.
    const walk = new DataFlowWalk(new CodeRelations(), file.get(scopesProvider));
    const owners = new Map<CstNode, CstNode>();
    const entries = new Map<CstNode, { frozen: FrozenLayers; base: ReadonlyMap<string, unknown> }>();
    const exits = new Map<CstNode, { tail: readonly string[] | null; keys: readonly string[] | null }>();
    walk.onFunctionEnter = (functionDef) => {
      if (!entries.has(functionDef)) entries.set(functionDef, { frozen: walk.frozen(), base: walk.base() });
      walk.touched = new Set();
    };
    walk.onFunctionExit = (functionDef) => {
      const touched = walk.touched!;
      walk.touched = null;
      if (exits.has(functionDef)) return;
      const { frozen, base } = entries.get(functionDef)!;
      const tail = walk.keysAfter(frozen, base);
      exits.set(functionDef, { tail, keys: tail === null ? walk.keys() : null });
      const marker: CstNode = { type: '<final-use marker>' };
      owners.set(marker, functionDef);
      walk.mark(marker, touched);
    };
    walk.visit(file.module);
    const finalOrder: ReadonlyMap<string, number> = new Map(walk.keys().map((key, i) => [key, i]));
    const survivors = new Map<CstNode, Set<string>>();
    for (const functionDef of entries.keys()) survivors.set(functionDef, new Set());
    for (const [key, nodes] of walk.finalEntries()) {
      for (const node of nodes) {
        const owner = owners.get(node);
        if (owner !== undefined) survivors.get(owner)!.add(key);
      }
    }
    const loopBodies = functionsInLoopBodies(file.module);
    const survival: FinalUseSurvival = new Map();
    for (const [functionDef, { frozen }] of entries) {
      const exit = exits.get(functionDef)!;
      survival.set(
        functionDef,
        loopBodies.has(functionDef) ? null : { survivors: survivors.get(functionDef)!, finalOrder, entry: frozen, exitTail: exit.tail, exitKeys: exit.keys },
      );
    }
    return survival;
  },
};

/** Outermost functions inside the body of a `for`/`while` (walked twice by BugLab's data flow). */
function functionsInLoopBodies(module: CstNode): Set<CstNode> {
  const found = new Set<CstNode>();
  const walk = (node: CstNode, inLoop: boolean): void => {
    if (node.type === 'FunctionDef') {
      if (inLoop) found.add(node);
      return;
    }
    if (node.type === 'For' || node.type === 'While') {
      forEachChild(node, (child) => walk(child, inLoop || child === node['body']), { whitespace: false });
      return;
    }
    forEachChild(node, (child) => walk(child, inLoop), { whitespace: false });
  };
  walk(module, false);
  return found;
}

/**
 * The data-flow relations of one outermost function alone, at a cost that follows the function:
 * the edges the whole-module pass gives between nodes inside it (and to value nodes), in the same
 * order. Edges from or to nodes outside the function are not produced (a sample drops them).
 * The final uses are the original file's (still valid after a rewrite inside the function); the
 * scope facts are those `fn.file` provides (`functionScopeFacts`, scopes/, gives them for the
 * function alone). Throws for a function whose flow is not separable from the module's.
 */
export function addFunctionDataFlowRelations(fn: FunctionAlone, relations: CodeRelations): void {
  const { finalUses } = fn.original;
  if (finalUses === null) throw new Error('the data flow of a function inside a module- or class-level loop is not separable from the module’s');
  const walk = new DataFlowWalk(relations, fn.file.get(scopesProvider));
  walk.enterFrom(finalUses.entry);
  walk.visit(fn.functionDef);
  walk.finishFunction(finalUses);
}
