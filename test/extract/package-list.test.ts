import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inShard, normalizeProjectName, parsePackageList, parseRequirement } from '../../src/extract/package-list.js';
import { parseShard } from '../../src/run/shard.js';
import { pythonFilesOfRecord } from '../../src/extract/distribution.js';
import { appendManifest, emptyCounts, isComplete, readManifest, type ManifestEntry } from '../../src/extract/manifest.js';

describe('package list', () => {
  it('accepts PEP 508 requirements and reports invalid lines with their numbers', () => {
    const list = parsePackageList(
      [
        '# the most downloaded',
        'requests',
        '',
        'Django==3.2.1  # pinned',
        'numpy>=1.20,<2',
        'attrs[tests] ~= 21.2 ; python_version >= "3.6"',
        'pip @ https://example.invalid/pip.tar.gz#sha256=00',
        'not a name!',
        'six===1.16.0',
        'bad>=',
        'requests_OAuthlib(>=1.0)',
        'zope.interface [ docs , test ]',
        '-e .',
        'Requests',
        'x[oops',
      ].join('\n'),
    );
    expect(list.requirements.map((r) => [r.line, r.key])).toEqual([
      [2, 'requests'],
      [4, 'django'],
      [5, 'numpy'],
      [6, 'attrs'],
      [7, 'pip'],
      [9, 'six'],
      [11, 'requests-oauthlib'],
      [12, 'zope-interface'],
    ]);
    expect(list.requirements[1]!.spec).toBe('Django==3.2.1');
    expect(list.requirements[4]!.spec).toBe('pip @ https://example.invalid/pip.tar.gz#sha256=00');
    expect(list.invalid.map((i) => i.line)).toEqual([8, 10, 13, 15]);
    expect(list.duplicates).toEqual([{ line: 14, key: 'requests', firstLine: 2 }]);
  });

  it('normalises names as PEP 503 and rejects what pip would reject', () => {
    expect(normalizeProjectName('Zope.Interface__x--Y')).toBe('zope-interface-x-y');
    expect(parseRequirement('a==1; ')).toEqual({ error: expect.stringMatching(/marker/) });
    expect(parseRequirement('a @ not-a-url')).toEqual({ error: expect.stringMatching(/URL/) });
    expect(parseRequirement('a (==1')).toEqual({ error: expect.stringMatching(/parenthes/) });
    expect(parseRequirement('_a')).toEqual({ error: expect.stringMatching(/project name/) });
    expect(parseRequirement('not a name')).toEqual({ error: expect.stringMatching(/unexpected text after the project name/) });
  });

  it('shards by position modulo N', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseShard('3/3')).toBeNull();
    expect(parseShard('0/0')).toBeNull();
    expect(parseShard('a/2')).toBeNull();
    const items = ['a', 'b', 'c', 'd', 'e'];
    expect(inShard(items, { index: 1, count: 2 })).toEqual(['b', 'd']);
    const all = [0, 1, 2].flatMap((index) => inShard(items, { index, count: 3 }));
    expect(all.sort()).toEqual(items);
  });
});

describe('RECORD', () => {
  it('keeps the .py files inside site-packages, with CSV quoting', () => {
    const record = [
      'pkg/__init__.py,sha256=abc,10',
      '"pkg/with,comma.py",sha256=abc,10',
      'pkg/__pycache__/x.cpython-311.pyc,,',
      'pkg/__pycache__/odd.py,,',
      '../../bin/tool.py,sha256=x,1',
      'pkg/./sub/../mod.py,,',
      'pkg/data.txt,,',
      'pkg-1.0.dist-info/RECORD,,',
      'pkg/__init__.py,sha256=abc,10',
    ].join('\r\n');
    expect(pythonFilesOfRecord(record)).toEqual(['pkg/__init__.py', 'pkg/mod.py', 'pkg/with,comma.py']);
  });
});

describe('manifest', () => {
  const entry = (pkg: string, outcome: ManifestEntry['outcome'], output: string | null, outputBytes: number, samples: number): ManifestEntry => ({
    package: pkg,
    requirement: pkg,
    outcome,
    version: '1',
    counts: { ...emptyCounts(), samples },
    output,
    outputBytes,
    durationMs: 1,
    cpuMs: 1234,
    error: null,
  });

  it('keeps the last line per package, ignores a torn line, and checks the output before resuming', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-manifest-'));
    await appendManifest(out, entry('a', 'install-failed', null, 0, 0));
    await appendManifest(out, entry('a', 'ok', 'graphs-a.msgpack.l.gz', 5, 3));
    await appendManifest(out, entry('b', 'ok', null, 0, 0));
    writeFileSync(join(out, 'manifest.jsonl'), '{"package": "c", "outc', { flag: 'a' });
    const read = await readManifest(out);
    expect([...read.keys()]).toEqual(['a', 'b']);
    expect(read.get('a')!.outcome).toBe('ok');
    expect(await isComplete(out, read.get('a'))).toBe(false);
    writeFileSync(join(out, 'graphs-a.msgpack.l.gz'), '1234');
    expect(await isComplete(out, read.get('a'))).toBe(false);
    writeFileSync(join(out, 'graphs-a.msgpack.l.gz'), '12345');
    expect(await isComplete(out, read.get('a'))).toBe(true);
    expect(await isComplete(out, read.get('b'))).toBe(true);
    expect(await isComplete(out, entry('c', 'timeout', null, 0, 0))).toBe(false);
    expect(await isComplete(out, undefined)).toBe(false);
  });

  it('reads the CPU time back, and none from a line of an older bugmine or a broken one', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-manifest-'));
    await appendManifest(out, entry('a', 'ok', null, 0, 0));
    const { cpuMs: _, ...older } = entry('b', 'ok', null, 0, 0);
    writeFileSync(join(out, 'manifest.jsonl'), JSON.stringify(older) + '\n' + JSON.stringify({ ...older, package: 'c', cpuMs: -5 }) + '\n', { flag: 'a' });
    const read = await readManifest(out);
    expect(read.get('a')!.cpuMs).toBe(1234);
    expect(read.get('b')!.cpuMs).toBeNull();
    expect(read.get('c')!.cpuMs).toBeNull();
  });
});
