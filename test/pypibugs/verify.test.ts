import { describe, expect, it } from 'vitest';
import { applyOp } from '../../src/rewrite/apply.js';
import { parseCanonicalOp } from '../../src/rewrite/canonical.js';
import { analyseText } from '../../src/samples/analyse.js';
import { verifyFix } from '../../src/pypibugs/verify.js';
import { injectBug, stdlibText } from './fixtures.js';

/** A unified diff's hunks between two texts of the same line count that differ on one line. */
function oneLineHunk(before: string, after: string, line: number, shift = 0): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const from = Math.max(1, line - 3);
  const to = Math.min(a.length, line + 3);
  const body: string[] = [];
  for (let n = from; n <= to; n++) {
    if (n === line) body.push(`-${a[n - 1]}`, `+${b[n - 1]}`);
    else body.push(` ${a[n - 1]}`);
  }
  const count = to - from + 1;
  return `@@ -${from},${count} +${from + shift},${count} @@\n${body.join('\n')}\n`;
}

describe('verifyFix', () => {
  const original = stdlibText('colorsys.py');
  const bug = injectBug(original, 'colorsys.py', 0, 'BinaryOperatorRewriteScout');
  const op = parseCanonicalOp(bug.rewrite);
  const repaired = applyOp(bug.buggy, op, analyseText(bug.buggy, 'colorsys.py').module).text;
  const diff = oneLineHunk(bug.buggy, original, bug.line);

  it('accepts the fix that gives the fixed file at the hunk', () => {
    expect(repaired).toBe(original);
    expect(verifyFix(bug.buggy, repaired, original, op, diff)).toEqual({ verified: true });
  });

  it('follows the hunk to its place in the fixed file, which other changes may have moved', () => {
    const fixedLater = '# one more line\n# and another\n' + original;
    expect(verifyFix(bug.buggy, repaired, fixedLater, op, oneLineHunk(bug.buggy, original, bug.line, 2))).toEqual({ verified: true });
    // Without the shift the same comparison fails.
    expect(verifyFix(bug.buggy, repaired, fixedLater, op, diff).verified).toBe(false);
  });

  it('rejects a fix that does not give the fixed text, naming the differing lines', () => {
    const lines = original.split('\n');
    lines[bug.line - 1] = '    pass';
    const wrong = lines.join('\n');
    const result = verifyFix(bug.buggy, repaired, wrong, op, diff);
    expect(result.verified).toBe(false);
    if (!result.verified) expect(result.details).toContain(`line ${bug.line}`);
  });

  it('accepts a fix whose commit also changed layout or comments in the hunk (token-wise comparison)', () => {
    const lines = original.split('\n');
    const line = lines[bug.line - 1]!;
    lines[bug.line - 1] = line.replace(/,/g, ' ,').replace(/([+*/-]) /, '$1   ') + '  # fixed';
    const spaced = lines.join('\n');
    expect(spaced).not.toBe(original);
    expect(verifyFix(bug.buggy, repaired, spaced, op, oneLineHunk(bug.buggy, spaced, bug.line))).toEqual({ verified: true });
  });

  it('still rejects a fix whose commit changed a token beside the rewrite', () => {
    const lines = original.split('\n');
    lines[bug.line - 1] = lines[bug.line - 1]!.replace(/\b(\w+)\s*$/, '$1_changed');
    const changed = lines.join('\n');
    expect(changed).not.toBe(original);
    expect(verifyFix(bug.buggy, repaired, changed, op, oneLineHunk(bug.buggy, changed, bug.line)).verified).toBe(false);
  });

  it('rejects a diff without a hunk at the fix', () => {
    const far = oneLineHunk(bug.buggy, original, bug.line).replace(/^@@ -\d+,(\d+) \+\d+,/, (_m, n: string) => `@@ -${bug.line + 50},${n} +${bug.line + 50},`);
    expect(verifyFix(bug.buggy, repaired, original, op, far)).toEqual({ verified: false, details: `the diff has no hunk at line ${bug.line}` });
    expect(verifyFix(bug.buggy, repaired, original, op, 'not a diff').verified).toBe(false);
  });
});
