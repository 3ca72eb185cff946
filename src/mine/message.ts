/**
 * The keyword rule of `message_says_fix`: a commit message says it fixes something when it holds
 * one of these words (case-insensitive, whole words, common inflections included). The list is
 * deliberately short and documented in the README; it is a hint for filtering, not a verdict.
 */
export const FIX_WORDS = [
  'fix', 'fixes', 'fixed', 'fixing', 'fixup', 'hotfix', 'bugfix',
  'bug', 'bugs', 'buggy',
  'error', 'errors', 'wrong', 'typo', 'typos', 'mistake', 'mistakes', 'incorrect', 'incorrectly',
  'broken', 'repair', 'repaired', 'correct', 'corrected', 'correction', 'fault', 'faulty', 'crash', 'crashes', 'oops',
] as const;

const PATTERN = new RegExp(`\\b(${FIX_WORDS.join('|')})\\b`, 'i');

export function messageSaysFix(message: string): boolean {
  return PATTERN.test(message);
}
