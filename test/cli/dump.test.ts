import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { writeSamples } from '../../src/io/index.js';
import { CLI, runCli } from '../helpers/cli.js';
import { packageSamples, seededRng } from '../../scripts/lib/synthetic-samples.js';
import { concatEncoded, sample, tempDir, writeGzip } from '../io/fixtures.js';

const dir = tempDir();
const first = [sample('a.py', 'p', 0), { ...sample('b.py', 'p', 1), blob: new Uint8Array([0, 1, 254, 255]) }, sample('c.py', 'p', 2)];
const second = [sample('d.py', 'q', 3), sample('e.py', 'q', 4)];
const fileA = join(dir, 'good', 'a.msgpack.l.gz');
const fileB = join(dir, 'good', 'b.msgpack.l.gz');
await writeSamples(fileA, first);
await writeSamples(fileB, second);
/** How dump renders a sample: bin as {"$bin": base64}. */
const asJson = (s: Record<string, unknown>) => JSON.parse(JSON.stringify({ ...s, ...(s.blob ? { blob: { $bin: Buffer.from(s.blob as Uint8Array).toString('base64') } } : {}) }));

describe('bugmine dump', () => {
  it('prints one pretty JSON document per sample, separated by an empty line', async () => {
    const result = await runCli(['dump', fileA, fileB]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('}\n')).toBe(true);
    const documents = result.stdout.split('\n\n');
    expect(documents.map((d) => JSON.parse(d))).toEqual([...first, ...second].map(asJson));
    expect(documents[0]).toContain('\n  "graph": {\n    "nodes": ["FunctionDef", "Name", "x0"],\n'); // indented, scalar lists on one line
    expect(documents[0]).toContain('"Child": [\n        [0, 1, "name"]\n      ],');
    expect(documents[1]).toContain('"$bin": "AAH+/w=="');
  });

  it('--jsonl prints one line per sample', async () => {
    const result = await runCli(['dump', '--jsonl', fileA, fileB]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual([...first, ...second].map(asJson));
  });

  it('--skip and --limit count over all files together', async () => {
    const result = await runCli(['dump', '--jsonl', '--skip', '2', '--limit', '2', fileA, fileB]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((l) => JSON.parse(l).marker)).toEqual([2, 3]);
    const none = await runCli(['dump', '--limit', '0', fileA]);
    expect(none.stdout).toBe('');
    const pastEnd = await runCli(['dump', '--jsonl', '--skip', '4', fileA, fileB]);
    expect(pastEnd.stdout.trim().split('\n').map((l) => JSON.parse(l).marker)).toEqual([4]);
  });

  it('reads the data files of a directory', async () => {
    const result = await runCli(['dump', '--jsonl', join(dir, 'good')]);
    expect(result.stdout.trim().split('\n').map((l) => JSON.parse(l).marker)).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects bad option values', async () => {
    for (const args of [['--limit', '-1'], ['--skip', 'x'], ['--limit', '1.5']]) {
      const result = await runCli(['dump', ...args, fileA]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/^bugmine: --(limit|skip) must be a non-negative integer/);
      expect(result.stdout).toBe('');
    }
  });

  it('prints what precedes a problem, names file and sample, and goes on with the next file', async () => {
    const cut = join(dir, 'bad', 'cut.msgpack.l.gz');
    const encoded = concatEncoded(first);
    writeGzip(cut, encoded.subarray(0, encoded.length - 4));
    const notGzip = join(dir, 'bad', 'text.msgpack.l.gz');
    writeFileSync(notGzip, 'hello');
    const result = await runCli(['dump', '--jsonl', cut, notGzip, fileB]);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n').map((l) => JSON.parse(l).marker)).toEqual([0, 1, 3, 4]);
    const errors = result.stderr.trim().split('\n');
    expect(errors[0]).toBe(`bugmine: ${cut}: sample 2: MessagePack value cut off: the data ends ${encoded.length - 4 - concatEncoded(first.slice(0, 2)).length} bytes into the sample`);
    expect(errors[1]).toBe(`bugmine: ${notGzip}: not a gzip file (a data file is a gzip stream of MessagePack values)`);
    expect(errors[2]).toMatch(/^bugmine: dump: 2 of 3 files could not be read completely/);
    expect(errors.length).toBe(3);
  });

  it('names a sample nested too deeply to print (200,000 levels) and prints the samples around it', async () => {
    const deep = join(dir, 'deep', 'deep.msgpack.l.gz');
    // MessagePack by hand: a map {"marker": 0}, 200,000 nested one-element arrays (0x91) around nil, a map {"marker": 2}.
    const marker = (n: number) => Buffer.from([0x81, 0xa6, ...Buffer.from('marker'), n]);
    writeGzip(deep, Buffer.concat([marker(0), Buffer.alloc(200_000, 0x91), Buffer.from([0xc0]), marker(2)]));
    for (const mode of [['--jsonl'], []]) {
      const result = await runCli(['dump', ...mode, deep]);
      expect(result.code, result.stderr + result.stdout).toBe(1);
      expect(result.stderr).toBe(`bugmine: ${deep}: sample 1: nested deeper than 1000 levels; not rendered\nbugmine: dump: 1 samples could not be rendered (see above)\n`);
      expect(result.stdout.split(mode.length > 0 ? '\n' : '\n\n').filter((d) => d !== '').map((d) => JSON.parse(d).marker)).toEqual([0, 2]);
    }
    // Nesting up to the limit still prints.
    const edge = join(dir, 'deep', 'edge.msgpack.l.gz');
    writeGzip(edge, Buffer.concat([Buffer.alloc(999, 0x91), Buffer.from([0xc0])]));
    const printed = await runCli(['dump', '--jsonl', edge]);
    expect(printed.code, printed.stderr + printed.stdout).toBe(0);
    expect(printed.stdout).toBe('['.repeat(999) + 'null' + ']'.repeat(999) + '\n');
  });

  it('names a missing file', async () => {
    const result = await runCli(['dump', join(dir, 'nope.msgpack.l.gz')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe(`bugmine: ${join(dir, 'nope.msgpack.l.gz')}: no such file or directory\n`);
  });

  it('ends quietly when the reader stops early (| head)', async () => {
    const big = join(dir, 'big', 'big.msgpack.l.gz');
    await writeSamples(big, packageSamples(seededRng(3), { packageName: 'p', packageVersion: '1', files: ['x.py'], functionsPerFile: 40, bugsPerFunction: 4, nodeCount: { min: 500, max: 1000 } }));
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" dump "${big}" | head -n 3`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').length).toBe(4);
  });
});
