/**
 * The tokens near-duplicate detection compares: a file's distinct identifiers and string literals
 * (keywords, operators, numbers and layout left out), as Python's `tokenize` splits them.
 */
import { tokenize, TokenizeError } from '../python/tokenize.js';

/** Python 3's hard keywords (`keyword.kwlist`): NAME tokens that are not identifiers. */
const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/**
 * Distinct identifier and string tokens of `text`, or null when `tokenize` rejects the text (such
 * a file is never compared). Identifiers and strings cannot collide: a string token keeps its quotes.
 */
export function identifierAndStringTokens(text: string): Set<string> | null {
  let tokens;
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof TokenizeError) return null;
    throw error;
  }
  const set = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'STRING' || (token.kind === 'NAME' && !KEYWORDS.has(token.text))) set.add(token.text);
  }
  return set;
}
