import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixRecords } from '../../src/fixes/records.js';

const good = {
  line: 1,
  repo: 'o/r',
  hash: 'abcdef0123456789',
  old_path: 'm.py',
  scout: 'VariableMisuseRewriteScout',
  function: 'f',
  before: 'def f(a):\n    return b',
  before_range: [[3, 0], [4, 12]],
  after: 'def f(a):\n    return a',
  after_range: [[3, 0], [4, 12]],
};

describe('readFixRecords', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugmine-records-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads gzip JSON Lines and names malformed lines by number, reading on', async () => {
    const lines = [JSON.stringify(good), '{not json', '', JSON.stringify({ ...good, before: 3 }), '[1]', JSON.stringify({ ...good, repo: 'o/s', path: 'n.py' })];
    const file = join(dir, 'fixes.jsonl.gz');
    await writeFile(file, gzipSync(lines.join('\n') + '\n'));
    const { records, errors } = await readFixRecords(file);
    expect(records.map((r) => r.id)).toEqual(['o/r@abcdef012345:m.py:3', 'o/s@abcdef012345:n.py:3']);
    expect(records[1]!.path).toBe('n.py');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/fixes\.jsonl\.gz:2: malformed JSON/);
    expect(errors[1]).toMatch(/fixes\.jsonl\.gz:4: not a fix record: missing or non-string "before"/);
    expect(errors[2]).toMatch(/fixes\.jsonl\.gz:5: not a fix record: not a JSON object/);
  });

  it('reads plain JSON Lines too', async () => {
    const file = join(dir, 'fixes.jsonl');
    await writeFile(file, JSON.stringify(good) + '\n');
    const { records, errors } = await readFixRecords(file);
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({ repo: 'o/r', scout: 'VariableMisuseRewriteScout', beforeLine: 3, beforeColumn: 0, function: 'f' });
  });

  it('reports a truncated gzip file and keeps what came before', async () => {
    const file = join(dir, 'cut.jsonl.gz');
    const whole = gzipSync(Array.from({ length: 200 }, (_, i) => JSON.stringify({ ...good, before_range: [[i + 1, 0], [i + 2, 0]] })).join('\n') + '\n');
    await writeFile(file, whole.subarray(0, whole.length - 20));
    const { records, errors } = await readFixRecords(file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cut\.jsonl\.gz:\d+: corrupt gzip data/);
    expect(records.length).toBeGreaterThan(0);
  });

  it("reads bugmine mine's records (path, kind, edit) into the same form, with the same id", async () => {
    const mined = {
      repo: 'o/r',
      hash: 'abcdef0123456789',
      path: 'm.py',
      function: 'f',
      before: good.before,
      after: good.after,
      before_range: good.before_range,
      after_range: good.after_range,
      edit: [{ action: 'update', node: 'b9', type: 'Name', from: 'b', value: 'a' }],
      kind: 'small-edit',
      scout: null,
      rewrite: null,
      commit_message: 'fix',
      author_date: '2020-01-01T00:00:00Z',
      licence: 'MIT',
    };
    const file = join(dir, 'mined.jsonl.gz');
    await writeFile(file, gzipSync(`${JSON.stringify(mined)}\n${JSON.stringify(good)}\n`));
    const { records, errors, rejected } = await readFixRecords(file);
    expect(errors).toEqual([]);
    expect(rejected).toEqual([]);
    expect(records[0]).toMatchObject({ id: 'o/r@abcdef012345:m.py:3', kind: 'small-edit', licence: 'MIT', source: `${file}:1`, beforeColumn: 0 });
    expect(records[0]!.edit).toHaveLength(1);
    // The corpus line: no kind, but a rewrite would make it single-rewrite; neither gives null.
    expect(records[1]).toMatchObject({ id: 'o/r@abcdef012345:m.py:3', kind: null, edit: null, pypibugsLine: 1 });
  });

  it('rejects negative positions in ranges', async () => {
    const file = join(dir, 'neg.jsonl');
    await writeFile(file, JSON.stringify({ ...good, before_range: [[-1, 0], [4, 12]] }) + '\n');
    const { records, errors } = await readFixRecords(file);
    expect(records).toEqual([]);
    expect(errors[0]).toMatch(/neg\.jsonl:1: not a fix record: missing or malformed "before_range"/);
  });
});
