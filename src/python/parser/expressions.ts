/**
 * Expressions: precedence climbing for binary operators, atoms, trailers, comprehensions,
 * arguments and parameters. Whitespace is claimed in the order LibCST's conversions claim it:
 * children first, then the node's own tokens.
 */
import {
  FSTRING_END,
  FSTRING_MIDDLE,
  FSTRING_START,
  NAME,
  NUMBER,
  OP,
  STRING,
} from './lexer.js';
import { checkLiteralBody } from './literals.js';
import { type Node, NO_PARENS, ParserState } from './state.js';

/** Implicit concatenation is flat in CPython's AST (pydoc_data/topics.py has a run of 2,215), but LibCST nests it, so very long runs are refused to keep tree walkers within the stack. */
const MAX_CONCAT = 3000;

const BINARY_OPS: Record<string, [prec: number, type: string]> = {
  '|': [1, 'BitOr'],
  '^': [2, 'BitXor'],
  '&': [3, 'BitAnd'],
  '<<': [4, 'LeftShift'],
  '>>': [4, 'RightShift'],
  '+': [5, 'Add'],
  '-': [5, 'Subtract'],
  '*': [6, 'Multiply'],
  '@': [6, 'MatrixMultiply'],
  '/': [6, 'Divide'],
  '%': [6, 'Modulo'],
  '//': [6, 'FloorDivide'],
};

const COMPARE_OPS: Record<string, string> = {
  '<': 'LessThan',
  '>': 'GreaterThan',
  '==': 'Equal',
  '>=': 'GreaterThanEqual',
  '<=': 'LessThanEqual',
  in: 'In',
  is: 'Is',
};

const UNARY_OPS: Record<string, string> = { '-': 'Minus', '+': 'Plus', '~': 'BitInvert' };

/** What a parameter list is for: `def` (annotations allowed, closes at `)`) or `lambda` (closes at `:`). */
export type ParamsKind = 'def' | 'lambda';

export class ExpressionParser extends ParserState {
  // ---- entry points ----

  /** `test`: a conditional expression or lambda (no walrus, no star). */
  test(): Node {
    if (this.isKw('lambda')) return this.lambda(false);
    const body = this.orTest();
    return this.isKw('if') ? this.ifExp(body) : body;
  }

  private ifExp(body: Node): Node {
    const ifTok = this.i++;
    const test = this.orTest();
    if (!this.isKw('else')) this.fail("expected 'else' after 'if' expression");
    const elseTok = this.i++;
    this.enter();
    const orelse = this.test();
    this.leave();
    return {
      type: 'IfExp',
      test,
      body,
      orelse,
      lpar: NO_PARENS,
      rpar: NO_PARENS,
      whitespace_before_if: this.pws(this.before[ifTok]!),
      whitespace_after_if: this.pws(this.after[ifTok]!),
      whitespace_before_else: this.pws(this.before[elseTok]!),
      whitespace_after_else: this.pws(this.after[elseTok]!),
      range: undefined,
    };
  }

  /** `test` without conditional expressions (comprehension conditions, old `test_nocond`). */
  testNoCond(): Node {
    if (this.isKw('lambda')) return this.lambda(true);
    return this.orTest();
  }

  /** `namedexpr_test`: `test [':=' test]`. */
  namedExpr(): Node {
    const target = this.test();
    if (this.isOp(':=')) {
      if (target.type !== 'Name' || (target['lpar'] as Node[]).length > 0) this.fail('cannot use assignment expressions with ' + describe(target));
      const t = this.i++;
      const value = this.test();
      return {
        type: 'NamedExpr',
        target,
        value,
        lpar: NO_PARENS,
        rpar: NO_PARENS,
        whitespace_before_walrus: this.pws(this.before[t]!),
        whitespace_after_walrus: this.pws(this.after[t]!),
        range: undefined,
      };
    }
    return target;
  }

  /** True if the current token can start an expression. */
  startsExpression(i = this.i): boolean {
    const k = this.kind[i]!;
    if (k === NAME) {
      const v = this.value[i]!;
      return !KEYWORD_NOT_EXPR.has(v);
    }
    if (k === NUMBER || k === STRING || k === FSTRING_START) return true;
    if (k === OP) {
      const v = this.value[i]!;
      return v === '(' || v === '[' || v === '{' || v === '-' || v === '+' || v === '~' || v === '...' || v === '*';
    }
    return false;
  }

