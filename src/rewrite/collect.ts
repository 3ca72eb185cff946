/**
 * Candidate collection: one pre-order walk over the whole module with the scouts attached in
 * BugLab's order (ArgSwap, Assign, BinaryOperator, BooleanOperator, ComparisonOperator, Literal,
 * VariableMisuse) at each node, then restriction to a function's range.
 */
import type { FileAnalysis } from '../graph/analysis.js';
import { rangeContains, type CodeRange, type CstNode } from '../python/cst.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { EXCEPT_TYPE_FIELD } from '../python/visit.js';
import { EASY_OPERATORS } from './operators.js';
import { argSwapScout } from './scouts/arg-swap.js';
import { assignScout } from './scouts/assign.js';
import { binaryOperatorScout } from './scouts/binary-operator.js';
import { booleanOperatorScout } from './scouts/boolean-operator.js';
import { comparisonOperatorScout } from './scouts/comparison-operator.js';
import { literalScout } from './scouts/literal.js';
import type { Candidate, Scout, ScoutContext } from './scouts/scout.js';
import { variableMisuseScout } from './scouts/variable-misuse.js';

export interface CollectOptions {
  /**
   * Switch off the easy operators, as BugLab's package extractor does (the random-bug job); the
   * default (all operators) is what PyPIBugs and the golden `op_reprs` use.
   */
  readonly easyOperatorsOff?: boolean;
}

const NO_OPERATORS: ReadonlySet<string> = new Set();

/** Fresh scout instances (some keep walk state), in BugLab's order. */
export function createScouts(): Scout[] {
  return [
    argSwapScout(),
    assignScout(),
    binaryOperatorScout(),
    booleanOperatorScout(),
    comparisonOperatorScout(),
    literalScout(),
    variableMisuseScout(),
  ];
}

type Dispatch = Map<string, Scout[]>;

function dispatchTable(scouts: readonly Scout[], pick: (scout: Scout) => readonly string[] | undefined): Dispatch {
  const table: Dispatch = new Map();
  for (const scout of scouts) {
    for (const type of pick(scout) ?? []) {
      let list = table.get(type);
      if (list === undefined) table.set(type, (list = []));
      list.push(scout);
    }
  }
  return table;
}

/** Every candidate rewrite of the module of `file`, in BugLab's order. */
export function collectCandidates(file: FileAnalysis, options: CollectOptions = {}): Candidate[] {
  const candidates: Candidate[] = [];
  const context: ScoutContext = {
    file,
    disabledOperators: options.easyOperatorsOff ? EASY_OPERATORS : NO_OPERATORS,
    emit: (candidate) => void candidates.push(candidate),
  };
  const scouts = createScouts();
  const enters = dispatchTable(scouts, (s) => s.visits);
  const leaves = dispatchTable(scouts, (s) => s.leaves);

  const walk = (node: CstNode, parent: CstNode | null): void => {
    const entering = enters.get(node.type);
    if (entering !== undefined) for (const scout of entering) scout.enter(node, parent, context);
    const schema = NODE_SCHEMA[node.type];
    if (schema === undefined) throw new Error(`unknown CST node type ${node.type}`);
    for (const field of schema.visit) {
      // `ExceptHandler.type` would collide with the class name; the tree keeps it under EXCEPT_TYPE_FIELD.
      const value = field === 'type' ? node[EXCEPT_TYPE_FIELD] : node[field];
      if (Array.isArray(value)) {
        for (const child of value as CstNode[]) if (NODE_SCHEMA[child.type]?.whitespace === false) walk(child, node);
      } else if (value !== null && typeof value === 'object' && NODE_SCHEMA[(value as CstNode).type]?.whitespace === false) {
        walk(value as CstNode, node);
      }
    }
    const leaving = leaves.get(node.type);
    if (leaving !== undefined) for (const scout of leaving) scout.leave!(node, context);
  };
  walk(file.module, null);
  return candidates;
}

/** The candidates whose range lies inside `range` (inclusive at both ends), order kept. */
export function candidatesInRange(candidates: readonly Candidate[], range: CodeRange): Candidate[] {
  return candidates.filter((candidate) => rangeContains(range, candidate.op.range));
}
