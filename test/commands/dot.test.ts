/**
 * `bugmine dot` end to end: byte for byte BugLab's `as_dot` on every golden file of
 * ../shared/conformance/asdot/, and Graphviz renders the output. Without `dot` on PATH the render
 * test is skipped with a message; BUGMINE_REQUIRE_GRAPHVIZ=1 makes it fail instead (CI).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../../src/run/tools.js';
import { runCli, SHARED } from '../helpers/cli.js';

const GOLDEN = join(SHARED, 'conformance', 'asdot');
const INPUTS = join(SHARED, 'conformance', 'inputs');

/** Golden file, input, range: as listed in the asdot README. */
const CASES: [golden: string, input: string, range: string | null][] = [
  ['snippets_no_trailing_newline.dot', 'snippets_no_trailing_newline.py', null],
  ['snippets_assignments.dot', 'snippets_assignments.py', null],
  ['snippets_tabs_continuations.dot', 'snippets_tabs_continuations.py', null],
  ['snippets_unicode.dot', 'snippets_unicode.py', null],
  ['snippets_comparisons.dot', 'snippets_comparisons.py', null],
  ['snippets_no_trailing_newline.range-12-15.dot', 'snippets_no_trailing_newline.py', '12,15'],
  ['snippets_assignments.range-25-37.dot', 'snippets_assignments.py', '25,37'],
];

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bugmine-dot-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.skipIf(!existsSync(GOLDEN))('bugmine dot: conformance with BugLab as_dot', () => {
  it('has every golden file the README lists', () => {
    for (const [golden] of CASES) expect(existsSync(join(GOLDEN, golden)), golden).toBe(true);
  });

  for (const [golden, input, range] of CASES) {
    it(`is byte-identical to ${golden}`, async () => {
      const out = join(work, golden);
      // BugLab was given the bare file name in the input's folder.
      const args = ['dot', input, out, ...(range === null ? [] : ['--filter-range', range])];
      const result = await runCli(args, { cwd: INPUTS });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const ours = await readFile(out);
      const want = await readFile(join(GOLDEN, golden));
      expect(ours.equals(want), `${golden} differs`).toBe(true);
    });
  }
});

describe('bugmine dot: bad input', () => {
  it('names the file and line of a syntax error and writes nothing', async () => {
    const bad = join(work, 'bad.py');
    await writeFile(bad, 'def f(:\n');
    const out = join(work, 'bad.dot');
    const result = await runCli(['dot', bad, out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`${bad.replaceAll('.', '\\.')}:1:\\d+: `));
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a malformed range', async () => {
    const result = await runCli(['dot', join(INPUTS, 'snippets_unicode.py'), join(work, 'x.dot'), '--filter-range', '9-3']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--filter-range');
  });
});

const hasGraphviz = findOnPath('dot') !== null;
const requireGraphviz = process.env['BUGMINE_REQUIRE_GRAPHVIZ'] === '1';
if (!hasGraphviz && !requireGraphviz) {
  console.warn('bugmine dot: render test skipped, Graphviz `dot` is not installed (apt-get install graphviz; set BUGMINE_REQUIRE_GRAPHVIZ=1 to fail instead)');
}

describe.runIf(hasGraphviz || requireGraphviz)('bugmine dot: Graphviz renders the output', () => {
  it('dot -Tsvg draws every node and edge of a real file', async () => {
    expect(hasGraphviz, 'BUGMINE_REQUIRE_GRAPHVIZ=1 but Graphviz `dot` is not on PATH').toBe(true);
    const input = existsSync(INPUTS) ? join(INPUTS, 'snippets_no_trailing_newline.py') : join(work, 'small.py');
    if (!existsSync(INPUTS)) await writeFile(input, 'def f(a, b):\n    """say "hi"\n    there"""\n    return a < b\n');
    const out = join(work, 'render.dot');
    const result = await runCli(['dot', input, out]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const dotText = await readFile(out, 'utf8');
    const render = spawnSync('dot', ['-Tsvg', out], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    expect(render.status, render.stderr).toBe(0);
    expect(render.stdout).toContain('<svg');
    const nodes = [...dotText.matchAll(/^\t\s?node\d+\[/gm)].length;
    const edges = [...dotText.matchAll(/^\tnode\d+ -> node\d+ /gm)].length;
    expect((render.stdout.match(/class="node"/g) ?? []).length).toBe(nodes);
    expect((render.stdout.match(/class="edge"/g) ?? []).length).toBe(edges);
  }, 180_000);
});