  /**
   * A comma-separated list of `item` (test/star_expr), as LibCST's `_convert_sequencelike`:
   * one element without a comma stays itself; otherwise a parenthesis-less Tuple.
   */
  testList(item: () => Node, allowStar: boolean): Node {
    const first = this.listItem(item, allowStar);
    // A lone starred item (`x = *a`) is accepted by CPython's parser; its compiler rejects it later.
    if (!this.isOp(',')) return first;
    const parts: Array<[Node, number]> = [];
    let current = first;
    while (true) {
      const comma = this.eatOp(',');
      parts.push([current, comma]);
      if (comma < 0 || !this.startsItem()) break;
      current = this.listItem(item, allowStar);
    }
    return { type: 'Tuple', elements: this.elements(parts), lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  }

  private startsItem(): boolean {
    return this.startsExpression() || this.isKw('lambda') || this.isKw('await') || this.isKw('not');
  }

  private listItem(item: () => Node, allowStar: boolean): Node {
    if (this.isOp('*')) {
      if (!allowStar) this.fail();
      return this.starred();
    }
    return item.call(this);
  }

  /** `'*' expr` as a StarredElement (its comma is attached by the list). */
  starred(): Node {
    const star = this.i++;
    const value = this.bitOr();
    return {
      type: 'StarredElement',
      value,
      comma: null,
      lpar: NO_PARENS,
      rpar: NO_PARENS,
      whitespace_before_value: this.pws(this.after[star]!),
      range: undefined,
    };
  }

  /** Elements with their commas; a trailing comma leaves its following whitespace to the parent. */
  elements(parts: Array<[Node, number]>): Node[] {
    const out: Node[] = [];
    const last = parts.length - 1;
    for (let k = 0; k <= last; k++) {
      const [value, commaTok] = parts[k]!;
      const comma = commaTok < 0 ? null : this.comma(commaTok, k === last);
      if (value.type === 'StarredElement') {
        value['comma'] = comma;
        out.push(value);
      } else {
        out.push({ type: 'Element', value, comma, range: undefined });
      }
    }
    return out;
  }

  // ---- boolean, comparison, binary ----

  orTest(): Node {
    let left = this.andTest();
    let chain = 0;
    while (this.isKw('or')) {
      this.checkChain(++chain);
      const t = this.i++;
      const right = this.andTest();
      left = { type: 'BooleanOperation', left, operator: this.op2('Or', t), right, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    }
    return left;
  }

  private andTest(): Node {
    let left = this.notTest();
    let chain = 0;
    while (this.isKw('and')) {
      this.checkChain(++chain);
      const t = this.i++;
      const right = this.notTest();
      left = { type: 'BooleanOperation', left, operator: this.op2('And', t), right, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    }
    return left;
  }

  private notTest(): Node {
    if (this.isKw('not')) {
      const t = this.i++;
      this.enter();
      const expression = this.notTest();
      this.leave();
      return {
        type: 'UnaryOperation',
        operator: { type: 'Not', whitespace_after: this.pws(this.after[t]!), range: undefined },
        expression,
        lpar: NO_PARENS,
        rpar: NO_PARENS,
        range: undefined,
      };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.bitOr();
    let comparisons: Node[] | null = null;
    while (true) {
      const t = this.i;
      const k = this.kind[t];
      const v = this.value[t]!;
      let operator: Node;
      if (k === OP && (v === '<' || v === '>' || v === '==' || v === '>=' || v === '<=')) {
        this.i++;
        const comparator = this.bitOr();
        operator = this.op2(COMPARE_OPS[v]!, t);
        (comparisons ??= []).push({ type: 'ComparisonTarget', operator, comparator, range: undefined });
      } else if (k === OP && v === '!=') {
        this.i++;
        const comparator = this.bitOr();
        operator = { type: 'NotEqual', value: '!=', whitespace_before: this.pws(this.before[t]!), whitespace_after: this.pws(this.after[t]!), range: undefined };
        (comparisons ??= []).push({ type: 'ComparisonTarget', operator, comparator, range: undefined });
      } else if (k === NAME && v === 'in') {
        this.i++;
        const comparator = this.bitOr();
        operator = this.op2('In', t);
        (comparisons ??= []).push({ type: 'ComparisonTarget', operator, comparator, range: undefined });
      } else if (k === NAME && v === 'not' && this.isKw('in', t + 1)) {
        this.i += 2;
        const comparator = this.bitOr();
        operator = {
          type: 'NotIn',
          whitespace_before: this.pws(this.before[t]!),
          whitespace_between: this.pws(this.after[t]!),
          whitespace_after: this.pws(this.after[t + 1]!),
          range: undefined,
        };
        (comparisons ??= []).push({ type: 'ComparisonTarget', operator, comparator, range: undefined });
      } else if (k === NAME && v === 'is') {
        if (this.isKw('not', t + 1)) {
          this.i += 2;
          const comparator = this.bitOr();
          operator = {
            type: 'IsNot',
            whitespace_before: this.pws(this.before[t]!),
            whitespace_between: this.pws(this.after[t]!),
            whitespace_after: this.pws(this.after[t + 1]!),
            range: undefined,
          };
          (comparisons ??= []).push({ type: 'ComparisonTarget', operator, comparator, range: undefined });
        } else {
          this.i++;
          const comparator = this.bitOr();
          operator = this.op2('Is', t);
          (comparisons ??= []).push({ type: 'ComparisonTarget', operator, comparator, range: undefined });
        }
      } else break;
    }
    if (comparisons === null) return left;
    return { type: 'Comparison', left, comparisons, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  }

  /** `expr`: binary operators by precedence climbing (all left-associative). */
  bitOr(): Node {
    return this.binary(1);
  }

  private binary(minPrec: number): Node {
    let left = this.factor();
    let chain = 0;
    while (true) {
      if (this.kind[this.i] !== OP) break;
      const entry = BINARY_OPS[this.value[this.i]!];
      if (entry === undefined || entry[0] < minPrec) break;
      this.checkChain(++chain);
      const t = this.i++;
      const right = this.binary(entry[0] + 1);
      left = { type: 'BinaryOperation', left, operator: this.op2(entry[1], t), right, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    }
    return left;
  }

  private factor(): Node {
    if (this.kind[this.i] === OP) {
      const type = UNARY_OPS[this.value[this.i]!];
      if (type !== undefined) {
        const t = this.i++;
        this.enter();
        const expression = this.factor();
        this.leave();
        return {
          type: 'UnaryOperation',
          operator: { type, whitespace_after: this.pws(this.after[t]!), range: undefined },
          expression,
          lpar: NO_PARENS,
          rpar: NO_PARENS,
          range: undefined,
        };
      }
    }
    return this.power();
  }

  private power(): Node {
    let base: Node;
    if (this.isKw('await')) {
      const t = this.i++;
      const expression = this.primary();
      base = { type: 'Await', expression, lpar: NO_PARENS, rpar: NO_PARENS, whitespace_after_await: this.pws(this.after[t]!), range: undefined };
    } else {
      base = this.primary();
    }
    if (this.isOp('**')) {
      const t = this.i++;
      this.enter();
      const right = this.factor();
      this.leave();
      return { type: 'BinaryOperation', left: base, operator: this.op2('Power', t), right, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    }
    return base;
  }

  // ---- primaries ----

  primary(): Node {
    let node = this.atom();
    let chain = 0;
    while (this.kind[this.i] === OP) {
      const v = this.value[this.i];
      if (v === '.' || v === '(' || v === '[') this.checkChain(++chain);
      if (v === '.') {
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
      } else if (v === '(') {
        node = this.call(node);
      } else if (v === '[') {
        node = this.subscript(node);
      } else break;
    }
    return node;
  }

  private call(func: Node): Node {
    const open = this.i++;
    this.enter();
    const args = this.args(')');
    this.leave();
    const close = this.expectOp(')');
    const last = args[args.length - 1];
    if (last !== undefined && last['comma'] === null) last['whitespace_after_arg'] = this.pws(this.before[close]!);
    return {
      type: 'Call',
      func,
      args,
      lpar: NO_PARENS,
      rpar: NO_PARENS,
      whitespace_after_func: this.pws(this.before[open]!),
      whitespace_before_args: this.pws(this.after[open]!),
      range: undefined,
    };
  }

  /** Call arguments up to (not including) `close`. */
  args(close: string): Node[] {
    const args: Node[] = [];
    let sawKeyword = false;
    let sawDoubleStar = false;
    while (!this.isOp(close)) {
      let arg: Node;
      const argStart = this.i;
      if (this.isOp('*') || this.isOp('**')) {
        const star = this.i++;
        const value = this.test();
        const s = this.value[star]!;
        if (s === '**') sawDoubleStar = true;
        else if (sawDoubleStar) this.fail('iterable argument unpacking follows keyword argument unpacking', star);
        arg = {
          type: 'Arg',
          value,
          keyword: null,
          equal: null,
          comma: null,
          star: s,
          whitespace_after_star: this.pws(this.after[star]!),
          whitespace_after_arg: this.noWs(),
          range: undefined,
        };
      } else {
        const value = this.namedExpr();
        if (this.isOp('=')) {
          if (value.type !== 'Name' || (value['lpar'] as Node[]).length > 0) {
            this.fail('expression cannot contain assignment, perhaps you meant "=="?', argStart);
          }
          const eq = this.i++;
          const v = this.test();
          sawKeyword = true;
          arg = {
            type: 'Arg',
            value: v,
            keyword: value,
            equal: { type: 'AssignEqual', whitespace_before: this.pws(this.before[eq]!), whitespace_after: this.pws(this.after[eq]!), range: undefined },
            comma: null,
            star: '',
            whitespace_after_star: this.noWs(),
            whitespace_after_arg: this.noWs(),
            range: undefined,
          };
        } else if (this.isKw('for') || this.isKw('async')) {
          const forIn = this.compFor();
          if (args.length > 0 || !this.isOp(close)) {
            if (!(this.isOp(',') && this.isOp(close, this.i + 1) && args.length === 0)) this.fail('Generator expression must be parenthesized', argStart);
          }
          arg = {
            type: 'Arg',
            value: { type: 'GeneratorExp', elt: value, for_in: forIn, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined },
            keyword: null,
            equal: null,
            comma: null,
            star: '',
            whitespace_after_star: this.noWs(),
            whitespace_after_arg: this.noWs(),
            range: undefined,
          };
        } else {
          if (sawDoubleStar) this.fail('positional argument follows keyword argument unpacking', argStart);
          if (sawKeyword) this.fail('positional argument follows keyword argument', argStart);
          arg = {
            type: 'Arg',
            value,
            keyword: null,
            equal: null,
            comma: null,
            star: '',
            whitespace_after_star: this.noWs(),
            whitespace_after_arg: this.noWs(),
            range: undefined,
          };
        }
      }
      args.push(arg);
      if (this.isOp(',')) {
        const c = this.i++;
        arg['comma'] = this.comma(c);
      } else break;
    }
    return args;
  }

  private subscript(value: Node): Node {
    const open = this.i++;
    // Claimed before the slices: `x[ :]` gives the space to the bracket, not to the colon.
    const whitespaceAfterValue = this.pws(this.before[open]!);
    const lbracket: Node = { type: 'LeftSquareBracket', whitespace_after: this.pws(this.after[open]!), range: undefined };
    this.enter();
    const slice: Node[] = [];
    while (true) {
      const element: Node = { type: 'SubscriptElement', slice: this.sliceItem(), comma: null, range: undefined };
      slice.push(element);
      if (this.isOp(',')) {
        const c = this.i++;
        element['comma'] = this.comma(c);
        if (this.isOp(']')) break;
      } else break;
    }
    this.leave();
    const close = this.expectOp(']');
    return {
      type: 'Subscript',
      value,
      slice,
      lbracket,
      rbracket: { type: 'RightSquareBracket', whitespace_before: this.pws(this.before[close]!), range: undefined },
      lpar: NO_PARENS,
      rpar: NO_PARENS,
      whitespace_after_value: whitespaceAfterValue,
      range: undefined,
    };
  }

  private sliceItem(): Node {
    if (this.isOp('*')) {
      const star = this.i++;
      const v = this.bitOr();
      return { type: 'Index', value: v, star: '*', whitespace_after_star: this.pws(this.after[star]!), range: undefined };
    }
    let lower: Node | null = null;
    if (!this.isOp(':')) {
      lower = this.namedExpr();
      if (!this.isOp(':')) return { type: 'Index', value: lower, star: null, whitespace_after_star: null, range: undefined };
    }
    const c1 = this.i++;
    let upper: Node | null = null;
    if (!this.isOp(':') && !this.isOp(']') && !this.isOp(',')) upper = this.test();
    const firstColon = this.op2('Colon', c1);
    let second: Node | null = null;
    let step: Node | null = null;
    if (this.isOp(':')) {
      const c2 = this.i++;
      second = this.op2('Colon', c2);
      if (!this.isOp(']') && !this.isOp(',')) step = this.test();
    }
    return { type: 'Slice', lower, upper, step, first_colon: firstColon, second_colon: second, range: undefined };
  }

  // ---- atoms ----

  atom(): Node {
    const t = this.i;
    const k = this.kind[t];
    if (k === NAME) {
      const v = this.value[t]!;
      if (KEYWORD_NOT_ATOM.has(v)) this.fail();
      this.i++;
      return { type: 'Name', value: v, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    }
    if (k === NUMBER) {
      this.i++;
      return numberNode(this.value[t]!);
    }
    if (k === STRING || k === FSTRING_START) return this.strings();
    if (k === OP) {
      const v = this.value[t];
      if (v === '(') return this.parenthesized();
      if (v === '[') return this.listDisplay();
      if (v === '{') return this.braceDisplay();
      if (v === '...') {
        this.i++;
        return { type: 'Ellipsis', lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      }
    }
    this.fail();
  }

  private strings(): Node {
    const first = this.oneString();
    if (this.kind[this.i] !== STRING && this.kind[this.i] !== FSTRING_START) return first;
    const parts: Node[] = [first];
    const starts: number[] = [0];
    const bytes = isBytes(first);
    while (this.kind[this.i] === STRING || this.kind[this.i] === FSTRING_START) {
      if (parts.length >= MAX_CONCAT) this.fail('too many nested expressions or statements');
      const s = this.i;
      const next = this.oneString();
      if (isBytes(next) !== bytes) this.fail('cannot mix bytes and nonbytes literals', s);
      parts.push(next);
      starts.push(s);
    }
    // Right-nested, innermost first, as LibCST's atom_string production builds it.
    let right = parts[parts.length - 1]!;
    for (let k = parts.length - 2; k >= 0; k--) {
      right = {
        type: 'ConcatenatedString',
        left: parts[k]!,
        right,
        lpar: NO_PARENS,
        rpar: NO_PARENS,
        whitespace_between: this.pws(this.before[starts[k + 1]!]!),
        range: undefined,
      };
    }
    return right;
  }

  private oneString(): Node {
    const t = this.i;
    if (this.kind[t] === STRING) {
      this.checkString(t);
      this.i++;
      return { type: 'SimpleString', value: this.value[t]!, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    }
    return this.fstring();
  }

  private checkString(t: number): void {
    const v = this.value[t]!;
    let q = 0;
    while (v.charCodeAt(q) !== 34 && v.charCodeAt(q) !== 39) q++;
    const prefix = v.slice(0, q).toLowerCase();
    const quoteLen = v.startsWith(v[q]!.repeat(3), q) && v.length >= q + 6 ? 3 : 1;
    const start = this.start[t]!;
    const bad = checkLiteralBody(this.text, start + q + quoteLen, this.end[t]! - quoteLen, prefix.includes('r'), prefix.includes('b'));
    if (bad !== null) this.failAt(start, bad[1]);
  }

  private fstringRaw: boolean[] = [];

  private checkFStringText(t: number): void {
    if (this.fstringRaw[this.fstringRaw.length - 1] === true) return;
    const bad = checkLiteralBody(this.text, this.start[t]!, this.end[t]!, false, false);
    if (bad !== null) this.failAt(bad[0], bad[1]);
  }

  /** `FSTRING_START (text | replacement field)* FSTRING_END` as a FormattedString. */
  fstring(): Node {
    const startTok = this.i++;
    this.fstringRaw.push(this.value[startTok]!.toLowerCase().includes('r'));
    try {
      return this.fstringRest(startTok);
    } finally {
      this.fstringRaw.pop();
    }
  }

  private fstringRest(startTok: number): Node {
    const parts = this.fstringParts(false);
    if (this.kind[this.i] !== FSTRING_END) this.fail();
    const endTok = this.i++;
    return { type: 'FormattedString', parts, start: this.value[startTok], end: this.value[endTok], lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  }

  private fstringParts(inSpec: boolean): Node[] {
    const parts: Node[] = [];
    while (true) {
      const k = this.kind[this.i];
      if (k === FSTRING_MIDDLE) {
        this.checkFStringText(this.i);
        parts.push({ type: 'FormattedStringText', value: this.value[this.i++], range: undefined });
      } else if (k === OP && this.value[this.i] === '{') {
        parts.push(this.fstringField());
      } else break;
      if (inSpec && this.isOp('}')) break;
    }
    return parts;
  }

  private fstringField(): Node {
    this.i++;
    this.enter();
    if (this.isOp('}')) this.fail("f-string: valid expression required before '}'");
    const exprStart = this.i;
    const expression = this.isKw('yield') ? this.yieldExpr() : this.testList(this.test, true);
    let equal: Node | null = null;
    let eqTok = -1;
    if (this.isOp('=')) {
      eqTok = this.i++;
    }
    let conversion: string | null = null;
    let bangTok = -1;
    if (this.isOp('!')) {
      bangTok = this.i++;
      if (this.kind[this.i] !== NAME) this.fail("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      conversion = this.value[this.i++]!;
      if (conversion !== 's' && conversion !== 'r' && conversion !== 'a') this.fail("f-string: invalid conversion character", this.i - 1);
    }
    let formatSpec: Node[] | null = null;
    let colonTok = -1;
    if (this.isOp(':')) {
      colonTok = this.i++;
      formatSpec = this.fstringParts(true);
    }
    if (!this.isOp('}')) this.fail("f-string: expecting '}'");
    const close = this.i++;
    this.leave();
    if (eqTok >= 0) {
      equal = { type: 'AssignEqual', whitespace_before: this.pws(this.before[eqTok]!), whitespace_after: this.pws(this.after[eqTok]!), range: undefined };
    }
    let whitespaceAfter: Node;
    if (equal !== null) whitespaceAfter = this.noWs();
    else {
      const nextTok = bangTok >= 0 ? bangTok : colonTok >= 0 ? colonTok : close;
      whitespaceAfter = this.pws(this.before[nextTok]!);
    }
    return {
      type: 'FormattedStringExpression',
      expression,
      conversion,
      format_spec: formatSpec,
      whitespace_before_expression: this.pws(this.before[exprStart]!),
      whitespace_after_expression: whitespaceAfter,
      equal,
      range: undefined,
    };
  }

  private parenthesized(): Node {
    const open = this.i++;
    this.enter();
    let inner: Node;
    if (this.isOp(')')) {
      const close = this.i++;
      this.leave();
      return { type: 'Tuple', elements: [], lpar: [this.lpar(open)], rpar: [this.rpar(close)], range: undefined };
    }
    if (this.isKw('yield')) {
      inner = this.yieldExpr();
    } else {
      const first = this.isOp('*') ? this.starred() : this.namedExpr();
      if (this.isKw('for') || this.isKw('async')) {
        if (first.type === 'StarredElement') this.fail('iterable unpacking cannot be used in comprehension');
        const forIn = this.compFor();
        inner = { type: 'GeneratorExp', elt: first, for_in: forIn, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      } else if (this.isOp(',')) {
        const parts: Array<[Node, number]> = [];
        let current = first;
        while (true) {
          const comma = this.eatOp(',');
          parts.push([current, comma]);
          if (comma < 0 || this.isOp(')')) break;
          current = this.isOp('*') ? this.starred() : this.namedExpr();
        }
        inner = { type: 'Tuple', elements: this.elements(parts), lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      } else {
        if (first.type === 'StarredElement') this.fail("cannot use starred expression here", open + 1);
        inner = first;
      }
    }
    const close = this.expectOp(')');
    this.leave();
    const lp = this.lpar(open);
    const rp = this.rpar(close);
    inner['lpar'] = [lp, ...(inner['lpar'] as Node[])];
    inner['rpar'] = [...(inner['rpar'] as Node[]), rp];
    return inner;
  }

  private listDisplay(): Node {
    const open = this.i++;
    this.enter();
    let node: Node;
    if (this.isOp(']')) {
      node = { type: 'List', elements: [], lbracket: null, rbracket: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    } else {
      const first = this.isOp('*') ? this.starred() : this.namedExpr();
      if (this.isKw('for') || this.isKw('async')) {
        if (first.type === 'StarredElement') this.fail('iterable unpacking cannot be used in comprehension');
        const forIn = this.compFor();
        node = { type: 'ListComp', elt: first, for_in: forIn, lbracket: null, rbracket: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      } else {
        const parts: Array<[Node, number]> = [];
        let current = first;
        while (true) {
          const comma = this.eatOp(',');
          parts.push([current, comma]);
          if (comma < 0 || this.isOp(']')) break;
          current = this.isOp('*') ? this.starred() : this.namedExpr();
        }
        node = { type: 'List', elements: this.elements(parts), lbracket: null, rbracket: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      }
    }
    const close = this.expectOp(']');
    this.leave();
    node['lbracket'] = { type: 'LeftSquareBracket', whitespace_after: this.pws(this.after[open]!), range: undefined };
    node['rbracket'] = { type: 'RightSquareBracket', whitespace_before: this.pws(this.before[close]!), range: undefined };
    return node;
  }

  private braceDisplay(): Node {
    const open = this.i++;
    this.enter();
    let node: Node;
    if (this.isOp('}')) {
      node = { type: 'Dict', elements: [], lbrace: null, rbrace: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    } else if (this.isOp('**')) {
      node = this.dictRest(null);
    } else {
      const first = this.isOp('*') ? this.starred() : this.namedExpr();
      if (this.isOp(':') && first.type !== 'StarredElement') {
        node = this.dictRest(first);
      } else if (this.isKw('for') || this.isKw('async')) {
        if (first.type === 'StarredElement') this.fail('iterable unpacking cannot be used in comprehension');
        const forIn = this.compFor();
        node = { type: 'SetComp', elt: first, for_in: forIn, lbrace: null, rbrace: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      } else {
        const parts: Array<[Node, number]> = [];
        let current = first;
        while (true) {
          const comma = this.eatOp(',');
          parts.push([current, comma]);
          if (comma < 0 || this.isOp('}')) break;
          current = this.isOp('*') ? this.starred() : this.namedExpr();
        }
        node = { type: 'Set', elements: this.elements(parts), lbrace: null, rbrace: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      }
    }
    const close = this.expectOp('}');
    this.leave();
    node['lbrace'] = { type: 'LeftCurlyBrace', whitespace_after: this.pws(this.after[open]!), range: undefined };
    node['rbrace'] = { type: 'RightCurlyBrace', whitespace_before: this.pws(this.before[close]!), range: undefined };
    return node;
  }

  /** A dict display or comprehension after `{`; `firstKey` was already parsed (null when it starts with `**`). */
  private dictRest(firstKey: Node | null): Node {
    const items: Array<[Node, number]> = [];
    let key = firstKey;
    while (true) {
      let item: Node;
      if (key === null && this.isOp('**')) {
        const star = this.i++;
        const value = this.bitOr();
        item = { type: 'StarredDictElement', value, comma: null, whitespace_before_value: this.pws(this.after[star]!), range: undefined };
      } else {
        if (key === null) key = this.test();
        const colon = this.expectOp(':', "':' expected after dictionary key");
        const value = this.test();
        if (items.length === 0 && firstKey !== null && (this.isKw('for') || this.isKw('async'))) {
          const forIn = this.compFor();
          return {
            type: 'DictComp',
            key,
            value,
            for_in: forIn,
            lbrace: null,
            rbrace: null,
            lpar: NO_PARENS,
            rpar: NO_PARENS,
            whitespace_before_colon: this.pws(this.before[colon]!),
            whitespace_after_colon: this.pws(this.after[colon]!),
            range: undefined,
          };
        }
        item = {
          type: 'DictElement',
          key,
          value,
          comma: null,
          whitespace_before_colon: this.pws(this.before[colon]!),
          whitespace_after_colon: this.pws(this.after[colon]!),
          range: undefined,
        };
      }
      key = null;
      const comma = this.eatOp(',');
      items.push([item, comma]);
      if (comma < 0 || this.isOp('}')) break;
    }
    const elements: Node[] = [];
    const last = items.length - 1;
    for (let k = 0; k <= last; k++) {
      const [item, commaTok] = items[k]!;
      if (commaTok >= 0) item['comma'] = this.comma(commaTok, k === last);
      elements.push(item);
    }
    return { type: 'Dict', elements, lbrace: null, rbrace: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  }

  /** `[async] for targets in or_test (if cond)* [comp_for]`. */
  compFor(): Node {
    let asyncTok = -1;
    if (this.isKw('async')) asyncTok = this.i++;
    const forTok = this.i;
    if (!this.isKw('for')) this.fail();
    this.i++;
    const target = this.targetList();
    if (!this.isKw('in')) this.fail("expected 'in'");
    const inTok = this.i++;
    const iter = this.orTest();
    const ifs: Node[] = [];
    while (this.isKw('if')) {
      const ifTok = this.i++;
      const test = this.testNoCond();
      ifs.push({
        type: 'CompIf',
        test,
        whitespace_before: this.pws(this.before[ifTok]!),
        whitespace_before_test: this.pws(this.after[ifTok]!),
        range: undefined,
      });
    }
    let inner: Node | null = null;
    if (this.isKw('for') || (this.isKw('async') && this.isKw('for', this.i + 1))) {
      this.enter();
      inner = this.compFor();
      this.leave();
    }
    const node: Node = {
      type: 'CompFor',
      target,
      iter,
      ifs,
      inner_for_in: inner,
      asynchronous: null,
      whitespace_before: null,
      whitespace_after_for: this.pws(this.after[forTok]!),
      whitespace_before_in: this.pws(this.before[inTok]!),
      whitespace_after_in: this.pws(this.after[inTok]!),
      range: undefined,
    };
    if (asyncTok >= 0) {
      node['asynchronous'] = { type: 'Asynchronous', whitespace_after: this.pws(this.before[forTok]!), range: undefined };
      node['whitespace_before'] = this.pws(this.before[asyncTok]!);
    } else {
      node['whitespace_before'] = this.pws(this.before[forTok]!);
    }
    return node;
  }

  /** `exprlist` (for-loop and comprehension targets): one target or a bare Tuple. */
  targetList(): Node {
    const at = this.i;
    const node = this.testList(this.bitOr, true);
    this.checkTarget(node, 'assign', at);
    return node;
  }

  /** `yield [from test | testlist_star_expr]`. */
  yieldExpr(): Node {
    const t = this.i++;
    let value: Node | null = null;
    if (this.isKw('from')) {
      const f = this.i++;
      const item = this.test();
      value = { type: 'From', item, whitespace_before_from: null, whitespace_after_from: this.pws(this.after[f]!), range: undefined };
    } else if (this.startsItem()) {
      value = this.testList(this.test, true);
    }
    return {
      type: 'Yield',
      value,
      lpar: NO_PARENS,
      rpar: NO_PARENS,
      whitespace_after_yield: value === null ? null : this.pws(this.after[t]!),
      range: undefined,
    };
  }

  // ---- lambda and parameters ----

  lambda(noCond: boolean): Node {
    const t = this.i++;
    this.enter();
    const hasParams = !this.isOp(':');
    const params = hasParams ? this.parameters('lambda') : emptyParameters();
    const colonTok = this.expectOp(':');
    const body = noCond ? this.testNoCond() : this.test();
    this.leave();
    const colon: Node = { type: 'Colon', whitespace_before: this.pws(this.before[colonTok]!), whitespace_after: this.pws(this.after[colonTok]!), range: undefined };
    let whitespaceAfterLambda: Node | null = null;
    if (hasParams) {
      whitespaceAfterLambda = this.pws(this.after[t]!);
      const last = lastParam(params);
      if (last !== null) last['whitespace_after_param'] = colon['whitespace_before'];
      colon['whitespace_before'] = this.noWs();
    }
    return { type: 'Lambda', params, body, colon, lpar: NO_PARENS, rpar: NO_PARENS, whitespace_after_lambda: whitespaceAfterLambda, range: undefined };
  }

  /** A parameter list (def: up to `)`; lambda: up to `:`). Trailing ownership is fixed up by the caller. */
  parameters(kind: ParamsKind): Node {
    const close = kind === 'def' ? ')' : ':';
    const posonly: Node[] = [];
    let posonlyInd: Node | null = null;
    let params: Node[] = [];
    let starArg: Node | null = null;
    const kwonly: Node[] = [];
    let starKwarg: Node | null = null;
    let seenDefault = false;
    let state: 'params' | 'kwonly' | 'done' = 'params';
    while (!this.isOp(close)) {
      if (state === 'done') this.fail('arguments cannot follow var-keyword argument');
      let param: Node;
      const paramStart = this.i;
      if (this.isOp('/')) {
        if (state !== 'params' || posonlyInd !== null) this.fail("/ may appear only once");
        if (params.length === 0) this.fail('at least one argument must precede /');
        this.i++;
        param = { type: 'ParamSlash', comma: null, whitespace_after: this.noWs(), range: undefined };
        posonlyInd = param;
        posonly.push(...params);
        params = [];
      } else if (this.isOp('*') && (this.isOp(',', this.i + 1) || this.isOp(close, this.i + 1))) {
        if (state !== 'params') this.fail('* argument may appear only once');
        this.i++;
        param = { type: 'ParamStar', comma: null, range: undefined };
        starArg = param;
        state = 'kwonly';
        if (this.isOp(close)) this.fail('named arguments must follow bare *');
      } else if (this.isOp('*') || this.isOp('**')) {
        const star = this.i++;
        const s = this.value[star]!;
        param = this.param(kind, true);
        param['star'] = s;
        param['whitespace_after_star'] = this.pws(this.after[star]!);
        if (s === '*') {
          if (state !== 'params') this.fail('* argument may appear only once', paramStart);
          starArg = param;
          state = 'kwonly';
        } else {
          starKwarg = param;
          state = 'done';
        }
      } else {
        param = this.param(kind, false);
        if (state === 'params') {
          if (param['default'] !== null) seenDefault = true;
          else if (seenDefault) this.fail('non-default argument follows default argument', paramStart);
          params.push(param);
        } else kwonly.push(param);
      }
      if (this.isOp(',')) {
        const c = this.i++;
        param['comma'] = this.comma(c);
      } else break;
    }
    if (starArg !== null && starArg.type === 'ParamStar' && kwonly.length === 0) this.fail('named arguments must follow bare *');
    return {
      type: 'Parameters',
      params,
      star_arg: starArg,
      kwonly_params: kwonly,
      star_kwarg: starKwarg,
      posonly_params: posonly,
      posonly_ind: posonlyInd,
      range: undefined,
    };
  }

  private param(kind: ParamsKind, starred: boolean): Node {
    const name = this.name();
    let annotation: Node | null = null;
    if (kind === 'def' && this.isOp(':')) {
      const colon = this.i++;
      const value = starred && this.isOp('*') ? this.starred() : this.test();
      annotation = {
        type: 'Annotation',
        annotation: value,
        whitespace_before_indicator: this.pws(this.before[colon]!),
        whitespace_after_indicator: this.pws(this.after[colon]!),
        range: undefined,
      };
    }
    let equal: Node | null = null;
    let dflt: Node | null = null;
    if (this.isOp('=')) {
      if (starred) this.fail('var-positional argument cannot have default value');
      const eq = this.i++;
      dflt = this.test();
      equal = { type: 'AssignEqual', whitespace_before: this.pws(this.before[eq]!), whitespace_after: this.pws(this.after[eq]!), range: undefined };
    }
    return {
      type: 'Param',
      name,
      annotation,
      equal,
      default: dflt,
      comma: null,
      star: '',
      whitespace_after_star: this.noWs(),
      whitespace_after_param: this.noWs(),
      range: undefined,
    };
  }

  // ---- target validation (CPython's invalid_* rules) ----

  /** Rejects what CPython cannot assign to (`mode` assign/del/aug); errors point at token `at`. */
  checkTarget(node: Node, mode: 'assign' | 'del' | 'aug', at: number): void {
    switch (node.type) {
      case 'Name': {
        const v = node['value'];
        if (v === 'True' || v === 'False' || v === 'None') this.fail(mode === 'del' ? `cannot delete ${v}` : `cannot assign to ${v}`, at);
        if (v === '__debug__' && mode !== 'del') this.fail('cannot assign to __debug__', at);
        return;
      }
      case 'Attribute':
      case 'Subscript':
        return;
      case 'Tuple':
      case 'List':
        if (mode === 'aug') this.failTarget(node, mode, at);
        for (const el of node['elements'] as Node[]) {
          const v = el['value'] as Node;
          if (el.type === 'StarredElement') {
            if (mode === 'del') this.failTarget(el, mode, at);
            this.checkTarget(v, mode, at);
          } else this.checkTarget(v, mode, at);
        }
        return;
      case 'StarredElement':
        if (mode !== 'assign') this.failTarget(node, mode, at);
        this.checkTarget(node['value'] as Node, mode, at);
        return;
      default:
        this.failTarget(node, mode, at);
    }
  }

  private failTarget(node: Node, mode: 'assign' | 'del' | 'aug', at: number): never {
    const what = describe(node);
    const msg =
      mode === 'del'
        ? `cannot delete ${what}`
        : mode === 'aug'
          ? `'${what}' is an illegal expression for augmented assignment`
          : `cannot assign to ${what}`;
    this.fail(msg, at);
  }
}

const KEYWORD_NOT_ATOM = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally',
  'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield',
]);
const KEYWORD_NOT_EXPR = new Set([
  'and', 'as', 'assert', 'async', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for',
  'from', 'global', 'if', 'import', 'in', 'is', 'nonlocal', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with',
  'yield',
]);

export function numberNode(v: string): Node {
  const last = v.charCodeAt(v.length - 1) | 32;
  if (last === 106) return { type: 'Imaginary', value: v, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  const second = v.charCodeAt(1) | 32;
  if (v.charCodeAt(0) === 48 && (second === 120 || second === 111 || second === 98)) return { type: 'Integer', value: v, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k) | 32;
    if (c === 46 || c === 101) return { type: 'Float', value: v, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  }
  return { type: 'Integer', value: v, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
}

function isBytes(node: Node): boolean {
  if (node.type !== 'SimpleString') return false;
  const v = node['value'] as string;
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k) | 32;
    if (c === 98) return true;
    if (c === 34 || c === 39 || c === 7) return false;
  }
  return false;
}

export function emptyParameters(): Node {
  return { type: 'Parameters', params: [], star_arg: null, kwonly_params: [], star_kwarg: null, posonly_params: [], posonly_ind: null, range: undefined };
}

/** The last parameter of a list when it has no comma (it then owns the whitespace before the closer). */
export function lastParam(params: Node): Node | null {
  const kwarg = params['star_kwarg'] as Node | null;
  if (kwarg !== null) return kwarg['comma'] === null ? kwarg : null;
  const kwonly = params['kwonly_params'] as Node[];
  if (kwonly.length > 0) {
    const p = kwonly[kwonly.length - 1]!;
    return p['comma'] === null ? p : null;
  }
  const star = params['star_arg'] as Node | null;
  if (star !== null && star.type === 'Param') return star['comma'] === null ? star : null;
  if (star !== null) return null;
  const ps = params['params'] as Node[];
  if (ps.length > 0) {
    const p = ps[ps.length - 1]!;
    return p['comma'] === null ? p : null;
  }
  return null;
}

/** CPython's wording for an expression in target error messages. */
export function describe(node: Node): string {
  switch (node.type) {
    case 'Call':
      return 'function call';
    case 'Name':
      return 'name';
    case 'Integer':
    case 'Float':
    case 'Imaginary':
    case 'SimpleString':
    case 'ConcatenatedString':
      return 'literal';
    case 'FormattedString':
      return 'f-string expression';
    case 'BinaryOperation':
    case 'UnaryOperation':
    case 'BooleanOperation':
      return 'expression';
    case 'Comparison':
      return 'comparison';
    case 'Lambda':
      return 'lambda';
    case 'IfExp':
      return 'conditional expression';
    case 'NamedExpr':
      return 'named expression';
    case 'Await':
      return 'await expression';
    case 'Yield':
      return 'yield expression';
    case 'GeneratorExp':
      return 'generator expression';
    case 'ListComp':
      return 'list comprehension';
    case 'SetComp':
      return 'set comprehension';
    case 'DictComp':
      return 'dict comprehension';
    case 'Dict':
      return 'dict literal';
    case 'Set':
      return 'set display';
    case 'Ellipsis':
      return 'ellipsis';
    case 'Tuple':
      return 'tuple';
    case 'StarredElement':
      return 'starred';
    default:
      return 'expression';
  }
}
