/**
 * Statements, blocks and the module. Statement keywords own simple (never parenthesized)
 * whitespace; leading comment lines go to the statement (EmptyLine), trailing ones of a block to
 * its footer when indented like the block (LibCST's rule).
 */
import { DEDENT, ENDMARKER, INDENT, NAME, NEWLINE, OP } from './lexer.js';
import { emptyParameters, lastParam } from './expressions.js';
import { PatternParser } from './patterns.js';
import { type Node, NO_PARENS } from './state.js';

const AUG_OPS: Record<string, string> = {
  '+=': 'AddAssign',
  '-=': 'SubtractAssign',
  '*=': 'MultiplyAssign',
  '@=': 'MatrixMultiplyAssign',
  '/=': 'DivideAssign',
  '%=': 'ModuloAssign',
  '&=': 'BitAndAssign',
  '|=': 'BitOrAssign',
  '^=': 'BitXorAssign',
  '<<=': 'LeftShiftAssign',
  '>>=': 'RightShiftAssign',
  '**=': 'PowerAssign',
  '//=': 'FloorDivideAssign',
};

export class StatementParser extends PatternParser {
  /** `file_input`: the Module node (header/footer/config filled by the caller). */
  module(): { body: Node[]; footer: Node[] } {
    const body: Node[] = [];
    while (this.kind[this.i] !== ENDMARKER) {
      if (this.kind[this.i] === INDENT) this.fail('unexpected indent');
      if (this.kind[this.i] === DEDENT) this.fail('unindent does not match any outer indentation level');
      body.push(this.statement());
    }
    const footer = this.emptyLines(this.before[this.i]!, '');
    return { body, footer };
  }

  statement(): Node {
    const t = this.i;
    if (this.kind[t] === NAME) {
      switch (this.value[t]) {
        case 'if':
          return this.ifStmt();
        case 'while':
          return this.whileStmt();
        case 'for':
          return this.forStmt(-1);
        case 'try':
          return this.tryStmt();
        case 'with':
          return this.withStmt(-1);
        case 'def':
          return this.funcDef(-1);
        case 'class':
          return this.classDef();
        case 'async':
          return this.asyncStmt();
        case 'match':
          if (this.looksLikeMatch()) return this.matchStmt();
          break;
      }
    } else if (this.kind[t] === OP && this.value[t] === '@') {
      return this.decorated();
    }
    return this.simpleStatementLine();
  }

  // ---- simple statements ----

  private simpleStatementLine(): Node {
    const first = this.i;
    const body = this.smallStatements();
    const trailing = this.trailing(this.before[this.i - 1]!);
    return { type: 'SimpleStatementLine', body, leading_lines: this.emptyLines(this.before[first]!), trailing_whitespace: trailing, range: undefined };
  }

  /** `small_stmt (';' small_stmt)* [';'] NEWLINE`; consumes the NEWLINE. */
  private smallStatements(): Node[] {
    const body: Node[] = [];
    const semis: number[] = [];
    while (true) {
      body.push(this.smallStatement());
      if (this.isOp(';')) {
        semis.push(this.i++);
        if (this.kind[this.i] === NEWLINE) break;
      } else {
        semis.push(-1);
        break;
      }
    }
    if (this.kind[this.i] !== NEWLINE) this.fail();
    this.i++;
    for (let k = 0; k < body.length; k++) {
      const s = semis[k]!;
      body[k]!['semicolon'] =
        s < 0
          ? null
          : { type: 'Semicolon', whitespace_before: this.ws(this.before[s]!), whitespace_after: this.ws(this.after[s]!), range: undefined };
    }
    return body;
  }

