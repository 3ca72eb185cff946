/**
 * Small snippets with the candidates BugLab's scouts propose for them (derived from the scouts'
 * rules in the conformance README), one table per scout. `expected` lists canonical texts in
 * BugLab's order; `easyOff` the list with the easy operators switched off when it differs.
 */
import type { ScoutName } from '../../src/rewrite/scouts/scout.js';

export interface ScoutCase {
  readonly title: string;
  readonly scout: ScoutName;
  readonly source: string;
  readonly expected: readonly string[];
  readonly easyOff?: readonly string[];
  /** VariableMisuse: the qualified names substituted, same order as `expected`. */
  readonly metadata?: readonly string[];
}

const R = (target: string, l1: number, c1: number, l2: number, c2: number): string =>
  `ReplaceText(target=${target.includes("'") ? `"${target}"` : `'${target}'`} @(${l1},${c1})->(${l2},${c2}))`;
const S = (i: number, j: number, l1: number, c1: number, l2: number, c2: number): string => `ArgSwap(idxs=${i}<->${j} @(${l1},${c1})->(${l2},${c2}))`;

const BINARY = ['+', '-', '*', '**', '/', '//', '%', '@', '<<', '>>', '|', '&', '^'];
const AUGMENTED = BINARY.map((op) => `${op}=`);
const EASY_AUGMENTED = new Set(['*=', '**=', '/=', '//=', '%=', '@=', '<<=', '>>=', '|=', '&=', '^=']);
const EASY_BINARY = new Set(['**', '//', '%', '@', '<<', '>>', '|', '&', '^']);

