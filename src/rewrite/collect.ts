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

/** What the walk needs per node type, looked up once per node. */
interface TypeInfo {
  readonly visit: readonly string[];
  readonly whitespace: boolean;
  readonly enter: readonly Scout[] | null;
  readonly leave: readonly Scout[] | null;
}

function typeTable(scouts: readonly Scout[]): Map<string, TypeInfo> {
  const table = new Map<string, TypeInfo>();
  for (const [type, schema] of Object.entries(NODE_SCHEMA)) {
    const enter = scouts.filter((s) => s.visits.includes(type));
    const leave = scouts.filter((s) => s.leaves?.includes(type));
    table.set(type, {
      visit: schema.visit,
      whitespace: schema.whitespace,
      enter: enter.length > 0 ? enter : null,
      leave: leave.length > 0 ? leave : null,
    });
  }
  return table;
}

function walkCandidates(file: FileAnalysis, root: CstNode, options: CollectOptions): Candidate[] {
  const candidates: Candidate[] = [];
  const context: ScoutContext = {
    file,
    disabledOperators: options.easyOperatorsOff ? EASY_OPERATORS : NO_OPERATORS,
    emit: (candidate) => void candidates.push(candidate),
  };
  const types = typeTable(createScouts());

  const walk = (node: CstNode, info: TypeInfo, parent: CstNode | null): void => {
    if (info.enter !== null) for (const scout of info.enter) scout.enter(node, parent, context);
    for (const field of info.visit) {
      // `ExceptHandler.type` would collide with the class name; the tree keeps it under EXCEPT_TYPE_FIELD.
      const value = field === 'type' ? node[EXCEPT_TYPE_FIELD] : node[field];
      if (value === null || typeof value !== 'object') continue;
      if (Array.isArray(value)) {
        for (const child of value as CstNode[]) {
          const childInfo = types.get(child.type);
          if (childInfo !== undefined && !childInfo.whitespace) walk(child, childInfo, node);
        }
      } else {
        const childInfo = types.get((value as CstNode).type);
        if (childInfo !== undefined && !childInfo.whitespace) walk(value as CstNode, childInfo, node);
      }
    }
    if (info.leave !== null) for (const scout of info.leave) scout.leave!(node, context);
  };
  const rootInfo = types.get(root.type);
  if (rootInfo === undefined) throw new Error(`unknown CST node type ${root.type}`);
  walk(root, rootInfo, null);
  return candidates;
}

/** Every candidate rewrite of the module of `file`, in BugLab's order. */
export function collectCandidates(file: FileAnalysis, options: CollectOptions = {}): Candidate[] {
  return walkCandidates(file, file.module, options);
}

/**
 * The candidates of one outermost function (a `FunctionDef` of `findFunctions`), equal to
 * `candidatesInRange(collectCandidates(file), fn.range)` but walking only the function: no
 * candidate of a node outside a function can lie inside its range, and no outermost function sits
 * inside a parameter list (where VariableMisuse pauses). The file-level scope facts are shared.
 */
export function collectFunctionCandidates(file: FileAnalysis, functionDef: CstNode, options: CollectOptions = {}): Candidate[] {
  return candidatesInRange(walkCandidates(file, functionDef, options), functionDef.range!);
}

/** The candidates whose range lies inside `range` (inclusive at both ends), order kept. */
export function candidatesInRange(candidates: readonly Candidate[], range: CodeRange): Candidate[] {
  return candidates.filter((candidate) => rangeContains(range, candidate.op.range));
}
