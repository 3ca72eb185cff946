import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSamples } from '../../src/io/reader.js';
import { extractDirectory } from '../../src/extract-dir/run.js';

const FUNCTION = (name: string): string => `def ${name}(a, b, c):\n    if a < b and b < c:\n        return a + b - c\n    return [a, b, c][a % 3]\n`;

describe('extractDirectory in this thread (workers: 0, the package job)', () => {
  it('reads each file only when the files before it are done', async () => {
    const source = mkdtempSync(join(tmpdir(), 'bugmine-in-thread-'));
    const out = mkdtempSync(join(tmpdir(), 'bugmine-in-thread-out-'));
    writeFileSync(join(source, 'a.py'), FUNCTION('first'));
    writeFileSync(join(source, 'b.py'), FUNCTION('original'));
    const summary = await extractDirectory(source, out, {
      workers: 0,
      seed: 0,
      rewrites: 1,
      easyOperatorsOff: true,
      maxFileBytes: 1_000_000,
      pythonPath: [],
      packageVersion: '',
      singleGroup: 'demo',
      // Started together, b.py would already be read (and extracted) when a.py is reported done.
      onFileDone: (done) => {
        if (done === 1) writeFileSync(join(source, 'b.py'), FUNCTION('rewritten_after_a'));
      },
    });
    expect(summary.files).toBe(2);
    const names = new Set<string>();
    for await (const sample of readSamples(summary.outputs[0]!.path)) names.add(String((sample as { graph: { nodes: string[] } }).graph.nodes.find((node) => /^(first|original|rewritten_after_a)$/.test(node))));
    expect(names).toEqual(new Set(['first', 'rewritten_after_a']));
  });
});
