// bugmine extract-dir --exclude / --no-tests on a directory of real Python sources.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSamples } from '../../src/io/reader.js';
import { runCli } from '../helpers/cli.js';
import { stdlibSource } from '../helpers/wheels.js';

const src = mkdtempSync(join(tmpdir(), 'bugmine-src-'));
for (const [path, module] of Object.entries({ 'app/__init__.py': 'textwrap', 'app/tests/test_app.py': 'heapq', 'app/vendor_gen/x_pb2.py': 'colorsys', 'app/util_test.py': 'bisect' })) {
  mkdirSync(dirname(join(src, path)), { recursive: true });
  writeFileSync(join(src, path), stdlibSource(module));
}

describe('bugmine extract-dir --exclude / --no-tests', () => {
  it('leaves the files out relative to SRC and counts them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-out-'));
    const run = await runCli(['extract-dir', src, out, '--workers', '1', '--no-tests', '--exclude', 'app/vendor_gen', '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.files).toBe(4);
    expect(summary.skipped).toEqual({ excluded: 3 });
    const paths = new Set<string>();
    for await (const sample of readSamples(join(out, 'graphs-app.msgpack.l.gz'))) paths.add((sample as { graph: { path: string } }).graph.path);
    expect([...paths]).toEqual(['app/__init__.py']);
    const people = await runCli(['extract-dir', src, mkdtempSync(join(tmpdir(), 'bugmine-out-')), '--workers', '1', '--exclude', '*_pb2.py']);
    expect(people.stdout).toMatch(/^files +4 \(skipped: 1 excluded\)$/m);
  });
});