  private smallStatement(): Node {
    const t = this.i;
    if (this.kind[t] === NAME) {
      switch (this.value[t]) {
        case 'pass':
          this.i++;
          return { type: 'Pass', semicolon: null, range: undefined };
        case 'break':
          this.i++;
          return { type: 'Break', semicolon: null, range: undefined };
        case 'continue':
          this.i++;
          return { type: 'Continue', semicolon: null, range: undefined };
        case 'return':
          return this.returnStmt();
        case 'raise':
          return this.raiseStmt();
        case 'global':
        case 'nonlocal':
          return this.globalStmt();
        case 'import':
          return this.importStmt();
        case 'from':
          return this.importFrom();
        case 'assert':
          return this.assertStmt();
        case 'del':
          return this.delStmt();
        case 'type':
          if (this.kind[t + 1] === NAME && (this.isOp('=', t + 2) || this.isOp('[', t + 2))) return this.typeAlias();
          break;
      }
    }
    return this.exprStmt();
  }

  private exprStmt(): Node {
    const at = this.i;
    const first = this.isKw('yield') ? this.yieldExpr() : this.testList(this.namedOrTest, true);
    if (this.isOp('=')) {
      const parts: Node[] = [first];
      const eqs: number[] = [];
      const starts: number[] = [at];
      while (this.isOp('=')) {
        eqs.push(this.i++);
        starts.push(this.i);
        parts.push(this.isKw('yield') ? this.yieldExpr() : this.testList(this.namedOrTest, true));
      }
      const targets: Node[] = [];
      for (let k = 0; k < eqs.length; k++) {
        const target = parts[k]!;
        this.checkTarget(target, 'assign', starts[k]!);
        if (target.type === 'NamedExpr') this.fail('cannot assign to named expression', starts[k]!);
        const e = eqs[k]!;
        targets.push({
          type: 'AssignTarget',
          target,
          whitespace_before_equal: this.ws(this.before[e]!),
          whitespace_after_equal: this.ws(this.after[e]!),
          range: undefined,
        });
      }
      return { type: 'Assign', targets, value: parts[parts.length - 1], semicolon: null, range: undefined };
    }
    if (this.kind[this.i] === OP) {
      const v = this.value[this.i]!;
      const augType = AUG_OPS[v];
      if (augType !== undefined) {
        this.checkTarget(first, 'aug', at);
        const op = this.i++;
        const value = this.isKw('yield') ? this.yieldExpr() : this.testList(this.test, true);
        return { type: 'AugAssign', target: first, operator: this.op2(augType, op, false), value, semicolon: null, range: undefined };
      }
      if (v === ':') {
        if (first.type === 'Tuple' && (first['lpar'] as Node[]).length === 0) this.fail('only single target (not tuple) can be annotated', at);
        if (first.type === 'Tuple' || first.type === 'List') this.fail(`only single target (not ${first.type.toLowerCase()}) can be annotated`, at);
        if (first.type !== 'Name' && first.type !== 'Attribute' && first.type !== 'Subscript') this.fail('illegal target for annotation', at);
        const colon = this.i++;
        const annotation = this.test();
        let equal: Node | null = null;
        let value: Node | null = null;
        if (this.isOp('=')) {
          const eq = this.i++;
          value = this.isKw('yield') ? this.yieldExpr() : this.testList(this.test, true);
          equal = { type: 'AssignEqual', whitespace_before: this.ws(this.before[eq]!), whitespace_after: this.ws(this.after[eq]!), range: undefined };
        }
        return {
          type: 'AnnAssign',
          target: first,
          annotation: {
            type: 'Annotation',
            annotation,
            whitespace_before_indicator: this.ws(this.before[colon]!),
            whitespace_after_indicator: this.ws(this.after[colon]!),
            range: undefined,
          },
          value,
          equal,
          semicolon: null,
          range: undefined,
        };
      }
    }
    return { type: 'Expr', value: first, semicolon: null, range: undefined };
  }

  /** A statement-level expression item: an unparenthesized walrus is invalid here. */
  private namedOrTest(): Node {
    const node = this.test();
    if (this.isOp(':=')) this.fail();
    return node;
  }

