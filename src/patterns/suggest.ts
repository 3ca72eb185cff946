/**
 * Fix suggestion (Getafix's last stage): every place where a pattern's before part matches a file's
 * CST, the fix its after part gives there, ranked.
 *
 * The fix is applied to the CST (the matched node replaced by the instantiated after part, keeping
 * the matched statement's own leading comment lines and trailing comment) and the whole module is
 * generated again: bugmine's code generator reproduces every other byte of the file exactly.
 *
 * Ranking (higher first; docs/patterns.md "Ranking"):
 *   score = prevalence × specificity × proximity
 *   prevalence  = log2(1 + distinct repositories supporting the pattern)
 *   specificity = (1 + fixes) / (1 + fixes + reference matches) when patterns.json carries reference
 *                 counts (`patterns mine --reference DIR`: matches of the before part in clean code);
 *                 otherwise concrete nodes / (concrete nodes + holes) of the before part
 *   proximity   = 1 / (1 + |matched line − N|) with `--line N` (lines the match spans count 0), else 1
 * Ties: pattern id, then position. The same resulting file from several patterns is kept once, with
 * the best score.
 */
import { codegen } from '../python/codegen.js';
import type { CstNode } from '../python/cst.js';
import { children as cstChildren } from '../python/visit.js';
import { instantiate, match } from './match.js';
import type { PatternsFile, PatternsNode } from './mine.js';
import { referenceOf, referenceSpecificity, significantNodes, structuralSpecificity } from './reference.js';

export interface SuggestOptions {
  line?: number;
  top?: number;
  /** Only inside the function of this name (qualified `Class.method`, or the bare name). */
  function?: string;
}

export interface Suggestion {
  readonly pattern: number;
  readonly group: string;
  readonly range: { readonly start: { line: number; column: number }; readonly end: { line: number; column: number } };
  /** Qualified name of the enclosing function (`Class.method`), null at module or class level. */
  readonly function: string | null;
  readonly score: number;
  readonly parts: { readonly prevalence: number; readonly specificity: number; readonly proximity: number };
  /** The whole file after the fix. */
  readonly text: string;
  readonly patternBefore: string;
  readonly patternAfter: string;
}

export interface IndexedPattern {
  readonly node: PatternsNode;
  readonly before: CstNode;
  readonly after: CstNode;
  readonly specificity: number;
  readonly prevalence: number;
}

export type PatternIndex = Map<string, IndexedPattern[]>;

/** Patterns by the node type of their before part's root (a hole root would match anything: never mined). */
export function indexPatterns(file: PatternsFile): PatternIndex {
  const reference = referenceOf(file);
  const index: PatternIndex = new Map();
  const seen = new Set<string>();
  for (const node of file.nodes) {
    const key = `${node.before}\u0000${node.after}`;
    // The same pattern rendered twice (a chain of merges): the most supported copy is enough.
    if (seen.has(key)) continue;
    seen.add(key);
    const before = node.template.before;
    const entry: IndexedPattern = {
      node,
      before,
      after: node.template.after,
      specificity: reference === null ? structuralSpecificity(before) : referenceSpecificity(node.records.length, reference.matches[node.id]!),
      prevalence: Math.log2(1 + node.repos),
    };
    const list = index.get(before.type);
    if (list === undefined) index.set(before.type, [entry]);
    else list.push(entry);
  }
  for (const list of index.values()) list.sort((a, b) => b.node.repos - a.node.repos || b.node.records.length - a.node.records.length || a.node.id - b.node.id);
  return index;
}

/** Replaces `target` by `replacement` in the tree under `root` (a copy along the path; the rest shared). */
function replaceNode(root: CstNode, target: CstNode, replacement: CstNode): CstNode | null {
  if (root === target) return replacement;
  for (const [key, value] of Object.entries(root)) {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i] as unknown;
        if (typeof item !== 'object' || item === null) continue;
        const replaced = replaceNode(item as CstNode, target, replacement);
        if (replaced !== null) {
          const copy = [...value];
          copy[i] = replaced;
          return { ...root, [key]: copy };
        }
      }
    } else if (typeof value === 'object' && value !== null && key !== 'range' && typeof (value as CstNode).type === 'string') {
      const replaced = replaceNode(value as CstNode, target, replacement);
      if (replaced !== null) return { ...root, [key]: replaced };
    }
  }
  return null;
}

/** The matched statement's own surroundings (comment lines above, trailing comment) stay. */
function keepSurroundings(target: CstNode, fixed: CstNode): CstNode {
  const out: CstNode = { ...fixed };
  for (const field of ['leading_lines', 'trailing_whitespace', 'lines_after_decorators']) {
    if (field in target && field in fixed) out[field] = target[field];
  }
  return out;
}

interface FunctionScope {
  readonly name: string;
  readonly node: CstNode;
}

