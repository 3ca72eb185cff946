/**
 * Realistic bug seeding: fix patterns run backwards. Where a pattern's *after* part (the fixed code)
 * matches clean code, its *before* part instantiated with the same bindings is the bug that fix
 * repaired, placed where such fixes happen (learned bug seeding, SemSeed FSE 2021).
 *
 * Each proposal is a text edit of one line (BugLab's `ReplaceText`: its readers apply it to one line
 * only) that leaves every other byte of the file as it was: the matched node and its instantiated
 * buggy form are compared down to the one subtree that differs, that subtree is printed by bugmine's
 * code generator with the original's own surrounding whitespace, and only the characters that differ
 * (widened to whole words and operators) are replaced. Its inverse — the fix pattern applied forwards
 * at that place — is the `ReplaceText` putting the original characters back.
 *
 * Which patterns seed: the file's `patterns` list (nodes supported by ≥ 2 repositories), each
 * distinct (before, after) pair once, whose before part uses no hole that the after part does not
 * bind (it could not be instantiated) and whose after part is not a bare hole (it would match every
 * node). They are indexed by the node type of the after part's root, tried most supported first
 * (repositories, records, id), as `patterns suggest` orders them.
 */
import type { CodeRange, CstNode } from '../python/cst.js';
import { codegen } from '../python/codegen.js';
import { rangeContains } from '../python/cst.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { canonicalText } from '../rewrite/canonical.js';
import { type ReplaceTextOp, replaceText } from '../rewrite/ops.js';
import { codePointLength, offsetOf } from '../rewrite/text-positions.js';
import { instantiate, match } from './match.js';
import type { PatternsFile } from './mine.js';
import { canon, holesOf, isHole, sameShape, significantChildren, structurallyEqual } from './tree.js';

export interface SeedingPattern {
  readonly id: number;
  /** The scout of the fixes it was mined from (the first word of its group), null when unknown. */
  readonly scout: string | null;
  readonly before: CstNode;
  readonly after: CstNode;
  readonly repos: number;
  readonly records: number;
}

/** Seeding patterns by the node type of their after part's root. */
export interface SeedingIndex {
  readonly byType: ReadonlyMap<string, readonly SeedingPattern[]>;
  readonly size: number;
}

/** One proposed bug: a one-line text edit of clean code, from pattern `pattern`. */
export interface SeededBug {
  readonly pattern: number;
  readonly scout: string | null;
  readonly op: ReplaceTextOp;
  /** The smallest significant node under the searched root whose range contains the edit. */
  readonly anchor: CstNode;
}

function scoutOfGroup(group: string): string | null {
  const scout = group.split(' ')[0];
  return scout === undefined || scout === '' || scout === '?' ? null : scout;
}