  private returnStmt(): Node {
    const t = this.i++;
    if (this.kind[this.i] === NEWLINE || this.isOp(';')) {
      return { type: 'Return', value: null, whitespace_after_return: this.noWs(), semicolon: null, range: undefined };
    }
    const value = this.testList(this.test, true);
    return { type: 'Return', value, whitespace_after_return: this.ws(this.after[t]!), semicolon: null, range: undefined };
  }

  private raiseStmt(): Node {
    const t = this.i++;
    if (this.kind[this.i] === NEWLINE || this.isOp(';')) {
      return { type: 'Raise', exc: null, cause: null, whitespace_after_raise: null, semicolon: null, range: undefined };
    }
    const exc = this.test();
    let cause: Node | null = null;
    if (this.isKw('from')) {
      const f = this.i++;
      const item = this.test();
      cause = { type: 'From', item, whitespace_before_from: this.ws(this.before[f]!), whitespace_after_from: this.ws(this.after[f]!), range: undefined };
    }
    return { type: 'Raise', exc, cause, whitespace_after_raise: this.ws(this.after[t]!), semicolon: null, range: undefined };
  }

  private globalStmt(): Node {
    const t = this.i++;
    const names: Node[] = [];
    const commas: number[] = [];
    while (true) {
      names.push({ type: 'NameItem', name: this.name(), comma: null, range: undefined });
      if (this.isOp(',')) commas.push(this.i++);
      else break;
    }
    for (let k = 0; k < commas.length; k++) {
      const c = commas[k]!;
      names[k]!['comma'] = { type: 'Comma', whitespace_before: this.ws(this.before[c]!), whitespace_after: this.ws(this.after[c]!), range: undefined };
    }
    const type = this.value[t] === 'global' ? 'Global' : 'Nonlocal';
    const wsField = type === 'Global' ? 'whitespace_after_global' : 'whitespace_after_nonlocal';
    return { type, names, [wsField]: this.ws(this.after[t]!), semicolon: null, range: undefined };
  }

  private dottedName(): Node {
    let node = this.name();
    while (this.isOp('.')) {
      const dot = this.i++;
      const attr = this.name();
      node = {
        type: 'Attribute',
        value: node,
        attr,
        dot: { type: 'Dot', whitespace_before: this.pws(this.before[dot]!), whitespace_after: this.pws(this.after[dot]!), range: undefined },
        lpar: NO_PARENS,
        rpar: NO_PARENS,
        range: undefined,
      };
    }
    return node;
  }

  private importStmt(): Node {
    const t = this.i++;
    const names: Node[] = [];
    while (true) {
      const name = this.dottedName();
      const alias: Node = { type: 'ImportAlias', name, asname: null, comma: null, range: undefined };
      if (this.isKw('as')) {
        const as = this.i++;
        const asName = this.name();
        alias['asname'] = { type: 'AsName', name: asName, whitespace_before_as: this.pws(this.before[as]!), whitespace_after_as: this.pws(this.after[as]!), range: undefined };
      }
      names.push(alias);
      if (this.isOp(',')) {
        const c = this.i++;
        alias['comma'] = this.comma(c);
      } else break;
    }
    return { type: 'Import', names, semicolon: null, whitespace_after_import: this.ws(this.after[t]!), range: undefined };
  }

