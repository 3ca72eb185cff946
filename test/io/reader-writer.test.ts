import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeMulti, encode } from '@msgpack/msgpack';
import { DataFileError, findDataFiles, readRawSamples, readSamples, SampleWriter, writeSamples } from '../../src/io/index.js';
import { concatEncoded, gunzipPrefix, sample, tempDir, writeGzip } from './fixtures.js';
import { packageSamples, seededRng } from '../../scripts/lib/synthetic-samples.js';

const dir = tempDir();

async function collect<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

const realistic = [
  ...packageSamples(seededRng(7), {
    packageName: 'pkg',
    packageVersion: '1',
    files: ['pkg/a.py', 'pkg/sub/b.py', 'pkg/ünï.py'],
    functionsPerFile: 4,
    bugsPerFunction: 3,
    nodeCount: { min: 200, max: 1500 },
  }),
];

describe('writer and reader', () => {
  it('round-trips samples, and the file is plain gzip of concatenated MessagePack values', async () => {
    const file = join(dir, 'round.msgpack.l.gz');
    const withBinary = { ...sample('a.py', 'p', 1), blob: new Uint8Array([0, 255, 7]) };
    const samples = [withBinary, ...realistic, { ...withBinary, marker: 2 }];
    expect(await writeSamples(file, samples)).toBe(samples.length);
    // Independent decoding: zlib + @msgpack/msgpack's decodeMulti.
    expect([...decodeMulti(new Uint8Array(gunzipSync(readFileSync(file))))]).toEqual(samples);
    const { items, error } = await collect(readSamples(file));
    expect(error).toBeUndefined();
    expect(items).toEqual(samples);
  });

  it('raw mode yields each sample exactly as stored, with path and package peeked', async () => {
    const file = join(dir, 'raw.msgpack.l.gz');
    const samples = [sample('x/y.py', 'px', 0), [1, 2], { graph: {} }, ...realistic.slice(0, 5)];
    writeGzip(file, concatEncoded(samples));
    const { items, error } = await collect(readRawSamples(file));
    expect(error).toBeUndefined();
    expect(items.map((s) => Buffer.from(s.bytes).equals(Buffer.from(encode(samples[s.index]))))).toEqual(samples.map(() => true));
    expect(items.map((s) => [s.isMap, s.path, s.packageName])).toEqual([
      [true, 'x/y.py', 'px'],
      [false, undefined, undefined],
      [true, undefined, undefined],
      ...realistic.slice(0, 5).map((s) => [true, (s.graph as { path: string }).path, 'pkg']),
    ]);
  });

  it('reads a sample larger than the read buffer (several MB, spanning many chunks)', async () => {
    const file = join(dir, 'big.msgpack.l.gz');
    const big = { graph: { nodes: Array.from({ length: 300_000 }, (_, i) => `node-${i}`), path: 'big.py' } };
    await writeSamples(file, [sample('a.py', 'p', 1), big, sample('b.py', 'p', 2)]);
    const { items } = await collect(readSamples(file));
    expect(items).toEqual([sample('a.py', 'p', 1), big, sample('b.py', 'p', 2)]);
  });

  it('writes byte-identical files for the same samples, with a fixed gzip header', async () => {
    const a = join(dir, 'det-a.msgpack.l.gz');
    const b = join(dir, 'det-b.msgpack.l.gz');
    await writeSamples(a, realistic);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a timestamp would differ now
    const writer = await SampleWriter.open(b);
    for (const s of realistic) await writer.writeRaw(encode(s)); // raw and encoded writes agree
    await writer.close();
    const bytesA = readFileSync(a);
    expect(bytesA.equals(readFileSync(b))).toBe(true);
    // magic, deflate, no flags (no file name), mtime 0, OS = Unix
    expect([...bytesA.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  });

  it('never shows a partial file under the target name, and abort leaves no trace', async () => {
    const target = join(dir, 'atomic', 'out.msgpack.l.gz');
    const writer = await SampleWriter.open(target);
    for (const s of realistic) await writer.write(s);
    expect(existsSync(target)).toBe(false);
    expect(await findDataFiles(join(dir, 'atomic'))).toEqual([]); // the temporary is not a data file
    await writer.abort();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(join(dir, 'atomic'))).toEqual([]);

    writeFileSync(target, 'previous content');
    const failing = writeSamples(target, (function* () {
      yield sample('a.py', 'p', 1);
      throw new Error('producer crashed');
    })());
    await expect(failing).rejects.toThrow('producer crashed');
    expect(readFileSync(target, 'utf8')).toBe('previous content');
    expect(readdirSync(join(dir, 'atomic'))).toEqual(['out.msgpack.l.gz']);

    await writeSamples(target, [sample('a.py', 'p', 1)]);
    expect((await collect(readSamples(target))).items).toEqual([sample('a.py', 'p', 1)]);
  });

  it('fails close() and leaves no target when the temporary file vanished', async () => {
    const target = join(dir, 'vanish', 'out.msgpack.l.gz');
    const writer = await SampleWriter.open(target);
    await writer.write(sample('a.py', 'p', 1));
    unlinkSync(writer.temporary);
    await expect(writer.close()).rejects.toThrow(/ENOENT/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(join(dir, 'vanish'))).toEqual([]);
  });

  it('fails to open where the directory cannot be created', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, '');
    await expect(SampleWriter.open(join(blocker, 'out.msgpack.l.gz'))).rejects.toThrow(/EEXIST|ENOTDIR/);
  });

  it('refuses writes after close', async () => {
    const writer = await SampleWriter.open(join(dir, 'closed.msgpack.l.gz'));
    await writer.close();
    await expect(writer.write({})).rejects.toThrow(/already closed/);
  });

  it('reads a file of several concatenated gzip members (as `cat a.gz b.gz` makes)', async () => {
    const file = join(dir, 'members.msgpack.l.gz');
    const parts = [realistic.slice(0, 3), realistic.slice(3, 4), realistic.slice(4, 9)];
    writeFileSync(file, Buffer.concat(parts.map((part) => gzipSync(concatEncoded(part)))));
    expect(await collect(readSamples(file))).toEqual({ items: realistic.slice(0, 9), error: undefined });
  });

  it('stops cleanly when the consumer stops early', async () => {
    const file = join(dir, 'early.msgpack.l.gz');
    await writeSamples(file, realistic);
    let seen = 0;
    for await (const _ of readSamples(file)) if (++seen === 2) break;
    expect(seen).toBe(2);
  });
});

