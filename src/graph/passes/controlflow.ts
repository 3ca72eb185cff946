/**
 * BugLab's control-flow relations (`ControlFlowNext`, `AssignedFrom`, `ReturnsFrom`, `YieldsFrom`):
 * the same walk as BugLab's `ControlFlow` visitor over the whole module, with its working sets kept
 * in insertion order as in the golden data. Quirks kept on purpose because the golden edges have
 * them: a `for` body is walked twice, a `while` test twice; the targets of (augmented) assignments
 * are never walked; `AssignedFrom` of a plain assignment starts at the `AssignTarget`; a nested
 * function's parameters and decorators are not walked, a lambda's body is (as part of the enclosing
 * flow); each comparison operand is linked before it is walked.
 */
import type { CstNode } from '../../python/cst.js';
import { visitNonWhitespaceChildren } from '../../python/visit.js';
import type { FileAnalysis } from '../analysis.js';
import type { FunctionAlone } from '../function-alone.js';
import type { CodeRelations } from '../relations.js';

/** A set of nodes in insertion order, the way the golden data's harness ordered BugLab's sets. */
function addOnce(list: CstNode[], node: CstNode): void {
  if (!list.includes(node)) list.push(node);
}

class ControlFlowWalk {
  private last: CstNode[] = [];
  private returnsFrom: CstNode[] = [];
  private yieldsFrom: CstNode[] = [];
  private continueFrom: CstNode[] = [];
  private breakFrom: CstNode[] = [];

  constructor(private readonly relations: CodeRelations) {}

  private next(to: CstNode): void {
    for (const from of this.last) this.relations.add('ControlFlowNext', from, to);
    this.last = [to];
  }

  private assignedFrom(expression: CstNode, target: CstNode): void {
    this.relations.add('AssignedFrom', target, expression);
  }

  private field(node: CstNode, name: string): void {
    const value = node[name];
    if (Array.isArray(value)) {
      for (const item of value as CstNode[]) this.visit(item);
    } else if (value !== null && value !== undefined && typeof value === 'object') {
      this.visit(value as CstNode);
    }
  }

  visit(node: CstNode): void {
    switch (node.type) {
      case 'FunctionDef':
        return this.functionDef(node);
      case 'Return': {
        const value = node['value'] as CstNode | null;
        if (value !== null) {
          this.visit(value);
          this.next(node);
        }
        this.returnsFrom.push(node);
        this.last = [];
        return;
      }
      case 'Yield': {
        const value = node['value'] as CstNode | null;
        if (value !== null) {
          this.visit(value);
          this.next(node);
          this.yieldsFrom.push(node);
        }
        return;
      }
      case 'Import':
      case 'ImportFrom':
        return this.next(node);
      case 'Call':
        this.field(node, 'func');
        this.field(node, 'args');
        return this.next(node);
      case 'Assign': {
        const value = node['value'] as CstNode;
        this.visit(value);
        for (const target of node['targets'] as CstNode[]) this.assignedFrom(value, target);
        return this.next(node);
      }
      case 'AnnAssign': {
        const value = node['value'] as CstNode | null;
        if (value !== null) {
          this.visit(value);
          this.assignedFrom(value, node['target'] as CstNode);
        }
        return this.next(node);
      }
      case 'NamedExpr':
      case 'AugAssign': {
        const value = node['value'] as CstNode;
        this.visit(value);
        this.assignedFrom(value, node['target'] as CstNode);
        return this.next(node);
      }
      case 'If':
      case 'IfExp': {
        this.field(node, 'test');
        const afterTest = this.last;
        this.field(node, 'body');
        const thenOut = this.last;
        this.last = afterTest;
        this.field(node, 'orelse');
        this.last = [...this.last, ...thenOut];
        return;
      }
      case 'Try':
        return this.tryStatement(node);
      case 'Continue':
        this.next(node);
        addOnce(this.continueFrom, node);
        this.last = [];
        return;
      case 'Break':
        this.next(node);
        addOnce(this.breakFrom, node);
        this.last = [];
        return;
      case 'While':
      case 'For':
        return this.loop(node);
      case 'IndentedBlock':
        return this.field(node, 'body');
      case 'WithItem': {
        const item = node['item'] as CstNode;
        this.visit(item);
        const asName = node['asname'] as CstNode | null;
        if (asName !== null) {
          this.assignedFrom(item, asName['name'] as CstNode);
          this.visit(asName);
        }
        return;
      }
      case 'BinaryOperation':
      case 'BooleanOperation':
        this.field(node, 'left');
        this.field(node, 'right');
        return this.next(node);
      case 'Comparison':
        this.field(node, 'left');
        for (const target of node['comparisons'] as CstNode[]) {
          this.next(target);
          this.visit(target);
        }
        return;
      case 'Assert':
        this.field(node, 'test');
        return this.next(node);
      case 'UnaryOperation':
        this.field(node, 'expression');
        return this.next(node);
      case 'Attribute':
        this.field(node, 'value');
        this.field(node, 'attr');
        return;
      case 'ListComp':
      case 'SetComp':
      case 'GeneratorExp':
        this.field(node, 'for_in');
        this.field(node, 'elt');
        return;
      case 'DictComp':
        this.field(node, 'for_in');
        this.field(node, 'key');
        this.field(node, 'value');
        return;
      default:
        visitNonWhitespaceChildren(node, this);
    }
  }

