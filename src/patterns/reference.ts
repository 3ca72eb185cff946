/**
 * Specificity measured on a reference corpus of clean code (`patterns mine --reference DIR`): how often
 * each pattern's before part matches code that was *not* fixed. A pattern whose before part is
 * everywhere in clean code (`h0 = h1`) would suggest a "fix" at every assignment; one that matches only
 * where bugs were fixed is specific.
 *
 * The counts are stored in patterns.json under one optional top-level key, `reference` (docs/patterns.md);
 * files without it stay readable and rank by the structural stand-in (`structuralSpecificity`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CstNode } from '../python/cst.js';
import { decodeSource, SourceDecodeError } from '../python/decode.js';
import { ParseError, parseModule } from '../python/parser/index.js';
import { children as cstChildren } from '../python/visit.js';
import { listPythonFiles } from '../io/python-files.js';
import { match } from './match.js';
import type { PatternsFile } from './mine.js';
import { canon, concreteSize, holesOf, isSignificant } from './tree.js';

export interface ReferenceCounts {
  /** The directory as given. */
  readonly source: string;
  /** Python files read and parsed. */
  readonly files: number;
  /** Python files that could not be read, decoded or parsed (reported, left out). */
  readonly skipped: number;
  /** Significant CST nodes visited (the denominator of a match rate). */
  readonly nodes: number;
  /** Matches of each node's before part (index = node id). */
  readonly matches: readonly number[];
}

export type PatternsWithReference = PatternsFile & { readonly reference?: ReferenceCounts };

/** The reference counts of `file` when present and consistent with its nodes, else null. */
export function referenceOf(file: PatternsFile): ReferenceCounts | null {
  const reference = (file as PatternsWithReference).reference;
  if (reference === undefined || reference === null || typeof reference !== 'object') return null;
  const { matches } = reference;
  if (!Array.isArray(matches) || matches.length !== file.nodes.length || !matches.every((m) => Number.isInteger(m) && m >= 0)) return null;
  return reference;
}

/**
 * The specificity of a pattern supported by `fixes` fix records whose before part matched `matches`
 * times in the reference corpus: the share of the places it matches that were fixes,
 *   specificity = (1 + fixes) / (1 + fixes + matches)
 * (1 when it never matches clean code).
 */
export function referenceSpecificity(fixes: number, matches: number): number {
  return (1 + fixes) / (1 + fixes + matches);
}

/** Without a reference corpus: the share of the before part's nodes that are concrete (not holes). */
export function structuralSpecificity(before: CstNode): number {
  const concrete = concreteSize(before);
  return concrete / (concrete + holesOf(before).length);
}

/** Every significant node under `root` (the root included), in pre-order. */
export function significantNodes(root: CstNode, out: CstNode[] = []): CstNode[] {
  const stack: CstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    const kids = cstChildren(node);
    for (let i = kids.length - 1; i >= 0; i--) {
      const child = kids[i]![1];
      if (isSignificant(child)) stack.push(child);
    }
  }
  return out;
}

/**
 * Calls `visit` with each Python module under `dir` (extract-dir's file listing, in path order). A file
 * that cannot be read, decoded or parsed, and a directory that cannot be read, is reported through
 * `onError` (`PATH:LINE: reason`) and left out.
 */
