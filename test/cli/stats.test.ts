import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { concatEncoded, sample, tempDir, writeGzip } from '../io/fixtures.js';

const dir = tempDir();
const buggy = (path: string, pkg: string, marker: number, scout: string) => ({
  ...sample(path, pkg, marker),
  candidate_rewrite_metadata: [['LiteralRewriteScout', null], [scout, null]],
  target_fix_action_idx: 1,
});
const file = join(dir, 'data', 'known.msgpack.l.gz');
// 4 samples: 1 clean, 3 buggy (2 ArgSwap, 1 Literal... as the scout of target 1), 2 packages, 3 source files.
writeGzip(file, concatEncoded([
  sample('a.py', 'p1', 0),
  buggy('a.py', 'p1', 1, 'ArgSwapRewriteScout'),
  buggy('b.py', 'p1', 2, 'ArgSwapRewriteScout'),
  { ...buggy('c.py', 'p2', 3, 'BooleanOperatorRewriteScout'), graph: { nodes: Array(9).fill('n'), edges: { Child: [[0, 1], [1, 2], [2, 3]], NextToken: [[0, 1]] }, path: 'c.py' } },
]));

describe('bugmine stats', () => {
  it('--json gives the figures of a file with known content', async () => {
    const result = await runCli(['stats', '--json', join(dir, 'data')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      dataFiles: 1,
      samples: 4,
      withBug: 3,
      withoutBug: 1,
      bugKinds: { ArgSwapRewriteScout: 2, BooleanOperatorRewriteScout: 1 },
      packages: 2,
      sourceFiles: 3,
      nodes: { mean: 4.5, max: 9 },
      edges: { mean: 2.5, max: 4 },
      malformedSamples: 0,
      failedFiles: [],
    });
  });

  it('prints the same figures for people', async () => {
    const result = await runCli(['stats', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^samples +4$/m);
    expect(result.stdout).toMatch(/^ +with bug +3$/m);
    expect(result.stdout).toMatch(/^ +without bug +1$/m);
    expect(result.stdout).toMatch(/^ +ArgSwapRewriteScout +2\n +BooleanOperatorRewriteScout +1$/m);
    expect(result.stdout).toMatch(/^packages +2$/m);
    expect(result.stdout).toMatch(/^source files +3$/m);
    expect(result.stdout).toMatch(/^nodes per sample mean 4\.5, max 9$/m);
    expect(result.stdout).toMatch(/^edges per sample mean 2\.5, max 4$/m);
  });

  it('counts the readable files, names the bad ones and exits non-zero', async () => {
    const bad = join(dir, 'bad.msgpack.l.gz');
    writeFileSync(bad, '');
    const result = await runCli(['stats', '--json', bad, file]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).samples).toBe(4);
    expect(result.stderr.trim().split('\n')).toEqual([
      `bugmine: ${bad}: empty file (0 bytes; a data file is a gzip stream)`,
      'bugmine: stats: 1 of 2 files could not be read completely; figures cover the samples before each problem',
    ]);
  });
});