  private importFrom(): Node {
    const fromTok = this.i++;
    const relative: Node[] = [];
    const dotToks: number[] = [];
    while (this.isOp('.') || this.isOp('...')) {
      const d = this.i++;
      dotToks.push(d);
      if (this.value[d] === '...') {
        relative.push({ type: 'Dot', whitespace_before: this.noWs(), whitespace_after: this.noWs(), range: undefined });
        relative.push({ type: 'Dot', whitespace_before: this.noWs(), whitespace_after: this.noWs(), range: undefined });
        relative.push({ type: 'Dot', whitespace_before: this.noWs(), whitespace_after: this.ws(this.after[d]!), range: undefined });
      } else {
        relative.push({ type: 'Dot', whitespace_before: this.noWs(), whitespace_after: this.ws(this.after[d]!), range: undefined });
      }
    }
    let module: Node | null = null;
    if (!this.isKw('import')) module = this.dottedName();
    else if (relative.length === 0) this.fail();
    const importTok = this.expectKw('import');
    let names: Node[] | Node;
    let lpar: Node | null = null;
    let rpar: Node | null = null;
    if (this.isOp('*')) {
      this.i++;
      names = { type: 'ImportStar', range: undefined };
    } else {
      const open = this.eatOp('(');
      const list: Node[] = [];
      while (true) {
        const name = this.name();
        const alias: Node = { type: 'ImportAlias', name, asname: null, comma: null, range: undefined };
        if (this.isKw('as')) {
          const as = this.i++;
          const asName = this.name();
          alias['asname'] = { type: 'AsName', name: asName, whitespace_before_as: this.ws(this.before[as]!), whitespace_after_as: this.ws(this.after[as]!), range: undefined };
        }
        list.push(alias);
        if (this.isOp(',')) {
          const c = this.i++;
          const trailing = open >= 0 && this.isOp(')');
          if (open < 0 && (this.kind[this.i] === NEWLINE || this.isOp(';'))) this.fail('trailing comma not allowed without surrounding parentheses', c);
          alias['comma'] = this.comma(c, false, true);
          if (trailing) break;
        } else break;
      }
      names = list;
      if (open >= 0) {
        const close = this.expectOp(')');
        lpar = this.lpar(open);
        rpar = this.rpar(close);
      }
    }
    let whitespaceBeforeImport: Node;
    if (relative.length > 0 && module === null) {
      const lastDot = relative[relative.length - 1]!;
      whitespaceBeforeImport = lastDot['whitespace_after'] as Node;
      lastDot['whitespace_after'] = this.noWs();
    } else {
      whitespaceBeforeImport = this.ws(this.before[importTok]!);
    }
    return {
      type: 'ImportFrom',
      module,
      names,
      relative,
      lpar,
      rpar,
      semicolon: null,
      whitespace_after_from: this.ws(this.after[fromTok]!),
      whitespace_before_import: whitespaceBeforeImport,
      whitespace_after_import: this.ws(this.after[importTok]!),
      range: undefined,
    };
  }

  private assertStmt(): Node {
    const t = this.i++;
    const test = this.test();
    let comma: Node | null = null;
    let msg: Node | null = null;
    if (this.isOp(',')) {
      const c = this.i++;
      msg = this.test();
      comma = { type: 'Comma', whitespace_before: this.ws(this.before[c]!), whitespace_after: this.ws(this.after[c]!), range: undefined };
    }
    return { type: 'Assert', test, msg, comma, whitespace_after_assert: this.ws(this.after[t]!), semicolon: null, range: undefined };
  }

  private delStmt(): Node {
    const t = this.i++;
    const at = this.i;
    const target = this.testList(this.bitOr, true);
    this.checkTarget(target, 'del', at);
    return { type: 'Del', target, whitespace_after_del: this.ws(this.after[t]!), semicolon: null, range: undefined };
  }

  private typeAlias(): Node {
    const t = this.i++;
    const name = this.name();
    const nameTok = this.i - 1;
    let typeParameters: Node | null = null;
    if (this.isOp('[')) typeParameters = this.typeParams();
    const eq = this.expectOp('=');
    const value = this.test();
    return {
      type: 'TypeAlias',
      name,
      value,
      type_parameters: typeParameters,
      whitespace_after_type: this.ws(this.after[t]!),
      whitespace_after_name: this.ws(this.after[nameTok]!),
      whitespace_after_type_parameters: typeParameters === null ? null : this.ws(this.before[eq]!),
      whitespace_after_equals: this.ws(this.after[eq]!),
      semicolon: null,
      range: undefined,
    };
  }