async function forEachModule(dir: string, onError: (message: string) => void, visit: (module: CstNode) => void): Promise<{ files: number; skipped: number }> {
  const listing = await listPythonFiles(dir);
  for (const unreadable of listing.unreadableDirectories) onError(`${join(dir, unreadable.path)}: cannot read the directory: ${unreadable.error}`);
  let files = 0;
  let skipped = 0;
  for (const path of listing.files) {
    let module: CstNode;
    try {
      const decoded = decodeSource(await readFile(path));
      module = parseModule(decoded.text, { encoding: decoded.encoding });
    } catch (err) {
      skipped++;
      if (err instanceof ParseError) onError(`${path}:${err.line}: ${err.reason}`);
      else if (err instanceof SourceDecodeError) onError(`${path}:${err.line ?? 1}: ${err.message}`);
      else onError(`${path}:1: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    files++;
    visit(module);
  }
  return { files, skipped };
}

/** The distinct before templates of `file`, by root node type: each carries the node ids that share it. */
export function templatesByType(file: PatternsFile): Map<string, { template: CstNode; ids: number[] }[]> {
  const byCanon = new Map<string, { template: CstNode; ids: number[] }>();
  for (const node of file.nodes) {
    const key = canon(node.template.before);
    const entry = byCanon.get(key);
    if (entry === undefined) byCanon.set(key, { template: node.template.before, ids: [node.id] });
    else entry.ids.push(node.id);
  }
  const byType = new Map<string, { template: CstNode; ids: number[] }[]>();
  for (const entry of byCanon.values()) {
    const list = byType.get(entry.template.type);
    if (list === undefined) byType.set(entry.template.type, [entry]);
    else list.push(entry);
  }
  return byType;
}

/**
 * Counts the matches of every node's before part in one module, adding to `matches` (by node id).
 * Returns the number of significant nodes visited.
 */
export function countMatches(module: CstNode, byType: ReturnType<typeof templatesByType>, matches: number[]): number {
  const nodes = significantNodes(module);
  for (const target of nodes) {
    const candidates = byType.get(target.type);
    if (candidates === undefined) continue;
    for (const { template, ids } of candidates) {
      if (match(template, target) === null) continue;
      for (const id of ids) matches[id] = (matches[id] ?? 0) + 1;
    }
  }
  return nodes.length;
}

/**
 * Matches every node of `file` against every Python file under `dir`. A file that cannot be read,
 * decoded or parsed is reported through `onError` (`FILE:LINE: reason`) and left out.
 */
export async function measureReference(file: PatternsFile, dir: string, onError: (message: string) => void = () => {}): Promise<ReferenceCounts> {
  const byType = templatesByType(file);
  const matches = new Array<number>(file.nodes.length).fill(0);
  let nodes = 0;
  const { files, skipped } = await forEachModule(dir, onError, (module) => {
    nodes += countMatches(module, byType, matches);
  });
  return { source: dir, files, skipped, nodes, matches };
}

/** `file` with its reference counts (replacing any earlier ones). */
export function withReference(file: PatternsFile, reference: ReferenceCounts): PatternsWithReference {
  return { ...file, reference };
}

/**
 * A reference corpus held in memory, for measuring many pattern files against the same code (the folds of
 * `patterns eval`): each distinct before template is matched once, its count remembered.
 */
export class ReferenceCorpus {
  private readonly counted = new Map<string, number>();

  private constructor(
    readonly source: string,
    private readonly modules: readonly CstNode[],
    readonly skipped: number,
    readonly nodes: number,
  ) {}

  static async load(dir: string, onError: (message: string) => void = () => {}): Promise<ReferenceCorpus> {
    const modules: CstNode[] = [];
    let nodes = 0;
    const { skipped } = await forEachModule(dir, onError, (module) => {
      modules.push(module);
      nodes += significantNodes(module).length;
    });
    return new ReferenceCorpus(dir, modules, skipped, nodes);
  }

  get files(): number {
    return this.modules.length;
  }

  countsFor(file: PatternsFile): ReferenceCounts {
    const byType = new Map<string, { template: CstNode; ids: number[] }[]>();
    for (const [type, entries] of templatesByType(file)) {
      const fresh = entries.filter((e) => !this.counted.has(canon(e.template)));
      if (fresh.length > 0) byType.set(type, fresh.map((e) => ({ template: e.template, ids: [0] })));
    }
    if (byType.size > 0) {
      const entries = [...byType.values()].flat();
      const scratch: number[] = [];
      // Each fresh template counts into its own slot: ids are rewritten to slot numbers.
      entries.forEach((e, slot) => {
        e.ids[0] = slot;
        scratch[slot] = 0;
      });
      for (const module of this.modules) countMatches(module, byType, scratch);
      entries.forEach((e, slot) => {
        this.counted.set(canon(e.template), scratch[slot]!);
      });
    }
    const matches = file.nodes.map((n) => this.counted.get(canon(n.template.before)) ?? 0);
    return { source: this.source, files: this.modules.length, skipped: this.skipped, nodes: this.nodes, matches };
  }
}
