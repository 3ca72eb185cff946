import { describe, expect, it } from 'vitest';
import { AnalysisTimeoutError, checkCpuBudget, threadCpuSeconds, withCpuBudget } from '../../src/graph/cpu-budget.js';

/** Burns CPU for about `ms` milliseconds of wall time, calling a checkpoint as it goes. */
function busy(ms: number, checkpoint: () => void = () => undefined): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 10_000; i++) x = (x * 31 + i) % 1_000_003;
    checkpoint();
  }
  return x;
}

describe('the per-file CPU budget', () => {
  it('reads a CPU clock of this thread that advances with work', () => {
    const before = threadCpuSeconds();
    busy(60);
    expect(threadCpuSeconds()).toBeGreaterThan(before);
  });

  it('throws a named timeout at a checkpoint once the budget is spent, with the step and line', () => {
    let caught: unknown;
    try {
      withCpuBudget(0.02, () => busy(5_000, () => checkCpuBudget(() => 'the test loop', 7)));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AnalysisTimeoutError);
    const timeout = caught as AnalysisTimeoutError;
    expect(timeout.message).toBe('analysis exceeded 0.02 CPU seconds in the test loop (line 7)');
    expect(timeout.inFunction('f').message).toBe('analysis exceeded 0.02 CPU seconds in the test loop, function f (line 7)');
  });

  it('does nothing without a budget, or with an unbounded one, and restores the outer budget', () => {
    expect(() => busy(30, () => checkCpuBudget('outside'))).not.toThrow();
    expect(() => withCpuBudget(null, () => busy(30, () => checkCpuBudget('unbounded')))).not.toThrow();
    expect(() =>
      withCpuBudget(0.01, () => {
        withCpuBudget(100, () => busy(40, () => checkCpuBudget('inner')));
        busy(2_000, () => checkCpuBudget('outer again'));
      }),
    ).toThrow(/in outer again/);
  });
});