  private functionDef(node: CstNode): void {
    const outerLast = this.last;
    const outerReturns = this.returnsFrom;
    const outerYields = this.yieldsFrom;
    this.last = [node];
    this.returnsFrom = [];
    this.yieldsFrom = [];
    this.field(node, 'body');
    for (const from of this.returnsFrom) this.relations.add('ReturnsFrom', node, from);
    for (const from of this.last) this.relations.add('ReturnsFrom', node, from);
    for (const from of this.yieldsFrom) this.relations.add('YieldsFrom', node, from);
    this.last = outerLast;
    this.returnsFrom = outerReturns;
    this.yieldsFrom = outerYields;
  }

  private tryStatement(node: CstNode): void {
    const starting = this.last;
    this.field(node, 'body');
    this.field(node, 'orelse');
    const handlerStart = [...this.last, ...starting];
    let out: CstNode[] = [];
    for (const handler of node['handlers'] as CstNode[]) {
      this.visit(handler);
      out = [...out, ...this.last];
      this.last = handlerStart;
    }
    this.last = [...this.last, ...out];
    this.field(node, 'finalbody');
  }

  private loop(node: CstNode): void {
    const outerContinue = this.continueFrom;
    const outerBreak = this.breakFrom;
    this.continueFrom = [];
    this.breakFrom = [];
    if (node.type === 'While') {
      this.field(node, 'test');
      this.field(node, 'body');
      this.last = [...this.last, ...this.continueFrom];
      this.field(node, 'test');
    } else {
      const iter = node['iter'] as CstNode;
      this.visit(iter);
      this.assignedFrom(iter, node['target'] as CstNode);
      this.field(node, 'body');
      this.last = [...this.last, ...this.continueFrom];
      this.field(node, 'body');
    }
    this.field(node, 'orelse');
    this.last = [...this.last, ...this.breakFrom];
    this.continueFrom = outerContinue;
    this.breakFrom = outerBreak;
  }
}

/** Adds BugLab's control-flow relations of the whole module of `file`. */
export function addControlFlowRelations(file: FileAnalysis, relations: CodeRelations): void {
  new ControlFlowWalk(relations).visit(file.module);
}

/**
 * The control-flow relations of one function alone: a function's flow starts afresh at its
 * `FunctionDef` and nothing flows out of it, so these are exactly the whole-module edges of the
 * nodes inside it, in the same order, at a cost that follows the function.
 */
export function addFunctionControlFlowRelations(fn: FunctionAlone, relations: CodeRelations): void {
  new ControlFlowWalk(relations).visit(fn.functionDef);
}
