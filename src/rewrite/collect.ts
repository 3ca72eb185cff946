/**
 * Candidate collection: one pre-order walk over the whole module with the scouts attached in
 * BugLab's order (ArgSwap, Assign, BinaryOperator, BooleanOperator, ComparisonOperator, Literal,
 * VariableMisuse) at each node, then restriction to a function's range.
 */
import type { FileAnalysis } from '../graph/analysis.js';
import { comparePositions, rangeContains, type CodeRange, type CstNode } from '../python/cst.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { contentProperties } from '../graph/content-fields.js';
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

/** What the walk needs per node type, looked up once per node; scouts by position in `createScouts()`. */
interface TypeInfo {
  /** The child properties that can hold a non-whitespace node, in visiting order. */
  readonly visit: readonly string[];
  readonly whitespace: boolean;
  /** LibCST `BaseStatement` (simple statement line or compound statement). */
  readonly statement: boolean;
  readonly enter: readonly number[] | null;
  readonly leave: readonly number[] | null;
}

/** Built once: which node types each scout visits does not change between walks. */
const TYPE_TABLE: ReadonlyMap<string, TypeInfo> = (() => {
  const scouts = createScouts();
  const positions = (pick: (scout: Scout) => readonly string[] | undefined, type: string): number[] | null => {
    const found: number[] = [];
    scouts.forEach((scout, k) => {
      if (pick(scout)?.includes(type)) found.push(k);
    });
    return found.length > 0 ? found : null;
  };
  const table = new Map<string, TypeInfo>();
  for (const [type, schema] of Object.entries(NODE_SCHEMA)) {
    table.set(type, {
      visit: contentProperties(type),
      whitespace: schema.whitespace,
      statement: schema.bases.includes('BaseStatement'),
      enter: positions((s) => s.visits, type),
      leave: positions((s) => s.leaves, type),
    });
  }
  return table;
})();

function walkCandidates(file: FileAnalysis, root: CstNode, options: CollectOptions): Candidate[] {
  const candidates: Candidate[] = [];
  const context: ScoutContext = {
    file,
    disabledOperators: options.easyOperatorsOff ? EASY_OPERATORS : NO_OPERATORS,
    statement: null,
    emit: (candidate) => void candidates.push(candidate),
  };
  const scouts = createScouts();
  const types = TYPE_TABLE;

  const walk = (node: CstNode, info: TypeInfo, parent: CstNode | null): void => {
    const outerStatement = context.statement;
    if (info.statement) context.statement = node;
    if (info.enter !== null) for (const k of info.enter) scouts[k]!.enter(node, parent, context);
    for (const property of info.visit) {
      const value = node[property];
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
    if (info.leave !== null) for (const k of info.leave) scouts[k]!.leave!(node, context);
    context.statement = outerStatement;
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

/**
 * `candidatesInRange` for many ranges of one candidate list (every function of a file): the
 * candidates sorted by start once, then per range a binary search to the first that may lie inside
 * and a scan while they start inside, so the cost follows the range's candidates, not the file's.
 */
export class CandidatesByRange {
  /** Candidate indices in order of their range's start. */
  private readonly byStart: number[];

  constructor(private readonly candidates: readonly Candidate[]) {
    this.byStart = candidates.map((_, i) => i);
    this.byStart.sort((a, b) => comparePositions(candidates[a]!.op.range.start, candidates[b]!.op.range.start) || a - b);
  }

  /** Equal to `candidatesInRange(candidates, range)`. */
  inRange(range: CodeRange): Candidate[] {
    const { byStart, candidates } = this;
    let lo = 0;
    let hi = byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePositions(candidates[byStart[mid]!]!.op.range.start, range.start) < 0) lo = mid + 1;
      else hi = mid;
    }
    const inside: number[] = [];
    for (let k = lo; k < byStart.length; k++) {
      const index = byStart[k]!;
      const candidateRange = candidates[index]!.op.range;
      if (comparePositions(candidateRange.start, range.end) > 0) break;
      if (comparePositions(candidateRange.end, range.end) <= 0) inside.push(index);
    }
    inside.sort((a, b) => a - b);
    return inside.map((index) => candidates[index]!);
  }
}
