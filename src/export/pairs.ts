/**
 * Buggy/fixed function pairs: one JSON line per sample with a bug, `initial_state` the buggy
 * function (`graph.text`) and `final_state` the function with the fix applied, the two fields the
 * bigcode evaluation harness's PyPIBugs task reads; samples without bug are skipped.
 */
import { fixedFunctionText } from './fixed-text.js';
import { jsonLinesFormat } from './json-lines.js';
import { bugKind } from './sample.js';

export const NO_BUG = 'no bug (nothing to pair)';

export const pairsFormat = jsonLinesFormat('pairs', (_raw, sample) => {
  const fixed = fixedFunctionText(sample);
  if (fixed === null) return NO_BUG;
  const target = sample.target_fix_action_idx!;
  const line = {
    initial_state: sample.graph.text,
    final_state: fixed,
    path: sample.graph.path,
    code_range: sample.graph.code_range,
    package_name: sample.package_name,
    package_version: sample.package_version,
    bug_kind: bugKind(sample),
    fix: sample.candidate_rewrites[target],
    fix_range: sample.candidate_rewrite_ranges[target],
  };
  return { line: JSON.stringify(line) };
});