/** The seeding index of `file` (see the file comment); `ids` overrides which nodes take part (default: `file.patterns`). */
export function seedingIndex(file: PatternsFile, ids: readonly number[] = file.patterns): SeedingIndex {
  const byType = new Map<string, SeedingPattern[]>();
  const seen = new Set<string>();
  let size = 0;
  for (const id of ids) {
    const node = file.nodes[id];
    if (node === undefined) continue;
    const { before, after } = node.template;
    if (isHole(after)) continue;
    const bound = new Set(holesOf(after));
    if (!holesOf(before).every((h) => bound.has(h))) continue;
    const key = `${canon(before)}\u0000${canon(after)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry: SeedingPattern = { id: node.id, scout: scoutOfGroup(node.group), before, after, repos: node.repos, records: node.records.length };
    const list = byType.get(after.type);
    if (list === undefined) byType.set(after.type, [entry]);
    else list.push(entry);
    size++;
  }
  for (const list of byType.values()) list.sort((a, b) => b.repos - a.repos || b.records - a.records || a.id - b.id);
  return { byType, size };
}

/** Every significant node under `root` (the root included), in pre-order. */
function preOrder(root: CstNode): CstNode[] {
  const out: CstNode[] = [];
  const stack: CstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    const kids = significantChildren(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!.node);
  }
  return out;
}

/**
 * The pair of corresponding subtrees where `original` and `changed` differ: descends while exactly one
 * significant child differs. Null when they are structurally equal (a change of layout only).
 */
function differingPair(original: CstNode, changed: CstNode): [CstNode, CstNode] | null {
  if (original === changed || structurallyEqual(original, changed)) return null;
  let a = original;
  let b = changed;
  for (;;) {
    if (!sameShape(a, b)) return [a, b];
    const ka = significantChildren(a);
    const kb = significantChildren(b);
    let differing = -1;
    for (let i = 0; i < ka.length; i++) {
      if (structurallyEqual(ka[i]!.node, kb[i]!.node)) continue;
      if (differing >= 0) return [a, b];
      differing = i;
    }
    if (differing < 0) return [a, b];
    a = ka[differing]!.node;
    b = kb[differing]!.node;
  }
}

/** Fields that hold a node's surroundings rather than the node: kept from the original when printing its replacement. */
const SURROUNDINGS = ['leading_lines', 'trailing_whitespace', 'lines_after_decorators', 'whitespace_before', 'whitespace_after'];

function withSurroundingsOf(original: CstNode, changed: CstNode): CstNode {
  const out: CstNode = { ...changed };
  for (const field of SURROUNDINGS) if (field in original && field in changed) out[field] = original[field];
  return out;
}

const WORD = /[A-Za-z0-9_]/;
const OPERATOR = /[-+*/%@&|^~<>=!.:]/;

function sameClass(x: string | undefined, y: string | undefined): boolean {
  if (x === undefined || y === undefined) return false;
  return (WORD.test(x) && WORD.test(y)) || (OPERATOR.test(x) && OPERATOR.test(y));
}

/**
 * The edit turning `original` into `changed` (two printed texts) as [start, originalEnd, changedEnd]:
 * the characters between their common prefix and suffix, widened so that no word or operator is cut.
 */
function differingSpan(original: string, changed: string): [number, number, number] {
  let prefix = 0;
  const limit = Math.min(original.length, changed.length);
  while (prefix < limit && original[prefix] === changed[prefix]) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && original[original.length - 1 - suffix] === changed[changed.length - 1 - suffix]) suffix++;
  // Widen to whole tokens: `<=` → `<` replaces `<=`, not `=`; `foo` → `food` replaces the word.
  while (prefix > 0 && (sameClass(original[prefix - 1], original[prefix]) || sameClass(changed[prefix - 1], changed[prefix]))) prefix--;
  while (suffix > 0 && (sameClass(original[original.length - suffix], original[original.length - suffix - 1]) || sameClass(changed[changed.length - suffix], changed[changed.length - suffix - 1]))) suffix--;
  return [prefix, original.length - suffix, changed.length - suffix];
}

/**
 * The one-line `ReplaceText` that turns node `original` of the file `text` (its line starts `starts`)
 * into `changed`, or null when the change is layout only, spans lines, or cannot be placed exactly.
 */
export function textEditOf(text: string, starts: readonly number[], original: CstNode, changed: CstNode): ReplaceTextOp | null {
  const pair = differingPair(original, changed);
  if (pair === null) return null;
  const [from, to] = pair;
  const range = from.range;
  if (range === undefined || range.start.line !== range.end.line) return null;
  const startOffset = offsetOf(text, starts, range.start);
  const slice = text.slice(startOffset, offsetOf(text, starts, range.end));
  const printed = codegen(from);
  const replacement = codegen(withSurroundingsOf(from, to));
  // The node's own text sits once in its printed form (which may add parentheses, whitespace, lines).
  const at = printed.indexOf(slice);
  if (slice === '' || at < 0 || printed.indexOf(slice, at + 1) >= 0) return null;
  const [start, originalEnd, changedEnd] = differingSpan(printed, replacement);
  if (start < at || originalEnd > at + slice.length) return null;
  const removed = printed.slice(start, originalEnd);
  const inserted = replacement.slice(start, changedEnd);
  if (removed === inserted || removed.includes('\n') || inserted.includes('\n') || inserted.includes('\r')) return null;
  const column = range.start.column + codePointLength(printed.slice(at, start));
  return replaceText(
    { start: { line: range.start.line, column }, end: { line: range.start.line, column: column + codePointLength(removed) } },
    inserted,
  );
}

/** The smallest significant node under `root` whose range contains `range` (the first such child at each level), or null. */
export function anchorOf(root: CstNode, range: CodeRange): CstNode | null {
  if (root.range === undefined || !rangeContains(root.range, range)) return null;
  let node = root;
  for (;;) {
    const inner = significantChildren(node).find((c) => c.node.range !== undefined && rangeContains(c.node.range, range));
    if (inner === undefined) return node;
    node = inner.node;
  }
}

/**
 * Every bug the index seeds under `root` (a function of the file `text`, parsed with the file's
 * positions), in pre-order of the matched nodes, then pattern order; an edit proposed twice is kept
 * once (its first pattern).
 */
export function seedBugs(root: CstNode, text: string, starts: readonly number[], index: SeedingIndex): SeededBug[] {
  const out: SeededBug[] = [];
  const seen = new Set<string>();
  for (const target of preOrder(root)) {
    const patterns = index.byType.get(target.type);
    if (patterns === undefined || target.range === undefined) continue;
    for (const pattern of patterns) {
      const bindings = match(pattern.after, target);
      if (bindings === null) continue;
      let buggy: CstNode;
      try {
        buggy = instantiate(pattern.before, bindings);
      } catch {
        continue;
      }
      const op = textEditOf(text, starts, target, buggy);
      if (op === null) continue;
      const key = canonicalText(op);
      if (seen.has(key)) continue;
      const anchor = anchorOf(root, op.range);
      if (anchor === null) continue;
      seen.add(key);
      out.push({ pattern: pattern.id, scout: pattern.scout, op, anchor });
    }
  }
  return out;
}

export class SeedingPatternsError extends Error {}

/**
 * Checks that every template of `file` is CST JSON of known node types or pattern holes, so a
 * damaged patterns.json is refused when read, not halfway through an extraction. Throws
 * SeedingPatternsError naming the node.
 */
export function checkTemplates(file: PatternsFile, source: string): void {
  const check = (value: unknown, where: string): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) check(item, where);
      return;
    }
    const node = value as Record<string, unknown>;
    const type = node['type'];
    if (typeof type !== 'string') throw new SeedingPatternsError(`${source}: ${where}: an object without a node type`);
    if (type === 'PatternHole') {
      if (!Number.isInteger(node['hole'])) throw new SeedingPatternsError(`${source}: ${where}: a hole without a number`);
      return;
    }
    if (NODE_SCHEMA[type] === undefined) throw new SeedingPatternsError(`${source}: ${where}: unknown node type ${JSON.stringify(type.slice(0, 60))}`);
    for (const [key, child] of Object.entries(node)) if (key !== 'type') check(child, where);
  };
  file.nodes.forEach((node, i) => {
    if (node === null || typeof node !== 'object' || node.id !== i || node.template === null || typeof node.template !== 'object') {
      throw new SeedingPatternsError(`${source}: nodes[${i}]: not a pattern node with id ${i} and a template`);
    }
    for (const side of ['before', 'after'] as const) {
      const template = node.template[side];
      if (template === null || typeof template !== 'object' || typeof template.type !== 'string') throw new SeedingPatternsError(`${source}: node ${i}: no ${side} template`);
      check(template, `node ${i} ${side}`);
    }
    if (!Array.isArray(node.records) || !Number.isInteger(node.repos) || typeof node.group !== 'string') {
      throw new SeedingPatternsError(`${source}: node ${i}: records, repos or group missing`);
    }
  });
  if (!file.patterns.every((id) => Number.isInteger(id) && id >= 0 && id < file.nodes.length)) {
    throw new SeedingPatternsError(`${source}: patterns: an id that is not a node`);
  }
}
