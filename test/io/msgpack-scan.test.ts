import { describe, expect, it } from 'vitest';
import { encode, ExtData } from '@msgpack/msgpack';
import { MalformedMessagePackError, ValueScanner, peekRouting } from '../../src/io/index.js';
import { ValueSplitter } from '../../src/io/value-splitter.js';
import { concatEncoded } from './fixtures.js';

// Values covering every MessagePack format family and size class.
const VALUES: unknown[] = [
  0, 127, -1, -32, -33, 128, 255, 256, 65535, 65536, 2 ** 32, -129, -32769, -(2 ** 31) - 1, 2 ** 53 - 1,
  0.5, -1.25e300, null, true, false,
  '', 'a'.repeat(31), 'b'.repeat(32), 'c'.repeat(255), 'd'.repeat(256), 'e'.repeat(70000), 'ünïcode 模块 🐍',
  new Uint8Array(0), new Uint8Array(300), new Uint8Array(70000),
  new ExtData(5, new Uint8Array(1)), new ExtData(5, new Uint8Array(2)), new ExtData(5, new Uint8Array(4)),
  new ExtData(5, new Uint8Array(8)), new ExtData(5, new Uint8Array(16)), new ExtData(5, new Uint8Array(3)),
  new ExtData(5, new Uint8Array(300)), new ExtData(5, new Uint8Array(70000)),
  [], [1, 2, 3], Array.from({ length: 16 }, (_, i) => i), Array.from({ length: 70000 }, (_, i) => i % 300),
  {}, { a: 1 }, Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, [i, { deep: [null] }]])),
  Object.fromEntries(Array.from({ length: 70000 }, (_, i) => [`k${i}`, i])),
  { graph: { nodes: ['a'], path: 'p.py' }, package_name: 'x' },
];

describe('ValueSplitter', () => {
  const encoded = VALUES.map((v) => encode(v));
  const stream = Buffer.concat(encoded);

  it.each([1, 7, 4096, 1 << 20])('cuts a stream pushed in %i-byte chunks at exactly the value boundaries', (chunkSize) => {
    const splitter = new ValueSplitter();
    const found: Buffer[] = [];
    for (let pos = 0; pos < stream.length; pos += chunkSize) {
      splitter.push(stream.subarray(pos, pos + chunkSize));
      for (let v = splitter.next(); v !== undefined; v = splitter.next()) found.push(Buffer.from(v));
    }
    expect(splitter.pendingBytes).toBe(0);
    expect(found.length).toBe(encoded.length);
    found.forEach((bytes, i) => expect(bytes.equals(Buffer.from(encoded[i]!)), `value ${i}`).toBe(true));
  });

  it('keeps its buffer bounded by the largest value, not by the number of values', () => {
    const splitter = new ValueSplitter();
    const initial = splitter.capacity;
    const chunk = concatEncoded(Array.from({ length: 2000 }, (_, i) => ({ graph: { nodes: ['a', 'b', `n${i}`], path: `p${i}.py` } })));
    let values = 0;
    for (let round = 0; round < 500; round++) {
      // Push at an odd offset so values straddle chunk boundaries.
      splitter.push(chunk.subarray(0, 12345));
      splitter.push(chunk.subarray(12345));
      for (let v = splitter.next(); v !== undefined; v = splitter.next()) values++;
    }
    expect(values).toBe(500 * 2000);
    expect(splitter.capacity).toBe(initial);
    expect(chunk.length * 500).toBeGreaterThan(20 * initial);
  });

  it('reports the bytes of a value cut off at the end', () => {
    const splitter = new ValueSplitter();
    const whole = concatEncoded([{ a: [1, 2, 3] }, 'x'.repeat(100)]);
    splitter.push(whole.subarray(0, whole.length - 10));
    expect(splitter.next()).toBeDefined();
    expect(splitter.next()).toBeUndefined();
    expect(splitter.pendingBytes).toBe(102 - 10);
  });

  it('rejects the never-used byte 0xc1 with its offset inside the value', () => {
    const splitter = new ValueSplitter();
    splitter.push(Uint8Array.from([0x07, 0x92, 0x01, 0xc1]));
    expect([...splitter.next()!]).toEqual([0x07]);
    let caught: unknown;
    try {
      splitter.next();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MalformedMessagePackError);
    expect((caught as MalformedMessagePackError).offset).toBe(2);
  });

  it('scans a value resumably when fed one byte at a time', () => {
    const scanner = new ValueScanner();
    const bytes = encode({ nested: [[1, 'two', new Uint8Array(5)], { k: 2 ** 40 }] });
    scanner.reset(0);
    let end = 0;
    let done = false;
    while (!done) done = scanner.advance(bytes, ++end, 0);
    expect(end).toBe(bytes.length);
    expect(scanner.pos).toBe(bytes.length);
  });
});

describe('peekRouting', () => {
  it('reads graph.path and package_name without decoding, wherever the keys are', () => {
    const bytes = encode({ package_name: 'pkg', other: { path: 'not-this' }, graph: { nodes: ['x'], edges: {}, path: 'a/ü.py' } });
    expect(peekRouting(bytes)).toEqual({ isMap: true, path: 'a/ü.py', packageName: 'pkg' });
  });

  it('distinguishes non-maps, missing graphs, non-map graphs and non-string paths', () => {
    expect(peekRouting(encode([1, 2]))).toEqual({ isMap: false, path: undefined, packageName: undefined });
    expect(peekRouting(encode({ package_name: 'p' }))).toEqual({ isMap: true, path: undefined, packageName: 'p' });
    expect(peekRouting(encode({ graph: 'x' }))).toEqual({ isMap: true, path: undefined, packageName: undefined });
    expect(peekRouting(encode({ graph: { path: 5 }, package_name: null }))).toEqual({ isMap: true, path: undefined, packageName: undefined });
  });
});
