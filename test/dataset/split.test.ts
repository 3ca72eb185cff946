import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeMulti, encode } from '@msgpack/msgpack';
import { splitDataset, type SplitReport } from '../../src/dataset/index.js';
import { writeSamples } from '../../src/io/index.js';
import { SHARED } from '../helpers/cli.js';
import { concatEncoded, gunzipPrefix, sample, tempDir, writeGzip } from '../io/fixtures.js';

interface SplitVector {
  path: string;
  'fold_0.6_0.2': string;
  'fold_0.7_0.1': string;
}
const vectors = (JSON.parse(readFileSync(join(SHARED, 'conformance', 'split-vectors.json'), 'utf8')) as { vectors: SplitVector[] }).vectors;

const root = tempDir();
let runs = 0;
const freshOut = () => join(root, `out-${++runs}`);

/** Every file under `dir` (relative path → bytes). */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** Decodes a data file independently of bugmine's reader. */
function samplesOf(file: string): unknown[] {
  return [...decodeMulti(new Uint8Array(gunzipSync(readFileSync(file))))];
}

// Input: samples on the split vectors' paths (their BugLab folds are known), in two packages and
// two files, one nested.
const samplesA = vectors.slice(0, 150).map((v, i) => sample(v.path, 'pkg-a', i));
const samplesB = vectors.slice(150).map((v, i) => sample(v.path, 'pkg-b', 1000 + i));
const input = join(root, 'in');
await writeSamples(join(input, 'graphs-a.msgpack.l.gz'), samplesA);
await writeSamples(join(input, 'nested', 'deeper', 'graphs-b.msgpack.l.gz'), samplesB);
writeFileSync(join(input, 'README.txt'), 'not a data file');

function expectedFold(s: Record<string, unknown>, column: 'fold_0.6_0.2' | 'fold_0.7_0.1'): string {
  const path = (s.graph as { path: string }).path;
  return vectors.find((v) => v.path === path)![column];
}

