import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Encoder } from '@msgpack/msgpack';
import { MessagePackWriter } from '../../src/io/msgpack-writer.js';
import { normalizeNewlines } from '../../src/python/decode.js';
import { fileSamples } from '../../src/samples/file-samples.js';
import { goldenInputPath, goldenNames } from '../helpers/golden.js';

/** `values` appended one after the other, by the writer and by @msgpack/msgpack's Encoder. */
function both(values: readonly unknown[]): { written: Buffer; expected: Buffer } {
  const writer = new MessagePackWriter(16);
  for (const value of values) writer.write(value);
  const encoder = new Encoder();
  return { written: Buffer.from(writer.bytes()), expected: Buffer.concat(values.map((v) => encoder.encode(v))) };
}

function expectSameBytes(values: readonly unknown[]): void {
  const { written, expected } = both(values);
  expect(written.toString('hex')).toBe(expected.toString('hex'));
}

const ascii = (n: number): string => 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(n / 36)).slice(0, n);

describe('MessagePackWriter', () => {
  it('writes nil, booleans and every integer format at its bounds as @msgpack/msgpack', () => {
    const integers = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff, 0x100000000, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER];
    const negative = [-1, -0x20, -0x21, -0x80, -0x81, -0x8000, -0x8001, -0x80000000, -0x80000001, -(2 ** 40) - 7, Number.MIN_SAFE_INTEGER];
    expectSameBytes([null, undefined, true, false, -0, ...integers, ...negative]);
  });

  it('writes other numbers as float64', () => {
    expectSameBytes([0.5, -0.5, 1e300, -1.5e-300, Number.MAX_SAFE_INTEGER + 1, -(2 ** 60), 2 ** 64, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Math.PI]);
  });

  it('writes ASCII strings with the same header at every size bound', () => {
    expectSameBytes([0, 1, 31, 32, 50, 51, 255, 256, 0xffff, 0x10000, 100_000].map(ascii));
  });

  it('writes non-ASCII strings, short and long, as @msgpack/msgpack', () => {
    const samples = ['é', 'naïve', '中文字符', '😀', 'a😀b', 'x'.repeat(30) + 'é', 'x'.repeat(31) + 'é', 'é'.repeat(16), 'é'.repeat(25), '中'.repeat(17), '中'.repeat(85), '😀'.repeat(25), '😀'.repeat(26), 'é'.repeat(40_000)];
    expectSameBytes(samples);
    expectSameBytes(samples.map((s) => ascii(60) + s));
  });

  it('writes lone surrogates as @msgpack/msgpack does, in short strings and in long ones', () => {
    const lone = ['\ud800', '\udc00', 'a\ud83d', '\ud83db', '\ude00\ud83d'];
    expectSameBytes(lone);
    expectSameBytes(lone.map((s) => ascii(60) + s + ascii(3)));
  });

  it('writes arrays and maps with the same header at every size bound, map keys in insertion order', () => {
    const array = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    const map = (n: number): Record<string, number> => Object.fromEntries(array(n).map((i) => [`k${n - i}`, i]));
    expectSameBytes([0, 15, 16, 0xffff, 0x10000].map(array));
    expectSameBytes([0, 15, 16, 0xffff, 0x10000].map(map));
    expectSameBytes([{ b: 1, a: [null, { c: 'd', e: undefined }], '': [[], {}], é: 'f' }]);
  });

  it('refuses what is not plain data', () => {
    for (const value of [new Date(0), new Uint8Array(2), new Map(), 1n, Symbol('s'), () => 0]) expect(() => new MessagePackWriter().write(value)).toThrow(TypeError);
  });

  it('gives the bytes of @msgpack/msgpack for the samples of every conformance input', () => {
    let samples = 0;
    for (const name of goldenNames()) {
      const text = normalizeNewlines(readFileSync(goldenInputPath(name), 'utf8'));
      const made = fileSamples(text, { path: `${name}.py`, packageName: 'stdlib', packageVersion: '3.11', rewrites: 2 });
      const values = made.functions.flatMap((f) => f.samples);
      samples += values.length;
      const { written, expected } = both(values);
      expect(written.equals(expected), name).toBe(true);
    }
    expect(samples).toBeGreaterThan(100);
  });
});
