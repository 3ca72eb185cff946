import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSamples, writeSamples } from '../../src/io/index.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { SAMPLE_DATA_DIR } from '../../scripts/lib/sample-data.js';
import { concatEncoded, sample, tempDir, writeGzip } from '../io/fixtures.js';

const dir = tempDir();
const demo = join(REPO_ROOT, SAMPLE_DATA_DIR);

/** BugLab's fold of each path, computed by Python (hashlib) as an oracle. */
function pythonFolds(paths: string[], train: number, valid: number): string[] {
  const script = `
import hashlib, json, sys
train, valid = float(sys.argv[1]), float(sys.argv[2])
def fold(p):
    h = int(hashlib.md5(("/" + p).encode()).hexdigest(), 16) % 65536
    t = int(65536 * train)
    return "train" if h <= t else "valid" if h <= t + int(65536 * valid) else "test"
print(json.dumps([fold(p) for p in json.loads(sys.stdin.read())]))`;
  return JSON.parse(execFileSync('python3', ['-c', script, String(train), String(valid)], { input: JSON.stringify(paths), encoding: 'utf8' })) as string[];
}

async function decoded(file: string): Promise<Record<string, unknown>[]> {
  const samples: Record<string, unknown>[] = [];
  for await (const s of readSamples(file)) samples.push(s as Record<string, unknown>);
  return samples;
}

describe('bugmine split', () => {
  it('splits the demo data as BugLab would and prints the counts per fold', async () => {
    const out = join(dir, 'demo-out');
    const result = await runCli(['split', demo, out, '--train-ratio', '0.5', '--valid-ratio', '0.3']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const inputs = readdirSync(demo).sort();
    const all = (await Promise.all(inputs.map((f) => decoded(join(demo, f))))).flat();
    const folds = pythonFolds(all.map((s) => (s.graph as { path: string }).path), 0.5, 0.3);
    const count = (fold: string) => folds.filter((f) => f === fold).length;
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`split ${inputs.length} files, ${all.length} samples, from ${demo} into ${out}:`);
    for (const fold of ['train', 'valid', 'test', 'test-only', 'unsplittable']) {
      const line = lines.find((l) => l.trim().startsWith(fold + ' '))!;
      expect(Number(line.trim().split(/\s+/)[1]), fold).toBe(count(fold));
    }
    for (const fold of ['train', 'valid', 'test']) {
      const written = existsSync(join(out, fold)) ? (await Promise.all(readdirSync(join(out, fold)).map((f) => decoded(join(out, fold, f))))).flat() : [];
      expect(written.length, fold).toBe(count(fold));
    }
  });

  it('sends listed libraries to test-only', async () => {
    const list = join(dir, 'test-only.txt');
    writeFileSync(list, '\ndemo-netutil\n');
    const out = join(dir, 'test-only-out');
    const result = await runCli(['split', demo, out, '--test-only-libraries', list]);
    expect(result.code).toBe(0);
    expect(readdirSync(join(out, 'test-only'))).toEqual(['graphs-demo-netutil.msgpack.l.gz']);
    expect(readFileSync(join(out, 'test-only', 'graphs-demo-netutil.msgpack.l.gz')).equals(readFileSync(join(demo, 'graphs-demo-netutil.msgpack.l.gz')))).toBe(true);
  });

  it('reports bad files and unsplittable samples in one line each, exits non-zero, and still splits the rest', async () => {
    const input = join(dir, 'mixed-in');
    await writeSamples(join(input, 'good.msgpack.l.gz'), [sample('a.py', 'p', 1), sample('b.py', 'p', 2)]);
    writeFileSync(join(input, 'broken.msgpack.l.gz'), 'not gzip');
    writeGzip(join(input, 'odd.msgpack.l.gz'), concatEncoded([sample('a.py', 'p', 3), [1], { graph: {} }]));
    const out = join(dir, 'mixed-out');
    const result = await runCli(['split', input, out]);
    expect(result.code).toBe(1);
    const errors = result.stderr.trim().split('\n').sort();
    expect(errors).toEqual([
      `bugmine: ${join(input, 'broken.msgpack.l.gz')}: not a gzip file (a data file is a gzip stream of MessagePack values)`,
      `bugmine: ${join(input, 'odd.msgpack.l.gz')}: 2 samples cannot be split, written to ${join(out, 'unsplittable', 'odd.msgpack.l.gz')}: sample 1 (not a map), sample 2 (no graph.path string)`,
      'bugmine: split: 1 of 3 files failed (see above); the samples read before each problem were written',
    ]);
    expect(await decoded(join(out, 'unsplittable', 'odd.msgpack.l.gz'))).toEqual([[1], { graph: {} }]);
    expect(result.stdout).toMatch(/^split 3 files, 5 samples/);
  });

  it.each([
    [['--train-ratio', '0.8', '--valid-ratio', '0.2'], /^bugmine: --train-ratio \+ --valid-ratio must be below 1 to leave a test share/],
    [['--train-ratio', 'lots'], /^bugmine: --train-ratio must be a number, got 'lots'/],
    [['--valid-ratio', '0'], /^bugmine: --valid-ratio must be a number between 0 and 1/],
  ])('rejects bad ratios %j', async (args, message) => {
    const out = join(dir, 'never');
    const result = await runCli(['split', demo, out, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n').length).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to write into its input and needs data files', async () => {
    const input = join(dir, 'self-in');
    await writeSamples(join(input, 'x.msgpack.l.gz'), [sample('a.py', 'p', 1)]);
    const inside = await runCli(['split', input, join(input, 'out')]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toBe(`bugmine: output directory ${join(input, 'out')} is inside the input directory ${input}; split never writes into its input\n`);
    expect(readdirSync(input)).toEqual(['x.msgpack.l.gz']);

    const empty = join(dir, 'empty-in');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    writeFileSync(join(empty, 'sub', 'notes.txt'), 'no data here');
    const none = await runCli(['split', empty, join(dir, 'empty-out')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`bugmine: ${empty}: no data files (*.msgpack.l.gz) in this directory or below\n`);
  });
});
