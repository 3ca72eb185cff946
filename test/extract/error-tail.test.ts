// The error text kept of a failed pip install, on real pip 23 logs: pycrypto 2.6.1 built with no
// working C compiler (CC=/nonexistent/cc) and psutil 5.9.0 built by a gcc that does not see Python's
// headers (as without python3-dev); the logs are in fixtures/.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ERROR_TAIL, ErrorTail, errorTailOf, OMITTED } from '../../src/extract/error-tail.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
/** The last `n` lines as kept: each cut to the line limit. */
const lastLines = (text: string, n: number) => text.trimEnd().split('\n').slice(-n).map((l) => l.slice(0, DEFAULT_ERROR_TAIL.lineChars));

describe('errorTailOf', () => {
  it('keeps the cause of pycrypto\'s configure failure, which the last 15 lines hide behind a traceback', () => {
    const log = fixture('pip-pycrypto-no-compiler.log');
    // What the error text was before: the cause is not in it.
    expect(lastLines(log, 15).join('\n')).not.toMatch(/C compiler cannot create executables/);
    const tail = errorTailOf(log);
    const lines = tail.split('\n');
    expect(lines.slice(0, 3).map((l) => l.trim())).toEqual([
      OMITTED,
      expect.stringMatching(/^configure: error: in `\/tmp\/pip-req-build-/),
      'configure: error: C compiler cannot create executables',
    ]);
    expect(tail).toContain('RuntimeError: autoconf error');
    // The last lines follow, whole and in order, after a marker of what was left out.
    expect(lines.slice(-15)).toEqual(lastLines(log, 15));
    expect(lines.at(-16)).toBe(OMITTED);
    // pip's boilerplate is not taken as a cause.
    expect(lines.slice(0, -15).some((l) => /subprocess-exited-with-error/.test(l))).toBe(false);
    expect(lines.length).toBeLessThanOrEqual(DEFAULT_ERROR_TAIL.errorLines + DEFAULT_ERROR_TAIL.lastLines + 2 * DEFAULT_ERROR_TAIL.errorLines);
  });

  it('keeps psutil\'s missing Python.h once, though it is among the last lines too', () => {
    const log = fixture('pip-psutil-no-python-h.log');
    const tail = errorTailOf(log);
    expect(tail.match(/fatal error: Python\.h: No such file or directory/g)).toHaveLength(1);
    expect(tail.split('\n').slice(-15)).toEqual(lastLines(log, 15));
    // Nothing before the last lines looks like an error: they come alone.
    expect(tail.split('\n')).toEqual(lastLines(log, 15));
  });

  it('is the last lines alone, without a marker, when no error line comes before them', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n') + '\n\n';
    expect(errorTailOf(text)).toBe(Array.from({ length: 15 }, (_, i) => `line ${25 + i}`).join('\n'));
    expect(errorTailOf('only\n')).toBe('only');
  });

  it('stays bounded: at most so many error lines, each line cut to its limit', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `error: number ${i} ${'x'.repeat(1000)}`).join('\n');
    const tail = errorTailOf(text, { errorLines: 3, lastLines: 2, lineChars: 50 });
    const lines = tail.split('\n');
    expect(lines).toHaveLength(3 + 1 + 2);
    expect(lines[0]).toBe(`error: number 0 ${'x'.repeat(34)}`);
    expect(lines[3]).toBe(OMITTED);
    expect(lines[5]!.startsWith('error: number 9999 ')).toBe(true);
    expect(Math.max(...lines.map((l) => l.length))).toBe(50);
  });

  it('joins chunks split mid-line, keeping each stream\'s partial line apart', () => {
    const tail = new ErrorTail({ errorLines: 5, lastLines: 5, lineChars: 300 });
    tail.push('out one\nout t', 'stdout');
    tail.push('err: bad\nError two', 'stderr');
    tail.push('wo\n', 'stdout');
    expect(tail.text()).toBe('out one\nerr: bad\nout two\nError two');
  });
});