  /** `[T, *Ts, **P]` type parameters (3.12). */
  typeParams(): Node {
    const open = this.i++;
    const params: Node[] = [];
    while (!this.isOp(']')) {
      let param: Node;
      if (this.isOp('*') || this.isOp('**')) {
        const star = this.i++;
        const name = this.name();
        param = this.value[star] === '*'
          ? { type: 'TypeVarTuple', name, whitespace_after_star: this.pws(this.after[star]!), range: undefined }
          : { type: 'ParamSpec', name, whitespace_after_star: this.pws(this.after[star]!), range: undefined };
      } else {
        const name = this.name();
        let bound: Node | null = null;
        let colon: Node | null = null;
        if (this.isOp(':')) {
          const c = this.i++;
          bound = this.test();
          colon = this.op2('Colon', c);
        }
        param = { type: 'TypeVar', name, bound, colon, range: undefined };
      }
      const tp: Node = { type: 'TypeParam', param, comma: null, equal: null, star: '', whitespace_after_star: this.noWs(), default: null, range: undefined };
      params.push(tp);
      if (this.isOp(',')) tp['comma'] = this.comma(this.i++);
      else break;
    }
    if (params.length === 0) this.fail('Type parameter list cannot be empty');
    const close = this.expectOp(']');
    return {
      type: 'TypeParameters',
      params,
      lbracket: { type: 'LeftSquareBracket', whitespace_after: this.pws(this.after[open]!), range: undefined },
      rbracket: { type: 'RightSquareBracket', whitespace_before: this.pws(this.before[close]!), range: undefined },
      range: undefined,
    };
  }

  // ---- blocks ----

  /** After a compound statement's `:`: an indented block or statements on the same line. */
  override suite(): Node {
    if (this.kind[this.i] === NEWLINE) {
      const nl = this.i++;
      const header = this.trailing(this.before[nl]!);
      if (this.kind[this.i] !== INDENT) this.fail('expected an indented block');
      const indentTok = this.i++;
      const rel = this.value[indentTok]!;
      const body: Node[] = [];
      this.enter();
      while (this.kind[this.i] !== DEDENT) {
        if (this.kind[this.i] === ENDMARKER) this.fail();
        if (this.kind[this.i] === INDENT) this.fail('unexpected indent');
        body.push(this.statement());
      }
      this.leave();
      const dedent = this.i++;
      const footer = this.emptyLines(this.after[dedent]!, this.stateIndent[this.before[indentTok]!] ?? '');
      return { type: 'IndentedBlock', body, header, indent: rel === this.config.defaultIndent ? null : rel, footer, range: undefined };
    }
    const first = this.i;
    const body = this.smallStatements();
    const trailing = this.trailing(this.before[this.i - 1]!);
    return { type: 'SimpleStatementSuite', body, leading_whitespace: this.ws(this.before[first]!), trailing_whitespace: trailing, range: undefined };
  }

  private colonSuite(): [colonTok: number, body: Node] {
    const colon = this.expectOp(':');
    return [colon, this.suite()];
  }

  private ifStmt(): Node {
    const t = this.i++;
    const test = this.namedExpr();
    const [colon, body] = this.colonSuite();
    let orelse: Node | null = null;
    if (this.isKw('elif')) orelse = this.ifStmt();
    else if (this.isKw('else')) orelse = this.elseClause();
    return {
      type: 'If',
      test,
      body,
      orelse,
      leading_lines: this.emptyLines(this.before[t]!),
      whitespace_before_test: this.ws(this.after[t]!),
      whitespace_after_test: this.ws(this.before[colon]!),
      range: undefined,
    };
  }

  private elseClause(type = 'Else'): Node {
    const t = this.i++;
    const [colon, body] = this.colonSuite();
    return { type, body, leading_lines: this.emptyLines(this.before[t]!), whitespace_before_colon: this.ws(this.before[colon]!), range: undefined };
  }

