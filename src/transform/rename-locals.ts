/**
 * BugLab's `RenameVariableInLocalScope`. The candidates of a `def` (`_LocalVariablesFinder`): the
 * LOCAL qualified names starting with `<the def's qualified name>.<locals>` of the `Name` nodes whose
 * innermost enclosing `def` it is (a nested def's name, decorators and parameters count as inside the
 * nested def), `self` and `cls` left out. The transformer then, per def with candidates and with
 * probability p, picks 1–3 of them (repeats allowed) and gives each a new name of 8–15 characters of
 * `a–zA–Z_`; every `Name` whose first qualified name was picked is renamed. As in BugLab, a def
 * without candidates is not entered, and every `Attribute` is rebuilt from its original value (so a
 * renamed variable keeps its old name before a `.`, and the attribute loses its parentheses and the
 * whitespace around the dot).
 *
 * Seeded: the picks come from `Uniform`, over the candidates in sorted order (BugLab draws from an
 * unseeded generator over a hash-ordered set).
 */
import type { CstNode } from '../python/cst.js';
import { walk } from '../python/visit.js';
import { FileAnalysis } from '../graph/analysis.js';
import { scopesProvider, type ScopeFacts } from '../graph/scopes/index.js';
import type { Chooser } from './chooser.js';
import { nodeField, type Transformer, whitespace } from './tree.js';

export interface RenameCandidates {
  readonly functionDef: CstNode;
  readonly name: string;
  readonly qualifiedName: string;
  /** Sorted. */
  readonly localNames: readonly string[];
}

const SKIPPED = new Set(['self', 'cls']);

/** Every `def` of `module` in pre-order with its rename candidates. */
export function findRenameCandidates(facts: ScopeFacts, module: CstNode): RenameCandidates[] {
  const found: { functionDef: CstNode; qualifiedName: string; names: Set<string> }[] = [];
  const stack: (typeof found)[number][] = [];
  walk(
    module,
    {
      enter(node) {
        if (node.type === 'FunctionDef') {
          const entry = { functionDef: node, qualifiedName: facts.qualifiedNames(node)[0]?.name ?? '', names: new Set<string>() };
          found.push(entry);
          stack.push(entry);
          return;
        }
        const innermost = stack[stack.length - 1];
        if (node.type !== 'Name' || innermost === undefined || SKIPPED.has(node['value'] as string)) return;
        const prefix = `${innermost.qualifiedName}.<locals>`;
        for (const q of facts.qualifiedNames(node)) if (q.source === 'LOCAL' && q.name.startsWith(prefix)) innermost.names.add(q.name);
      },
      leave(node) {
        if (node.type === 'FunctionDef') stack.pop();
      },
    },
    { whitespace: false },
  );
  return found.map((entry) => ({
    functionDef: entry.functionDef,
    name: String(nodeField(entry.functionDef, 'name')['value']),
    qualifiedName: entry.qualifiedName,
    localNames: [...entry.names].sort(),
  }));
}

/** `findRenameCandidates` of a parsed file. */
export function renameCandidatesOf(text: string, module: CstNode): RenameCandidates[] {
  return findRenameCandidates(new FileAnalysis(text, module, '<transform>').get(scopesProvider), module);
}

const NAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_';

export function renameLocals(text: string, module: CstNode, chooser: Chooser): Transformer {
  const facts = new FileAnalysis(text, module, '<transform>').get(scopesProvider);
  const candidates = new Map(findRenameCandidates(facts, module).map((c) => [c.functionDef, c.localNames]));
  const renames = new Map<string, string>();
  const random = chooser.random;
  const newName = (): string => {
    let name = '';
    for (let i = random.integer(8, 15); i > 0; i--) name += NAME_CHARACTERS[random.integer(0, NAME_CHARACTERS.length - 1)];
    return name;
  };
  return {
    visit(node) {
      if (node.type !== 'FunctionDef') return;
      const names = candidates.get(node);
      if (names === undefined || names.length === 0) return false;
      if (!chooser.take()) return;
      for (let k = random.integer(1, 3); k > 0; k--) renames.set(names[random.integer(0, names.length - 1)]!, newName());
    },
    leave(original, updated) {
      if (updated.type === 'Name') {
        const first = facts.qualifiedNames(original)[0];
        const renamed = first === undefined ? undefined : renames.get(first.name);
        return renamed === undefined ? updated : { ...updated, value: renamed };
      }
      if (updated.type === 'Attribute') {
        return {
          type: 'Attribute',
          value: original['value'],
          attr: updated['attr'],
          dot: { type: 'Dot', whitespace_before: whitespace(''), whitespace_after: whitespace('') },
          lpar: [],
          rpar: [],
        };
      }
      return updated;
    },
  };
}
