// The schema checker on hostile JSON: exact keys, types and bounds, with the path of the first violation.
import { describe, expect, it } from 'vitest';
import { array, integer, nullable, object, oneOf, parseChecked, record, SchemaError, string } from '../../src/io/schema.js';
import { JobResultRejected, parseJobResult } from '../../src/extract/job-result.js';

const SHAPE = object({ n: integer({ max: 10 }), tags: array(string({ maxLength: 3 }), { maxLength: 2 }), kind: oneOf(['a', 'b'] as const), note: nullable(string({ maxLength: 5 })) }, { extra: record(string({ maxLength: 4 }), integer(), { maxKeys: 1 }) });

describe('parseChecked', () => {
  it('returns a value that matches', () => {
    expect(parseChecked('{"n":3,"tags":["x"],"kind":"a","note":null,"extra":{"k":1}}', SHAPE, 1000)).toEqual({ n: 3, tags: ['x'], kind: 'a', note: null, extra: { k: 1 } });
  });

  it('names the first violation', () => {
    const cases: [string, RegExp][] = [
      ['{"n":3,"tags":[],"kind":"a","note":null,"owned":1}', /unknown key "owned"/],
      ['{"tags":[],"kind":"a","note":null}', /missing key "n"/],
      ['{"n":11,"tags":[],"kind":"a","note":null}', /^n: expected an integer in \[0, 10\]/],
      ['{"n":1.5,"tags":[],"kind":"a","note":null}', /^n: expected an integer/],
      ['{"n":"1","tags":[],"kind":"a","note":null}', /^n: expected an integer/],
      ['{"n":1,"tags":["x","y","z"],"kind":"a","note":null}', /^tags: an array of 3 items/],
      ['{"n":1,"tags":["long"],"kind":"a","note":null}', /^tags\[0\]: a string of 4 characters/],
      ['{"n":1,"tags":[],"kind":"c","note":null}', /^kind: "c" is not one of a, b/],
      ['{"n":1,"tags":[],"kind":"a","note":null,"extra":{"a":1,"b":2}}', /^extra: an object of 2 keys/],
      ['{"n":1,"tags":[],"kind":"a","note":null,"__proto__":{"n":1}}', /unknown key "__proto__"/],
      ['[1]', /expected an object, got an array/],
      ['{"n":', /not JSON/],
    ];
    for (const [text, error] of cases) expect(() => parseChecked(text, SHAPE, 1000), text).toThrow(error);
    expect(() => parseChecked('{"n":1}'.padEnd(2000), SHAPE, 1000)).toThrow(SchemaError);
  });
});

describe('parseJobResult', () => {
  const good = { outcome: 'ok', version: '1.0', counts: { files: 2, functions: 1, samples: 3, skipped: { 'parse-error': 1 } }, output: 'graphs-pkg.msgpack.l.gz', error: null };

  it('accepts a result naming the host\'s output file', () => {
    expect(parseJobResult(JSON.stringify(good), 'pkg')).toEqual(good);
  });

  it('rejects another output name, outputs that do not fit the outcome, and counts that do not add up', () => {
    const cases: [object, RegExp][] = [
      [{ ...good, output: '../../etc/passwd' }, /output: "..\/..\/etc\/passwd" is not one of graphs-pkg\.msgpack\.l\.gz/],
      [{ ...good, output: 'graphs-other.msgpack.l.gz' }, /is not one of/],
      [{ ...good, outcome: 'install-failed' }, /does not fit outcome install-failed/],
      [{ ...good, output: null }, /does not fit outcome ok with 3 samples/],
      [{ ...good, counts: { ...good.counts, functions: 4 } }, /4 functions but only 3 samples/],
      [{ ...good, counts: { ...good.counts, skipped: { 'near-duplicate': 1 } } }, /counts\.skipped\.<key>/],
      [{ ...good, counts: { ...good.counts, nearDuplicateSamples: 1 } }, /unknown key "nearDuplicateSamples"/],
      [{ ...good, outcome: 'owned' }, /outcome: "owned" is not one of/],
    ];
    for (const [result, error] of cases) expect(() => parseJobResult(JSON.stringify(result), 'pkg'), JSON.stringify(result)).toThrow(error);
    expect(() => parseJobResult('{', 'pkg')).toThrow(JobResultRejected);
  });
});