describe('reader on bad input: clear errors, nothing already read is lost', () => {
  const samples = realistic;
  const encoded = concatEncoded(samples);

  function expectError(error: unknown, file: string, index: number | undefined, reason: RegExp): void {
    expect(error).toBeInstanceOf(DataFileError);
    const e = error as DataFileError;
    expect(e.file).toBe(file);
    expect(e.sampleIndex).toBe(index);
    expect(e.message).toMatch(reason);
    expect(e.message.startsWith(file + ': ' + (index === undefined ? '' : `sample ${index}: `))).toBe(true);
    expect(e.message).not.toContain('\n');
  }

  it('a file that is not gzip', async () => {
    const file = join(dir, 'text.msgpack.l.gz');
    writeFileSync(file, 'this is a text file\n');
    const { items, error } = await collect(readSamples(file));
    expect(items).toEqual([]);
    expectError(error, file, undefined, /not a gzip file/);
  });

  it('uncompressed MessagePack is not gzip either', async () => {
    const file = join(dir, 'plain.msgpack.l.gz');
    writeFileSync(file, encoded);
    expectError((await collect(readSamples(file))).error, file, undefined, /not a gzip file/);
  });

  it('an empty file', async () => {
    const file = join(dir, 'empty.msgpack.l.gz');
    writeFileSync(file, '');
    const { items, error } = await collect(readSamples(file));
    expect(items).toEqual([]);
    expectError(error, file, undefined, /empty file/);
  });

  it('a valid gzip stream without data is a data file without samples', async () => {
    const file = join(dir, 'no-samples.msgpack.l.gz');
    writeGzip(file, new Uint8Array(0));
    expect(await collect(readSamples(file))).toEqual({ items: [], error: undefined });
  });

  it('a missing file', async () => {
    const file = join(dir, 'missing.msgpack.l.gz');
    expectError((await collect(readSamples(file))).error, file, undefined, /cannot open/);
  });

  it.each([0.2, 0.5, 0.9])('truncated gzip (cut at %f of the file): every sample it still holds is delivered', async (fraction) => {
    const whole = join(dir, 'whole.msgpack.l.gz');
    await writeSamples(whole, samples);
    const compressed = readFileSync(whole);
    const file = join(dir, `truncated-${fraction}.msgpack.l.gz`);
    const cut = compressed.subarray(0, Math.floor(compressed.length * fraction));
    writeFileSync(file, cut);
    // What any reader could recover: the complete values in the decompressible prefix.
    const recoverable = [...decodeMultiComplete(gunzipPrefix(cut))];
    expect(recoverable.length).toBeGreaterThan(0);
    expect(recoverable.length).toBeLessThan(samples.length);
    const { items, error } = await collect(readSamples(file));
    expect(items).toEqual(samples.slice(0, recoverable.length));
    expectError(error, file, recoverable.length, /gzip stream truncated/);
  });

  it('valid gzip whose MessagePack is cut mid-value', async () => {
    const file = join(dir, 'cut.msgpack.l.gz');
    const lastLength = encode(samples.at(-1)).length;
    writeGzip(file, encoded.subarray(0, encoded.length - Math.floor(lastLength / 2)));
    const { items, error } = await collect(readSamples(file));
    expect(items).toEqual(samples.slice(0, -1));
    expectError(error, file, samples.length - 1, /cut off/);
    // Raw mode sees the same.
    const raw = await collect(readRawSamples(file));
    expect(raw.items.length).toBe(samples.length - 1);
    expectError(raw.error, file, samples.length - 1, /cut off/);
  });

  it('a byte that cannot start a MessagePack value', async () => {
    const file = join(dir, 'c1.msgpack.l.gz');
    writeGzip(file, Buffer.concat([concatEncoded(samples.slice(0, 3)), Buffer.from([0xc1]), concatEncoded(samples.slice(3))]));
    const { items, error } = await collect(readSamples(file));
    expect(items).toEqual(samples.slice(0, 3));
    expectError(error, file, 3, /malformed MessagePack: invalid MessagePack byte 0xc1/);
  });

  it('gzip whose checksum does not match (detected at the end of the stream)', async () => {
    const whole = join(dir, 'to-corrupt.msgpack.l.gz');
    await writeSamples(whole, samples);
    const bytes = readFileSync(whole);
    bytes[bytes.length - 8]! ^= 0xff; // first byte of the CRC-32 trailer
    const file = join(dir, 'corrupt.msgpack.l.gz');
    writeFileSync(file, bytes);
    const { items, error } = await collect(readSamples(file));
    // zlib withholds the output of the last block it inflated when the check fails; all the rest
    // arrives, intact and in order.
    expect(items.length).toBeGreaterThan(samples.length / 2);
    expect(items).toEqual(samples.slice(0, items.length));
    expectError(error, file, items.length, /corrupt gzip data \(incorrect data check\)/);
  });
});

/** Decodes the complete values of a byte prefix, ignoring a cut value at its end. */
function* decodeMultiComplete(bytes: Uint8Array): Generator<unknown> {
  try {
    yield* decodeMulti(bytes);
  } catch {
    // the cut value at the end
  }
}
