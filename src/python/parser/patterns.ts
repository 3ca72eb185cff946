/**
 * `match` statements and patterns (PEP 634). `match` and `case` are soft keywords: a line is a
 * match statement only when it has the shape `match <subject>:` NEWLINE INDENT `case`.
 */
import { ExpressionParser } from './expressions.js';
import { DEDENT, ENDMARKER, FSTRING_START, INDENT, NAME, NEWLINE, NUMBER, OP, STRING } from './lexer.js';
import { type Node, NO_PARENS } from './state.js';

export abstract class PatternParser extends ExpressionParser {
  /** Is the current `match` token the soft keyword (rather than a name)? */
  looksLikeMatch(): boolean {
    const next = this.i + 1;
    if (!this.startsExpression(next) && !this.isKw('lambda', next) && !this.isKw('not', next) && !this.isKw('await', next)) return false;
    // `match -x:` is a statement but `match - x` an expression: the line's shape decides.
    let j = next;
    for (; j < this.count; j++) {
      const k = this.kind[j];
      if (k === NEWLINE || k === ENDMARKER) break;
    }
    return this.kind[j] === NEWLINE && this.isOp(':', j - 1) && this.kind[j + 1] === INDENT && this.isKw('case', j + 2);
  }

  matchStmt(): Node {
    const t = this.i++;
    const subject = this.matchSubject();
    const colon = this.expectOp(':');
    const nl = this.i++;
    const header = this.trailing(this.before[nl]!);
    const indentTok = this.i++;
    const rel = this.value[indentTok]!;
    const cases: Node[] = [];
    this.enter();
    while (this.kind[this.i] !== DEDENT) {
      if (!this.isKw('case')) this.fail();
      cases.push(this.matchCase());
    }
    this.leave();
    const dedent = this.i++;
    const footer = this.emptyLines(this.after[dedent]!, this.stateIndent[this.before[indentTok]!] ?? '');
    return {
      type: 'Match',
      subject,
      cases,
      leading_lines: this.emptyLines(this.before[t]!),
      whitespace_after_match: this.ws(this.after[t]!),
      whitespace_before_colon: this.ws(this.before[colon]!),
      whitespace_after_colon: header,
      indent: rel === this.config.defaultIndent ? null : rel,
      footer,
      range: undefined,
    };
  }

  private matchSubject(): Node {
    return this.testList(this.namedExpr, true);
  }

  private matchCase(): Node {
    const t = this.i++;
    const pattern = this.patterns();
    let guard: Node | null = null;
    let ifTok = -1;
    if (this.isKw('if')) {
      ifTok = this.i++;
      guard = this.namedExpr();
    }
    const colon = this.expectOp(':');
    const body = this.suite();
    return {
      type: 'MatchCase',
      pattern,
      body,
      guard,
      leading_lines: this.emptyLines(this.before[t]!),
      whitespace_after_case: this.ws(this.after[t]!),
      whitespace_before_if: ifTok >= 0 ? this.ws(this.before[ifTok]!) : this.noWs(),
      whitespace_after_if: ifTok >= 0 ? this.ws(this.after[ifTok]!) : this.noWs(),
      whitespace_before_colon: this.ws(this.before[colon]!),
      range: undefined,
    };
  }

  /** A block after `:` (statements.ts). */
  abstract suite(): Node;

  /** `patterns`: an open sequence (a MatchTuple without parentheses) or one pattern. */
  private patterns(): Node {
    const first = this.maybeStarPattern();
    if (!this.isOp(',')) {
      if (first.type === 'MatchStar') this.fail();
      return first;
    }
    const items: Node[] = [first];
    const commas: number[] = [];
    while (this.isOp(',')) {
      commas.push(this.i++);
      if (this.isOp(':') || this.isKw('if')) break;
      items.push(this.maybeStarPattern());
    }
    // LibCST represents an open sequence pattern as a MatchList without brackets.
    return { type: 'MatchList', patterns: this.sequenceElements(items, commas), lbracket: null, rbracket: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  }

  private sequenceElements(items: Node[], commas: number[]): Node[] {
    const out: Node[] = [];
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      const c = commas[k];
      const comma = c === undefined ? null : this.comma(c, k === items.length - 1);
      if (item.type === 'MatchStar') {
        item['comma'] = comma;
        out.push(item);
      } else out.push({ type: 'MatchSequenceElement', value: item, comma, range: undefined });
    }
    return out;
  }

  private maybeStarPattern(): Node {
    if (this.isOp('*')) {
      const star = this.i++;
      if (!this.isName()) this.fail();
      const v = this.value[this.i]!;
      const name = this.name();
      return { type: 'MatchStar', name: v === '_' ? null : name, comma: null, whitespace_before_name: this.pws(this.after[star]!), range: undefined };
    }
    return this.pattern();
  }