  private whileStmt(): Node {
    const t = this.i++;
    const test = this.namedExpr();
    const [colon, body] = this.colonSuite();
    const orelse = this.isKw('else') ? this.elseClause() : null;
    return {
      type: 'While',
      test,
      body,
      orelse,
      leading_lines: this.emptyLines(this.before[t]!),
      whitespace_after_while: this.ws(this.after[t]!),
      whitespace_before_colon: this.ws(this.before[colon]!),
      range: undefined,
    };
  }

  private forStmt(asyncTok: number): Node {
    const t = this.i++;
    const target = this.targetList();
    if (!this.isKw('in')) this.fail("expected 'in'");
    const inTok = this.i++;
    const iter = this.testList(this.test, true);
    const [colon, body] = this.colonSuite();
    const orelse = this.isKw('else') ? this.elseClause() : null;
    const node: Node = {
      type: 'For',
      target,
      iter,
      body,
      orelse,
      asynchronous: null,
      leading_lines: null,
      whitespace_after_for: this.ws(this.after[t]!),
      whitespace_before_in: this.ws(this.before[inTok]!),
      whitespace_after_in: this.ws(this.after[inTok]!),
      whitespace_before_colon: this.ws(this.before[colon]!),
      range: undefined,
    };
    this.attachAsync(node, asyncTok, t);
    return node;
  }

  private attachAsync(node: Node, asyncTok: number, kwTok: number): void {
    if (asyncTok >= 0) {
      node['asynchronous'] = { type: 'Asynchronous', whitespace_after: this.ws(this.after[asyncTok]!), range: undefined };
      node['leading_lines'] = this.emptyLines(this.before[asyncTok]!);
    } else {
      node['leading_lines'] = this.emptyLines(this.before[kwTok]!);
    }
  }

  private tryStmt(): Node {
    const t = this.i++;
    const [colon, body] = this.colonSuite();
    const handlers: Node[] = [];
    let star: boolean | null = null;
    while (this.isKw('except')) {
      const e = this.i++;
      let isStar = false;
      let starTok = -1;
      if (this.isOp('*')) {
        isStar = true;
        starTok = this.i++;
      }
      if (star !== null && star !== isStar) this.fail("cannot have both 'except' and 'except*' on the same 'try'", e);
      star = isStar;
      let type: Node | null = null;
      let name: Node | null = null;
      let wsAfterExcept: Node;
      if (!this.isOp(':')) {
        type = this.testList(this.test, false);
        if (this.isKw('as')) {
          const as = this.i++;
          const n = this.name();
          name = { type: 'AsName', name: n, whitespace_before_as: this.ws(this.before[as]!), whitespace_after_as: this.ws(this.after[as]!), range: undefined };
        }
        wsAfterExcept = this.ws(this.after[e]!);
      } else {
        if (isStar) this.fail('expected one or more exception types');
        wsAfterExcept = this.noWs();
      }
      const leading = this.emptyLines(this.before[e]!);
      const [c, handlerBody] = this.colonSuite();
      // LibCST's `type` field would collide with the class name: it is kept as `exceptType`.
      const handler: Node = isStar
        ? {
            type: 'ExceptStarHandler',
            body: handlerBody,
            exceptType: type,
            name,
            leading_lines: leading,
            whitespace_after_except: wsAfterExcept,
            whitespace_after_star: this.ws(this.after[starTok]!),
            whitespace_before_colon: this.ws(this.before[c]!),
            range: undefined,
          }
        : {
            type: 'ExceptHandler',
            body: handlerBody,
            exceptType: type,
            name,
            leading_lines: leading,
            whitespace_after_except: wsAfterExcept,
            whitespace_before_colon: this.ws(this.before[c]!),
            range: undefined,
          };
      handlers.push(handler);
    }
    let orelse: Node | null = null;
    let finalbody: Node | null = null;
    if (handlers.length > 0 && this.isKw('else')) orelse = this.elseClause();
    if (this.isKw('finally')) finalbody = this.elseClause('Finally');
    if (handlers.length === 0 && finalbody === null) this.fail("expected 'except' or 'finally' block");
    return {
      type: star === true ? 'TryStar' : 'Try',
      body,
      handlers,
      orelse,
      finalbody,
      leading_lines: this.emptyLines(this.before[t]!),
      whitespace_before_colon: this.ws(this.before[colon]!),
      range: undefined,
    };
  }