describe('splitDataset', () => {
  it.each([
    [0.6, 0.2, 'fold_0.6_0.2'],
    [0.7, 0.1, 'fold_0.7_0.1'],
  ] as const)('routes every sample to BugLab\'s fold at %f/%f, keeping relative paths, order and bytes', async (trainRatio, validRatio, column) => {
    const out = freshOut();
    const report = await splitDataset(input, out, { trainRatio, validRatio });
    expect(report.failedFiles).toBe(0);
    for (const [rel, samples] of [['graphs-a.msgpack.l.gz', samplesA], [join('nested', 'deeper', 'graphs-b.msgpack.l.gz'), samplesB]] as const) {
      for (const fold of ['train', 'valid', 'test']) {
        const expected = samples.filter((s) => expectedFold(s, column) === fold);
        const file = join(out, fold, rel);
        if (expected.length === 0) expect(() => statSync(file)).toThrow();
        else expect(samplesOf(file)).toEqual(expected);
      }
    }
    const outputs = [...tree(out).keys()].sort();
    expect(outputs.every((p) => /^(train|valid|test)\//.test(p))).toBe(true);
    expect(report.samples.train + report.samples.valid + report.samples.test).toBe(samplesA.length + samplesB.length);
    expect(report.samples.train).toBe([...samplesA, ...samplesB].filter((s) => expectedFold(s, column) === 'train').length);
    expect(report.samples['test-only'] + report.samples.unsplittable).toBe(0);
    expect(report.outputFiles.train + report.outputFiles.valid + report.outputFiles.test).toBe(outputs.length);
  });

  it('copies samples byte for byte (no re-encoding)', async () => {
    // A float that a decode/encode round trip would turn into an integer, and a bin value.
    const odd = Buffer.concat([
      Buffer.from([0x83]), // map of 3 entries
      Buffer.from(encode('graph')), Buffer.from(encode({ path: vectors[0]!.path })),
      Buffer.from(encode('package_name')), Buffer.from(encode('p')),
      Buffer.from(encode('x')), Buffer.from([0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]), // 1.0 as float64
    ]);
    const dir = join(root, 'odd-in');
    writeGzip(join(dir, 'odd.msgpack.l.gz'), odd);
    const out = freshOut();
    await splitDataset(dir, out);
    const fold = vectors[0]!['fold_0.6_0.2'];
    expect(gunzipSync(readFileSync(join(out, fold, 'odd.msgpack.l.gz'))).equals(odd)).toBe(true);
  });

  it('gives byte-identical output on every run and never touches the input', async () => {
    const before = tree(input);
    const first = freshOut();
    const second = freshOut();
    await splitDataset(input, first, { concurrency: 1 });
    await splitDataset(input, second, { concurrency: 4 });
    const a = tree(first);
    const b = tree(second);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
    const after = tree(input);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [path, bytes] of before) expect(bytes.equals(after.get(path)!), path).toBe(true);
  });

  it('sends the samples of test-only libraries to test-only', async () => {
    const out = freshOut();
    const report = await splitDataset(input, out, { testOnlyLibraries: new Set(['pkg-b']) });
    expect(samplesOf(join(out, 'test-only', 'nested', 'deeper', 'graphs-b.msgpack.l.gz'))).toEqual(samplesB);
    expect(report.samples['test-only']).toBe(samplesB.length);
    expect(readdirSync(join(out, 'train'))).toEqual(['graphs-a.msgpack.l.gz']);
  });

  it('keeps samples it cannot route in unsplittable/, saying which and why', async () => {
    const dir = join(root, 'unsplittable-in');
    const good = samplesA.slice(0, 4);
    const bad = [[1, 2], { graph: { nodes: [] } }, 'text', { graph: { path: 7 } }, { no_graph: true }, null, 5];
    writeGzip(join(dir, 'mixed.msgpack.l.gz'), concatEncoded([good[0], ...bad, ...good.slice(1)]));
    const out = freshOut();
    const report = await splitDataset(dir, out);
    expect(report.failedFiles).toBe(0);
    expect(samplesOf(join(out, 'unsplittable', 'mixed.msgpack.l.gz'))).toEqual(bad);
    const routed = ['train', 'valid', 'test'].flatMap((fold) => {
      try {
        return samplesOf(join(out, fold, 'mixed.msgpack.l.gz'));
      } catch {
        return [];
      }
    });
    expect(routed.length).toBe(good.length);
    const result = report.files[0]!;
    expect(result.unsplittable.count).toBe(bad.length);
    expect(result.unsplittable.examples).toEqual([
      { index: 1, reason: 'not a map' },
      { index: 2, reason: 'no graph.path string' },
      { index: 3, reason: 'not a map' },
      { index: 4, reason: 'no graph.path string' },
      { index: 5, reason: 'no graph.path string' },
    ]);
  });

  it('reports bad files, keeps what was read from them, and splits the others', async () => {
    const dir = join(root, 'bad-in');
    const all = [...samplesA, ...samplesB];
    await writeSamples(join(dir, 'a-good.msgpack.l.gz'), samplesA);
    await writeSamples(join(dir, 'z-good.msgpack.l.gz'), samplesB);
    writeFileSync(join(dir, 'b-not-gzip.msgpack.l.gz'), 'hello');
    writeFileSync(join(dir, 'c-empty.msgpack.l.gz'), '');
    const encoded = concatEncoded(all);
    writeGzip(join(dir, 'd-cut.msgpack.l.gz'), encoded.subarray(0, encoded.length - 5));
    await writeSamples(join(dir, 'whole.tmp'), all); // not a data file name: ignored
    const whole = readFileSync(join(dir, 'whole.tmp'));
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
    writeFileSync(join(dir, 'e-truncated.msgpack.l.gz'), truncated);
    const recoverable = (() => {
      let n = 0;
      try {
        for (const _ of decodeMulti(gunzipPrefix(truncated))) n++;
      } catch {
        // cut value at the end
      }
      return n;
    })();

    const out = freshOut();
    const report: SplitReport = await splitDataset(dir, out);
    const byFile = new Map(report.files.map((r) => [r.file, r]));
    expect(report.files.map((r) => r.file)).toEqual(['a-good.msgpack.l.gz', 'b-not-gzip.msgpack.l.gz', 'c-empty.msgpack.l.gz', 'd-cut.msgpack.l.gz', 'e-truncated.msgpack.l.gz', 'z-good.msgpack.l.gz']);
    expect(report.failedFiles).toBe(4);
    expect(byFile.get('b-not-gzip.msgpack.l.gz')!.error!.message).toMatch(/b-not-gzip\.msgpack\.l\.gz: not a gzip file/);
    expect(byFile.get('c-empty.msgpack.l.gz')!.error!.message).toMatch(/c-empty\.msgpack\.l\.gz: empty file/);
    expect(byFile.get('d-cut.msgpack.l.gz')!.error!.message).toMatch(new RegExp(`d-cut\\.msgpack\\.l\\.gz: sample ${all.length - 1}: MessagePack value cut off`));
    expect(byFile.get('e-truncated.msgpack.l.gz')!.error!.message).toMatch(new RegExp(`e-truncated\\.msgpack\\.l\\.gz: sample ${recoverable}: gzip stream truncated`));

    const written = (file: string) =>
      ['train', 'valid', 'test'].flatMap((fold) => {
        try {
          return samplesOf(join(out, fold, file));
        } catch {
          return [];
        }
      });
    const sortByMarker = (xs: unknown[]) => [...xs].sort((x, y) => (x as { marker: number }).marker - (y as { marker: number }).marker);
    expect(sortByMarker(written('a-good.msgpack.l.gz'))).toEqual(samplesA);
    expect(sortByMarker(written('z-good.msgpack.l.gz'))).toEqual(samplesB);
    expect(sortByMarker(written('d-cut.msgpack.l.gz'))).toEqual(all.slice(0, -1));
    expect(sortByMarker(written('e-truncated.msgpack.l.gz'))).toEqual(all.slice(0, recoverable));
    expect([...tree(out).keys()].some((p) => p.includes('b-not-gzip') || p.includes('c-empty') || p.includes('whole'))).toBe(false);
  });

  it('when output cannot be written, reports the file and keeps none of its output', async () => {
    const out = freshOut();
    // Sabotage after the checks: a file where the train folder has to go.
    const report = await splitDataset(input, out, { onStart: () => {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'train'), 'in the way');
    } });
    expect(report.failedFiles).toBe(2);
    for (const result of report.files) {
      expect(result.error!.message).toMatch(new RegExp(`^${join(input, result.file).replace(/[.]/g, '\\.')}: cannot write its split output \\(nothing of it kept\\): `));
      expect(Object.values(result.counts).every((n) => n === 0)).toBe(true);
    }
    expect([...tree(out).keys()]).toEqual(['train']); // no partial files in valid/ or test/, no temporaries
  });

  it('refuses an output directory that is the input, inside it, or not empty', async () => {
    await expect(splitDataset(input, input)).rejects.toThrow(/is the input directory/);
    await expect(splitDataset(input, join(input, 'nested'))).rejects.toThrow(/inside the input directory/);
    await expect(splitDataset(input, join(input, 'new', 'place'))).rejects.toThrow(/inside the input directory/);
    await expect(splitDataset(join(input, 'nested'), input)).rejects.toThrow(/is not empty/);
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    await expect(splitDataset(input, file)).rejects.toThrow(/not a directory/);
  });

  it('refuses an input without data files, a missing input, and bad ratios', async () => {
    const empty = join(root, 'empty-in');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    writeFileSync(join(empty, 'sub', 'x.txt'), '');
    await expect(splitDataset(empty, freshOut())).rejects.toThrow(/no data files \(\*\.msgpack\.l\.gz\)/);
    await expect(splitDataset(join(root, 'missing'), freshOut())).rejects.toThrow(/no such directory/);
    await expect(splitDataset(input, freshOut(), { trainRatio: 0.9, validRatio: 0.1 })).rejects.toThrow(/below 1/);
    await expect(splitDataset(input, freshOut(), { trainRatio: 1.5 })).rejects.toThrow(/--train-ratio/);
  });
});