/** Every `FunctionDef` under `module` with its qualified name (enclosing classes and functions, joined by `.`). */
export function functionsOf(module: CstNode): FunctionScope[] {
  const out: FunctionScope[] = [];
  const visit = (node: CstNode, prefix: string): void => {
    let inner = prefix;
    if (node.type === 'FunctionDef' || node.type === 'ClassDef') {
      const name = ((node['name'] as CstNode)['value'] as string) ?? '?';
      inner = prefix === '' ? name : `${prefix}.${name}`;
      if (node.type === 'FunctionDef') out.push({ name: inner, node });
    }
    for (const [, child] of cstChildren(node)) if (child.type !== 'Comment' && child.range !== undefined) visit(child, inner);
  };
  visit(module, '');
  return out;
}

/** The targets to try: every significant node, or those inside the functions named `name`, each with its innermost function. */
function targetsOf(module: CstNode, name: string | undefined): { node: CstNode; fn: string | null }[] {
  const functions = functionsOf(module);
  const chosen = name === undefined ? functions : functions.filter((f) => f.name === name || f.name.split('.').pop() === name);
  const innermost = new Map<CstNode, string>();
  // Outer functions first, so an inner function's nodes end up named by the inner one.
  for (const f of functions) for (const node of significantNodes(f.node)) innermost.set(node, f.name);
  const roots = name === undefined ? [module] : chosen.map((f) => f.node);
  const seen = new Set<CstNode>();
  const out: { node: CstNode; fn: string | null }[] = [];
  for (const root of roots) {
    for (const node of significantNodes(root)) {
      if (seen.has(node)) continue;
      seen.add(node);
      out.push({ node, fn: innermost.get(node) ?? null });
    }
  }
  return out;
}

/** The functions of `module` that `--function name` selects (qualified or bare name). */
export function functionNamed(module: CstNode, name: string): string[] {
  return functionsOf(module)
    .map((f) => f.name)
    .filter((f) => f === name || f.split('.').pop() === name);
}

/**
 * The ranked suggestions for several values of `--line` at once (undefined: no line): matching and
 * generating the fixed files, the costly part, does not depend on the line, so it is done once.
 */
export function suggestFixesAt(
  module: CstNode,
  patterns: PatternsFile | PatternIndex,
  lines: readonly (number | undefined)[],
  options: Omit<SuggestOptions, 'line'> = {},
): Suggestion[][] {
  const index = patterns instanceof Map ? patterns : indexPatterns(patterns);
  const original = codegen(module);
  const byText = lines.map(() => new Map<string, Suggestion>());
  for (const { node: target, fn } of targetsOf(module, options.function)) {
    const candidates = index.get(target.type);
    if (candidates === undefined || target.range === undefined) continue;
    for (const pattern of candidates) {
      const bindings = match(pattern.before, target);
      if (bindings === null) continue;
      let fixed: CstNode;
      try {
        fixed = keepSurroundings(target, instantiate(pattern.after, bindings));
      } catch {
        continue;
      }
      const replaced = replaceNode(module, target, fixed);
      if (replaced === null) continue;
      const text = codegen(replaced);
      if (text === original) continue;
      const range = target.range;
      lines.forEach((line, i) => {
        let proximity = 1;
        if (line !== undefined) {
          const distance = line < range.start.line ? range.start.line - line : line > range.end.line ? line - range.end.line : 0;
          proximity = 1 / (1 + distance);
        }
        const suggestion: Suggestion = {
          pattern: pattern.node.id,
          group: pattern.node.group,
          range: { start: { ...range.start }, end: { ...range.end } },
          function: fn,
          score: pattern.prevalence * pattern.specificity * proximity,
          parts: { prevalence: pattern.prevalence, specificity: pattern.specificity, proximity },
          text,
          patternBefore: pattern.node.before,
          patternAfter: pattern.node.after,
        };
        const previous = byText[i]!.get(text);
        if (previous === undefined || better(suggestion, previous)) byText[i]!.set(text, suggestion);
      });
    }
  }
  return byText.map((found) => {
    const ranked = [...found.values()].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    return options.top === undefined ? ranked : ranked.slice(0, options.top);
  });
}

export function suggestFixes(module: CstNode, patterns: PatternsFile | PatternIndex, options: SuggestOptions = {}): Suggestion[] {
  return suggestFixesAt(module, patterns, [options.line], options)[0]!;
}

function better(a: Suggestion, b: Suggestion): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.pattern !== b.pattern) return a.pattern < b.pattern;
  return a.range.start.line < b.range.start.line || (a.range.start.line === b.range.start.line && a.range.start.column < b.range.start.column);
}

/** A unified diff of two texts that differ in one region (3 lines of context). */
export function unifiedDiff(path: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const start = Math.max(0, prefix - 3);
  const endA = Math.min(a.length, a.length - suffix + 3);
  const endB = Math.min(b.length, b.length - suffix + 3);
  const shown = path.replace(/^\/+/, '');
  const lines = [`--- a/${shown}`, `+++ b/${shown}`, `@@ -${start + 1},${endA - start} +${start + 1},${endB - start} @@`];
  for (let i = start; i < prefix; i++) lines.push(` ${a[i]}`);
  for (let i = prefix; i < a.length - suffix; i++) lines.push(`-${a[i]}`);
  for (let i = prefix; i < b.length - suffix; i++) lines.push(`+${b[i]}`);
  for (let i = a.length - suffix; i < endA; i++) lines.push(` ${a[i]}`);
  return lines.join('\n') + '\n';
}