  private withStmt(asyncTok: number): Node {
    const t = this.i++;
    let lpar: Node | null = null;
    let rpar: Node | null = null;
    let items: Node[];
    const open = this.isOp('(') ? this.parenthesizedWithItems() : -1;
    if (open >= 0) {
      items = this.withItems(')');
      const close = this.expectOp(')');
      lpar = this.lpar(open);
      rpar = this.rpar(close);
    } else {
      items = this.withItems(':');
    }
    const [colon, body] = this.colonSuite();
    const node: Node = {
      type: 'With',
      items,
      body,
      asynchronous: null,
      leading_lines: null,
      lpar,
      rpar,
      whitespace_after_with: this.ws(this.after[t]!),
      whitespace_before_colon: this.ws(this.before[colon]!),
      range: undefined,
    };
    this.attachAsync(node, asyncTok, t);
    return node;
  }

  /**
   * Decides whether `with (` opens a parenthesized item list (3.9+) rather than an expression, as
   * CPython's grammar tries that form first: `(` items `)` directly followed by `:`, where the items
   * are plain expressions (not a generator, walrus or yield); consumes `(` if so.
   */
  private parenthesizedWithItems(): number {
    let depth = 0;
    let j = this.i;
    for (; j < this.count; j++) {
      const k = this.kind[j];
      if (k === OP) {
        const v = this.value[j];
        if (v === '(' || v === '[' || v === '{') depth++;
        else if (v === ')' || v === ']' || v === '}') {
          depth--;
          if (depth === 0) break;
        } else if (depth === 1 && v === ':=') return -1;
      } else if (k === NAME && depth === 1) {
        const v = this.value[j];
        if (v === 'for' || v === 'yield') return -1;
      } else if (k === NEWLINE || k === ENDMARKER) return -1;
    }
    if (!this.isOp(':', j + 1)) return -1;
    return this.i++;
  }

  private withItems(close: string): Node[] {
    const items: Node[] = [];
    while (true) {
      const item = this.test();
      const node: Node = { type: 'WithItem', item, asname: null, comma: null, range: undefined };
      if (this.isKw('as')) {
        const as = this.i++;
        const at = this.i;
        const target = this.bitOr();
        this.checkTarget(target, 'assign', at);
        node['asname'] = { type: 'AsName', name: target, whitespace_before_as: this.ws(this.before[as]!), whitespace_after_as: this.ws(this.after[as]!), range: undefined };
      }
      items.push(node);
      if (this.isOp(',')) {
        const c = this.i++;
        const trailing = close === ')' && this.isOp(')');
        node['comma'] = this.comma(c, trailing);
        if (trailing) break;
      } else break;
    }
    return items;
  }

