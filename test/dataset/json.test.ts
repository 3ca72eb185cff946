import { describe, expect, it } from 'vitest';
import { ExtData } from '@msgpack/msgpack';
import { sampleToJson, sampleToPrettyJson } from '../../src/dataset/json.js';
import { packageSamples, seededRng } from '../../scripts/lib/synthetic-samples.js';

const samples = [...packageSamples(seededRng(5), { packageName: 'p', packageVersion: '1', files: ['a.py'], functionsPerFile: 3, bugsPerFunction: 2, nodeCount: { min: 20, max: 200 } })];

describe('JSON rendering of samples', () => {
  it('pretty output is the same JSON value as the compact one, without empty lines', () => {
    for (const s of [...samples, { empty: {}, none: [], nested: [[], [{}], 'a\n\nb'] }]) {
      const pretty = sampleToPrettyJson(s);
      expect(JSON.parse(pretty)).toEqual(JSON.parse(sampleToJson(s)));
      expect(pretty).not.toMatch(/\n\s*\n/);
      expect(pretty).not.toContain('\n\n');
    }
  });

  it('keeps lists of scalars on one line and indents the rest', () => {
    expect(sampleToPrettyJson({ a: [1, 'x', null], b: [[1, 2], [3, 4]], c: {} })).toBe('{\n  "a": [1, "x", null],\n  "b": [\n    [1, 2],\n    [3, 4]\n  ],\n  "c": {}\n}');
  });

  it('renders bin and extension values', () => {
    const value = { bin: new Uint8Array([1, 2, 3]), ext: new ExtData(7, new Uint8Array([255])), nan: Number.NaN };
    expect(JSON.parse(sampleToJson(value))).toEqual({ bin: { $bin: 'AQID' }, ext: { $ext: 7, $data: '/w==' }, nan: null });
    expect(JSON.parse(sampleToPrettyJson(value))).toEqual({ bin: { $bin: 'AQID' }, ext: { $ext: 7, $data: '/w==' }, nan: null });
  });
});
