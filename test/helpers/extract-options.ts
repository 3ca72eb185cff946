import { expect } from 'vitest';
import type { ExtractRunOptions } from '../../src/extract/run-extract.js';

/** runExtract options for tests with fake executors: defaults, and any warning fails the test. */
export function fakeRunOptions(workers: number): ExtractRunOptions {
  return {
    workers,
    timeoutMs: 60_000,
    python: 'python3',
    pipArgs: [],
    seed: 0,
    rewrites: 4,
    maxFileBytes: 1e6,
    easyOperatorsOff: true,
    retryFailed: false,
    progress: false,
    dedup: true,
    logger: { log: (line) => expect.fail(line) },
  };
}