  private funcDef(asyncTok: number): Node {
    const t = this.i++;
    const name = this.name();
    const nameTok = this.i - 1;
    let typeParameters: Node | null = null;
    if (this.isOp('[')) typeParameters = this.typeParams();
    const open = this.expectOp('(');
    this.enter();
    const params = this.isOp(')') ? emptyParameters() : this.parameters('def');
    this.leave();
    const close = this.expectOp(')');
    let returns: Node | null = null;
    let arrow = -1;
    if (this.isOp('->')) {
      arrow = this.i++;
      returns = { type: 'Annotation', annotation: this.test(), whitespace_before_indicator: null, whitespace_after_indicator: null, range: undefined };
    }
    const colon = this.expectOp(':');
    const body = this.suite();
    const rparWs = this.pws(this.before[close]!);
    const last = lastParam(params);
    if (last !== null) last['whitespace_after_param'] = rparWs;
    if (returns !== null) {
      returns['whitespace_before_indicator'] = this.pws(this.before[arrow]!);
      returns['whitespace_after_indicator'] = this.pws(this.after[arrow]!);
    }
    const node: Node = {
      type: 'FunctionDef',
      name,
      params,
      body,
      decorators: [],
      returns,
      asynchronous: null,
      leading_lines: null,
      lines_after_decorators: [],
      whitespace_after_def: this.ws(this.after[t]!),
      whitespace_after_name: this.ws(this.after[nameTok]!),
      whitespace_before_params: this.pws(this.after[open]!),
      whitespace_before_colon: this.ws(this.before[colon]!),
      type_parameters: typeParameters,
      whitespace_after_type_parameters: this.noWs(),
      range: undefined,
    };
    this.attachAsync(node, asyncTok, t);
    return node;
  }

  private classDef(): Node {
    const t = this.i++;
    const name = this.name();
    const nameTok = this.i - 1;
    let typeParameters: Node | null = null;
    if (this.isOp('[')) typeParameters = this.typeParams();
    let lpar: Node | null = null;
    let rpar: Node | null = null;
    const bases: Node[] = [];
    const keywords: Node[] = [];
    if (this.isOp('(')) {
      const open = this.i++;
      this.enter();
      const args = this.args(')');
      this.leave();
      const close = this.expectOp(')');
      for (const arg of args) {
        if (arg['star'] === '**' || arg['keyword'] !== null || keywords.length > 0) keywords.push(arg);
        else bases.push(arg);
      }
      lpar = this.lpar(open);
      rpar = this.rpar(close);
    }
    const colon = this.expectOp(':');
    const body = this.suite();
    return {
      type: 'ClassDef',
      name,
      body,
      bases,
      keywords,
      decorators: [],
      lpar,
      rpar,
      leading_lines: this.emptyLines(this.before[t]!),
      lines_after_decorators: [],
      whitespace_after_class: this.ws(this.after[t]!),
      whitespace_after_name: this.ws(this.after[nameTok]!),
      whitespace_before_colon: this.ws(this.before[colon]!),
      type_parameters: typeParameters,
      whitespace_after_type_parameters: this.noWs(),
      range: undefined,
    };
  }

  private asyncStmt(): Node {
    const a = this.i++;
    if (this.isKw('def')) return this.funcDef(a);
    if (this.isKw('with')) return this.withStmt(a);
    if (this.isKw('for')) return this.forStmt(a);
    this.fail();
  }

  private decorated(): Node {
    const decorators: Node[] = [];
    while (this.isOp('@')) {
      const at = this.i++;
      const decorator = this.namedExpr();
      if (this.kind[this.i] !== NEWLINE) this.fail();
      const nl = this.i++;
      const trailing = this.trailing(this.before[nl]!);
      decorators.push({
        type: 'Decorator',
        decorator,
        leading_lines: this.emptyLines(this.before[at]!),
        whitespace_after_at: this.ws(this.after[at]!),
        trailing_whitespace: trailing,
        range: undefined,
      });
    }
    let node: Node;
    if (this.isKw('def')) node = this.funcDef(-1);
    else if (this.isKw('class')) node = this.classDef();
    else if (this.isKw('async') && this.isKw('def', this.i + 1)) node = this.asyncStmt();
    else this.fail();
    const first = decorators[0]!;
    node['lines_after_decorators'] = node['leading_lines'];
    node['leading_lines'] = first['leading_lines'];
    first['leading_lines'] = [];
    node['decorators'] = decorators;
    return node;
  }
}
