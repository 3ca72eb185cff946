/**
 * Operator tables of the scouts, in the declaration order of BugLab's source (the order the golden
 * data lists candidates in), and the "easy" operators that BugLab's package extractor switches off.
 */

/** LibCST binary operator class → token. */
export const BINARY_OPERATORS: ReadonlyArray<readonly [type: string, token: string]> = [
  ['Add', '+'],
  ['Subtract', '-'],
  ['Multiply', '*'],
  ['Power', '**'],
  ['Divide', '/'],
  ['FloorDivide', '//'],
  ['Modulo', '%'],
  ['MatrixMultiply', '@'],
  ['LeftShift', '<<'],
  ['RightShift', '>>'],
  ['BitOr', '|'],
  ['BitAnd', '&'],
  ['BitXor', '^'],
];

/** LibCST augmented-assignment operator class → token. */
export const AUGMENTED_OPERATORS: ReadonlyArray<readonly [type: string, token: string]> = BINARY_OPERATORS.map(
  ([type, token]) => [`${type}Assign`, `${token}=`] as const,
);

/** Operators the package extractor disables: neither replaced nor offered as replacements. */
export const EASY_OPERATORS: ReadonlySet<string> = new Set([
  'MultiplyAssign',
  'PowerAssign',
  'DivideAssign',
  'FloorDivideAssign',
  'ModuloAssign',
  'MatrixMultiplyAssign',
  'LeftShiftAssign',
  'RightShiftAssign',
  'BitOrAssign',
  'BitAndAssign',
  'BitXorAssign',
  'Power',
  'FloorDivide',
  'Modulo',
  'MatrixMultiply',
  'LeftShift',
  'RightShift',
  'BitOr',
  'BitAnd',
  'BitXor',
]);

/** Comparison operator class → [token, is a word operator (replaced with a space on each side)]. */
export const COMPARISON_OPERATORS: Readonly<Record<string, readonly [token: string, word: boolean]>> = {
  LessThan: ['<', false],
  LessThanEqual: ['<=', false],
  GreaterThan: ['>', false],
  GreaterThanEqual: ['>=', false],
  Equal: ['==', false],
  NotEqual: ['!=', false],
  In: ['in', true],
  NotIn: ['not in', true],
  Is: ['is', true],
  IsNot: ['is not', true],
};

export const COMPARISON_GROUPS: ReadonlyArray<readonly string[]> = [
  ['LessThan', 'LessThanEqual', 'GreaterThan', 'GreaterThanEqual', 'Equal', 'NotEqual'],
  ['In', 'NotIn'],
  ['Is', 'IsNot'],
];

/** The integer literals the literal scout swaps among, in CPython's iteration order of `{-2, -1, 0, 1, 2}`. */
export const SWAPPABLE_INTEGERS: readonly number[] = [0, 1, 2, -1, -2];
