/**
 * The fixed function of a sample with a bug: its `target_fix_action_idx` candidate applied to
 * `graph.text` ("applying candidate target_fix_action_idx to graph.text gives back the original
 * function", docs/format.md). Candidate ranges are positions in the file, so the text is placed
 * where it stood in its file before the rewrite is applied.
 */
import { parseModule } from '../python/index.js';
import { applyArgSwap, applyReplaceText } from '../rewrite/apply.js';
import { argSwap, codeRange, replaceText } from '../rewrite/ops.js';
import { MalformedSampleError, type Sample } from './sample.js';

/** The function text with the sample's fix applied, or null for a sample without bug. Throws MalformedSampleError. */
export function fixedFunctionText(sample: Sample): string | null {
  const target = sample.target_fix_action_idx;
  if (target === null) return null;
  const [[line, column]] = sample.graph.code_range;
  if (line < 1 || (column > 0 && line < 2)) throw new MalformedSampleError(`graph.code_range starts at (${line}, ${column})`);
  // An indented function (a method) is placed inside an `if 1:` block so that it parses on its own.
  const prefix = column === 0 ? '\n'.repeat(line - 1) : '\n'.repeat(line - 2) + 'if 1:\n' + ' '.repeat(column);
  const source = prefix + sample.graph.text + '\n';
  const [op, data] = sample.candidate_rewrites[target]!;
  const [[startLine, startColumn], [endLine, endColumn]] = sample.candidate_rewrite_ranges[target]!;
  const range = codeRange(startLine, startColumn, endLine, endColumn);
  let fixed: string;
  try {
    if (op === 'ReplaceText' && typeof data === 'string') {
      fixed = applyReplaceText(source, replaceText(range, data)).text;
    } else if (op === 'ArgSwap' && Array.isArray(data) && data.length === 2 && data.every((i) => Number.isInteger(i))) {
      fixed = applyArgSwap(source, argSwap(range, data[0] as number, data[1] as number), parseModule(source)).text;
    } else {
      throw new MalformedSampleError(`candidate ${target} is not ReplaceText(str) or ArgSwap([i, j])`);
    }
  } catch (err) {
    if (err instanceof MalformedSampleError) throw err;
    throw new MalformedSampleError(`the fix (candidate ${target}) cannot be applied: ${(err as Error).message}`);
  }
  if (!fixed.startsWith(prefix) || !fixed.endsWith('\n')) throw new MalformedSampleError(`the fix (candidate ${target}) lies outside the function`);
  return fixed.slice(prefix.length, -1);
}
