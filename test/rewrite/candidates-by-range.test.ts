import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { findFunctions } from '../../src/graph/functions.js';
import { parseModule } from '../../src/python/index.js';
import { CandidatesByRange, candidatesInRange, collectCandidates } from '../../src/rewrite/collect.js';
import { goldenInputPath } from '../helpers/golden.js';

describe('CandidatesByRange', () => {
  it.each(['dbm__dumb', 'json____init__', 'asyncio__base_subprocess'])('gives what candidatesInRange gives for every function and statement of %s', (name) => {
    const text = readFileSync(goldenInputPath(name), 'utf8');
    const module = parseModule(text);
    const candidates = collectCandidates(new FileAnalysis(text, module, `${name}.py`));
    const index = new CandidatesByRange(candidates);
    const functions = findFunctions(module);
    expect(functions.length).toBeGreaterThan(3);
    const ranges = [...functions.map((f) => f.range), ...(module['body'] as { range: never }[]).map((s) => s.range), module.range!];
    for (const range of ranges) expect(index.inRange(range)).toEqual(candidatesInRange(candidates, range));
    // Ranges that start or end inside a candidate.
    for (const c of candidates.slice(0, 50)) {
      const r = c.op.range;
      const shifted = { start: { line: r.start.line, column: r.start.column + 1 }, end: { line: r.end.line + 3, column: 0 } };
      expect(index.inRange(shifted)).toEqual(candidatesInRange(candidates, shifted));
    }
  });
});