export const SCOUT_CASES: readonly ScoutCase[] = [
  {
    title: 'positional, non-starred arguments are swapped pairwise; keyword and starred ones are not',
    scout: 'ArgSwapRewriteScout',
    source: 'f(a, b, *c, d, k=1, **e)\ng.h(x)\ng.h(x, y)\n',
    expected: [S(0, 1, 1, 0, 1, 1), S(0, 3, 1, 0, 1, 1), S(1, 3, 1, 0, 1, 1), S(0, 1, 3, 0, 3, 3)],
  },
  {
    title: 'nested calls: outer call first (pre-order)',
    scout: 'ArgSwapRewriteScout',
    source: 'f(g(a, b), c)\n',
    expected: [S(0, 1, 1, 0, 1, 1), S(0, 1, 1, 2, 1, 3)],
  },
  {
    title: 'binary operators: every other operator, easy ones left out when switched off',
    scout: 'BinaryOperatorRewriteScout',
    source: 'x = a - b\ny = a ** b\nz = a * b\n',
    expected: [
      ...BINARY.filter((op) => op !== '-').map((op) => R(op, 1, 6, 1, 7)),
      ...BINARY.filter((op) => op !== '**').map((op) => R(op, 2, 6, 2, 8)),
      ...BINARY.filter((op) => op !== '*').map((op) => R(op, 3, 6, 3, 7)),
    ],
    easyOff: [
      ...BINARY.filter((op) => op !== '-' && !EASY_BINARY.has(op)).map((op) => R(op, 1, 6, 1, 7)),
      ...BINARY.filter((op) => op !== '*' && !EASY_BINARY.has(op)).map((op) => R(op, 3, 6, 3, 7)),
    ],
  },
  {
    title: 'augmented and plain assignments; first bindings of a plain name and multi-target assignments are skipped',
    scout: 'AssignRewriteScout',
    source: 'def f(x):\n    y = 1\n    y  = 2\n    x.a = 3\n    z: int = 4\n    y += 1\n    a = b = 5\n    x = 6\n',
    expected: [
      ...AUGMENTED.map((op) => R(op, 3, 7, 3, 8)),
      ...AUGMENTED.map((op) => R(op, 4, 8, 4, 9)),
      ...AUGMENTED.filter((op) => op !== '+=').map((op) => R(op, 6, 6, 6, 8)),
      R('=', 6, 6, 6, 8),
      ...AUGMENTED.map((op) => R(op, 8, 6, 8, 7)),
    ],
    easyOff: [
      ...AUGMENTED.filter((op) => !EASY_AUGMENTED.has(op)).map((op) => R(op, 3, 7, 3, 8)),
      ...AUGMENTED.filter((op) => !EASY_AUGMENTED.has(op)).map((op) => R(op, 4, 8, 4, 9)),
      R('-=', 6, 6, 6, 8),
      R('=', 6, 6, 6, 8),
      ...AUGMENTED.filter((op) => !EASY_AUGMENTED.has(op)).map((op) => R(op, 8, 6, 8, 7)),
    ],
  },
  {
    title: 'an easy augmented operator is not replaced at all when switched off; a first module-level binding is skipped',
    scout: 'AssignRewriteScout',
    source: 'x = 1\nx |= 2\n',
    expected: [...AUGMENTED.filter((op) => op !== '|=').map((op) => R(op, 2, 2, 2, 4)), R('=', 2, 2, 2, 4)],
    easyOff: [],
  },
  {
    title: 'and/or swap, then negation toggles of the operands; if/while tests',
    scout: 'BooleanOperatorRewriteScout',
    source: 'if x and not g(y):\n    pass\nwhile not (z):\n    pass\nif a.b or c[0]:\n    pass\nif h():\n    pass\n',
    expected: [R('or', 1, 5, 1, 8), R('not ', 1, 3, 1, 3), R('', 1, 9, 1, 13), R('', 3, 6, 3, 10), R('and', 5, 7, 5, 9), R('not ', 7, 3, 7, 3)],
  },
  {
    title: 'comparison groups; word operators take a column on each side',
    scout: 'ComparisonOperatorRewriteScout',
    source: 'p = a < b\nq = a not in b\nr = a is b <= c\n',
    expected: [
      R('<=', 1, 6, 1, 7),
      R('>', 1, 6, 1, 7),
      R('>=', 1, 6, 1, 7),
      R('==', 1, 6, 1, 7),
      R('!=', 1, 6, 1, 7),
      R(' in ', 2, 5, 2, 13),
      R(' is not ', 3, 5, 3, 9),
      R('<', 3, 11, 3, 13),
      R('>', 3, 11, 3, 13),
      R('>=', 3, 11, 3, 13),
      R('==', 3, 11, 3, 13),
      R('!=', 3, 11, 3, 13),
    ],
  },
  {
    title: 'small integers and booleans; parameter defaults, +1, 0x1 and 1_0 are not proposed',
    scout: 'LiteralRewriteScout',
    source: 'def f(x=1, y=-1, z=(2,)):\n    return [0, 3, True, +1, 0x1, 1_0, 00, -(2)]\n',
    expected: [
      R('0', 1, 13, 1, 15),
      R('1', 1, 13, 1, 15),
      R('2', 1, 13, 1, 15),
      R('-2', 1, 13, 1, 15),
      R('0', 1, 20, 1, 21),
      R('1', 1, 20, 1, 21),
      R('-1', 1, 20, 1, 21),
      R('-2', 1, 20, 1, 21),
      R('1', 2, 12, 2, 13),
      R('2', 2, 12, 2, 13),
      R('-1', 2, 12, 2, 13),
      R('-2', 2, 12, 2, 13),
      R('False', 2, 18, 2, 22),
      R('1', 2, 38, 2, 40),
      R('2', 2, 38, 2, 40),
      R('-1', 2, 38, 2, 40),
      R('-2', 2, 38, 2, 40),
      R('0', 2, 42, 2, 46),
      R('1', 2, 42, 2, 46),
      R('2', 2, 42, 2, 46),
      R('-1', 2, 42, 2, 46),
    ],
  },
  {
    title: 'locals bound on an earlier line replace each other, parameters first',
    scout: 'VariableMisuseRewriteScout',
    source: 'def f(a, b):\n    c = a\n    return b + c\n',
    expected: [R('b', 2, 8, 2, 9), R('a', 3, 11, 3, 12), R('c', 3, 11, 3, 12), R('a', 3, 15, 3, 16), R('b', 3, 15, 3, 16)],
    metadata: ['f.<locals>.b', 'f.<locals>.a', 'f.<locals>.c', 'f.<locals>.a', 'f.<locals>.b'],
  },
  {
    title: 'self is neither replaced nor offered; module-level and global names get nothing',
    scout: 'VariableMisuseRewriteScout',
    source: 'g = 1\nclass C:\n    def m(self, x):\n        global g\n        y = x\n        g = y\n        return self.v + y\n',
    expected: [R('x', 6, 12, 6, 13), R('x', 7, 24, 7, 25)],
    metadata: ['C.m.<locals>.x', 'C.m.<locals>.x'],
  },
  {
    title: 'comprehension names and the enclosing names used inside get nothing; the first iterable does',
    scout: 'VariableMisuseRewriteScout',
    source: 'def f(xs, n):\n    return [x * n for x in xs]\n',
    expected: [R('n', 2, 27, 2, 29)],
    metadata: ['f.<locals>.n'],
  },
  {
    title: 'names in parameter lists are skipped, but not after a nested lambda\'s parameters end',
    scout: 'VariableMisuseRewriteScout',
    source: 'def f(a, b):\n    def g(c=a, d=lambda e: e, h=b):\n        pass\n',
    expected: [R('a', 2, 32, 2, 33)],
    metadata: ['f.<locals>.a'],
  },
  {
    title: 'assignments in a class body, attribute and subscript targets are always proposed',
    scout: 'AssignRewriteScout',
    source: 'class K:\n    x = 1\n    x = 2\n    d[0] = 3\n',
    expected: [...AUGMENTED.map((op) => R(op, 3, 6, 3, 7)), ...AUGMENTED.map((op) => R(op, 4, 9, 4, 10))],
    easyOff: [R('+=', 3, 6, 3, 7), R('-=', 3, 6, 3, 7), R('+=', 4, 9, 4, 10), R('-=', 4, 9, 4, 10)],
  },
  {
    title: 'elif and while tests get the negation toggle too',
    scout: 'BooleanOperatorRewriteScout',
    source: 'if a:\n    pass\nelif b():\n    pass\nwhile c:\n    pass\n',
    expected: [R('not ', 1, 3, 1, 3), R('not ', 3, 5, 3, 5), R('not ', 5, 6, 5, 6)],
  },
  {
    title: 'a word operator without spaces around it: the range eats the neighbour, as in BugLab',
    scout: 'ComparisonOperatorRewriteScout',
    source: 'p = x in(1, 2)\n',
    expected: [R(' not in ', 1, 5, 1, 9)],
  },
  {
    title: 'for, with and except bindings count from their statement (an except name from its try)',
    scout: 'VariableMisuseRewriteScout',
    source:
      'def g(items):\n    total = 0\n    for item in items:\n        total = total + item\n    with open(total) as fh:\n        pass\n' +
      '    try:\n        pass\n    except OSError as err:\n        return err, fh\n',
    expected: [
      R('total', 3, 16, 3, 21),
      R('items', 4, 8, 4, 13),
      R('item', 4, 8, 4, 13),
      R('items', 4, 16, 4, 21),
      R('item', 4, 16, 4, 21),
      R('items', 4, 24, 4, 28),
      R('total', 4, 24, 4, 28),
      R('items', 5, 14, 5, 19),
      R('item', 5, 14, 5, 19),
      R('items', 10, 15, 10, 18),
      R('total', 10, 15, 10, 18),
      R('item', 10, 15, 10, 18),
      R('fh', 10, 15, 10, 18),
      R('items', 10, 20, 10, 22),
      R('total', 10, 20, 10, 22),
      R('item', 10, 20, 10, 22),
      R('err', 10, 20, 10, 22),
    ],
    metadata: [
      'total', 'items', 'item', 'items', 'item', 'items', 'total', 'items', 'item',
      'items', 'total', 'item', 'fh', 'items', 'total', 'item', 'err',
    ].map((name) => `g.<locals>.${name}`),
  },
  {
    title: 'a name in an except clause belongs to the try statement, so a binding inside the try is not earlier',
    scout: 'VariableMisuseRewriteScout',
    source: 'def h(a):\n    try:\n        b = a\n    except b:\n        pass\n    except (a):\n        pass\n',
    // Counted from the lines of the `except` clauses instead, both names would get a candidate.
    expected: [],
    metadata: [],
  },
];