  /** `or_pattern ['as' NAME]`. */
  private pattern(): Node {
    this.enter();
    const or = this.orPattern();
    if (this.isKw('as')) {
      const as = this.i++;
      if (!this.isName() || this.value[this.i] === '_') this.fail(this.value[this.i] === '_' ? "cannot use '_' as a target" : 'invalid pattern target');
      const name = this.name();
      this.leave();
      return {
        type: 'MatchAs',
        pattern: or,
        name,
        whitespace_before_as: this.pws(this.before[as]!),
        whitespace_after_as: this.pws(this.after[as]!),
        lpar: NO_PARENS,
        rpar: NO_PARENS,
        range: undefined,
      };
    }
    this.leave();
    return or;
  }

  private orPattern(): Node {
    const first = this.closedPattern();
    if (!this.isOp('|')) return first;
    const items: Node[] = [first];
    const bars: number[] = [];
    while (this.isOp('|')) {
      bars.push(this.i++);
      items.push(this.closedPattern());
    }
    const patterns: Node[] = items.map((pattern, k) => ({
      type: 'MatchOrElement',
      pattern,
      separator: k < bars.length ? this.op2('BitOr', bars[k]!) : null,
      range: undefined,
    }));
    return { type: 'MatchOr', patterns, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  }

  private closedPattern(): Node {
    const t = this.i;
    const k = this.kind[t];
    if (k === OP) {
      const v = this.value[t];
      if (v === '(') return this.groupOrTuplePattern();
      if (v === '[') return this.listPattern();
      if (v === '{') return this.mappingPattern();
      if (v === '-') return { type: 'MatchValue', value: this.signedNumber(), range: undefined };
      this.fail();
    }
    if (k === NUMBER) return { type: 'MatchValue', value: this.signedNumber(), range: undefined };
    if (k === STRING || k === FSTRING_START) {
      if (k === FSTRING_START) this.fail('patterns may only match literals and attribute lookups');
      return { type: 'MatchValue', value: this.atom(), range: undefined };
    }
    if (k === NAME) {
      const v = this.value[t]!;
      if (v === 'None' || v === 'True' || v === 'False') {
        this.i++;
        return { type: 'MatchSingleton', value: { type: 'Name', value: v, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined }, range: undefined };
      }
      let node: Node = this.name();
      let dotted = false;
      while (this.isOp('.')) {
        const dot = this.i++;
        const attr = this.name();
        dotted = true;
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
      if (this.isOp('(')) return this.classPattern(node);
      if (dotted) return { type: 'MatchValue', value: node, range: undefined };
      if (v === '_') return { type: 'MatchAs', pattern: null, name: null, whitespace_before_as: null, whitespace_after_as: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      return { type: 'MatchAs', pattern: null, name: node, whitespace_before_as: null, whitespace_after_as: null, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    }
    this.fail();
  }

  /** A number, `-number`, or a complex literal `a ± bj`, as the expression nodes LibCST builds. */
  private signedNumber(): Node {
    let left: Node;
    if (this.isOp('-')) {
      const t = this.i++;
      if (this.kind[this.i] !== NUMBER) this.fail();
      const expression = this.atom();
      left = { type: 'UnaryOperation', operator: { type: 'Minus', whitespace_after: this.pws(this.after[t]!), range: undefined }, expression, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    } else {
      if (this.kind[this.i] !== NUMBER) this.fail();
      left = this.atom();
    }
    if (this.isOp('+') || this.isOp('-')) {
      const t = this.i++;
      if (this.kind[this.i] !== NUMBER) this.fail();
      const right = this.atom();
      if (right.type !== 'Imaginary') this.fail('imaginary number required in complex literal');
      return { type: 'BinaryOperation', left, operator: this.op2(this.value[t] === '+' ? 'Add' : 'Subtract', t), right, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    }
    return left;
  }

  private groupOrTuplePattern(): Node {
    const open = this.i++;
    this.enter();
    let node: Node;
    if (this.isOp(')')) {
      node = { type: 'MatchTuple', patterns: [], lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
    } else {
      const first = this.maybeStarPattern();
      if (this.isOp(',')) {
        const items: Node[] = [first];
        const commas: number[] = [];
        while (this.isOp(',')) {
          commas.push(this.i++);
          if (this.isOp(')')) break;
          items.push(this.maybeStarPattern());
        }
        node = { type: 'MatchTuple', patterns: this.sequenceElements(items, commas), lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      } else {
        if (first.type === 'MatchStar') this.fail();
        node = first;
      }
    }
    const close = this.expectOp(')');
    this.leave();
    const lp = this.lpar(open);
    const rp = this.rpar(close);
    // MatchValue and MatchSingleton keep their parentheses on the wrapped expression.
    const holder = node.type === 'MatchValue' || node.type === 'MatchSingleton' ? (node['value'] as Node) : node;
    holder['lpar'] = [lp, ...(holder['lpar'] as Node[])];
    holder['rpar'] = [...(holder['rpar'] as Node[]), rp];
    return node;
  }

  private listPattern(): Node {
    const open = this.i++;
    this.enter();
    const items: Node[] = [];
    const commas: number[] = [];
    while (!this.isOp(']')) {
      items.push(this.maybeStarPattern());
      if (this.isOp(',')) commas.push(this.i++);
      else break;
    }
    const close = this.expectOp(']');
    this.leave();
    const patterns = this.sequenceElements(items, commas);
    return {
      type: 'MatchList',
      patterns,
      lbracket: { type: 'LeftSquareBracket', whitespace_after: this.pws(this.after[open]!), range: undefined },
      rbracket: { type: 'RightSquareBracket', whitespace_before: this.pws(this.before[close]!), range: undefined },
      lpar: NO_PARENS,
      rpar: NO_PARENS,
      range: undefined,
    };
  }

  private mappingPattern(): Node {
    const open = this.i++;
    this.enter();
    const elements: Node[] = [];
    const commas: number[] = [];
    let rest: Node | null = null;
    let restStar = -1;
    let trailingComma = -1;
    while (!this.isOp('}')) {
      if (this.isOp('**')) {
        restStar = this.i++;
        rest = this.name();
        if (this.isOp(',')) trailingComma = this.i++;
        break;
      }
      const key = this.mappingKey();
      const colon = this.expectOp(':');
      const pattern = this.pattern();
      elements.push({
        type: 'MatchMappingElement',
        key,
        pattern,
        comma: null,
        whitespace_before_colon: this.pws(this.before[colon]!),
        whitespace_after_colon: this.pws(this.after[colon]!),
        range: undefined,
      });
      if (this.isOp(',')) commas.push(this.i++);
      else break;
    }
    const close = this.expectOp('}');
    this.leave();
    for (let k = 0; k < elements.length; k++) {
      const c = commas[k];
      if (c !== undefined) elements[k]!['comma'] = this.comma(c, k === elements.length - 1 && rest === null);
    }
    return {
      type: 'MatchMapping',
      elements,
      lbrace: { type: 'LeftCurlyBrace', whitespace_after: this.pws(this.after[open]!), range: undefined },
      rbrace: { type: 'RightCurlyBrace', whitespace_before: this.pws(this.before[close]!), range: undefined },
      rest,
      whitespace_before_rest: restStar >= 0 ? this.pws(this.after[restStar]!) : this.noWs(),
      trailing_comma: trailingComma >= 0 ? this.comma(trailingComma, true) : null,
      lpar: NO_PARENS,
      rpar: NO_PARENS,
      range: undefined,
    };
  }

  private mappingKey(): Node {
    const k = this.kind[this.i];
    if (k === NUMBER || this.isOp('-')) return this.signedNumber();
    if (k === STRING) return this.atom();
    if (k === NAME) {
      const v = this.value[this.i]!;
      if (v === 'None' || v === 'True' || v === 'False') {
        this.i++;
        return { type: 'Name', value: v, lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
      }
      let node: Node = this.name();
      if (!this.isOp('.')) this.fail();
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
    this.fail();
  }

  private classPattern(cls: Node): Node {
    const open = this.i++;
    this.enter();
    const patterns: Node[] = [];
    const kwds: Node[] = [];
    const commas: number[] = [];
    while (!this.isOp(')')) {
      if (this.kind[this.i] === NAME && this.isOp('=', this.i + 1)) {
        const key = this.name();
        const eq = this.i++;
        const pattern = this.pattern();
        kwds.push({
          type: 'MatchKeywordElement',
          key,
          pattern,
          comma: null,
          whitespace_before_equal: this.pws(this.before[eq]!),
          whitespace_after_equal: this.pws(this.after[eq]!),
          range: undefined,
        });
      } else {
        if (kwds.length > 0) this.fail('positional patterns follow keyword patterns');
        patterns.push({ type: 'MatchSequenceElement', value: this.pattern(), comma: null, range: undefined });
      }
      if (this.isOp(',')) commas.push(this.i++);
      else break;
    }
    const close = this.expectOp(')');
    this.leave();
    const all = [...patterns, ...kwds];
    for (let k = 0; k < all.length; k++) {
      const c = commas[k];
      if (c !== undefined) all[k]!['comma'] = this.comma(c);
    }
    return {
      type: 'MatchClass',
      cls,
      patterns,
      kwds,
      whitespace_after_cls: this.pws(this.before[open]!),
      whitespace_before_patterns: this.pws(this.after[open]!),
      whitespace_after_kwds: this.pws(this.before[close]!),
      lpar: NO_PARENS,
      rpar: NO_PARENS,
      range: undefined,
    };
  }
}
