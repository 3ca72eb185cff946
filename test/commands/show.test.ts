// End to end: `bugmine show` on samples that `bugmine extract-dir` made from stdlib modules and from a
// file whose code holds HTML and a terminal escape.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { extractShowFixtures, type JsonSample, samplesOf } from '../show/fixtures.js';

describe('bugmine show', () => {
  let dir: string;
  let colorsys: string;
  let hostile: string;
  let colorsysSamples: JsonSample[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugmine-show-'));
    const out = await extractShowFixtures(dir);
    colorsys = join(out, 'graphs-colorsys.msgpack.l.gz');
    hostile = join(out, 'graphs-hostile.msgpack.l.gz');
    colorsysSamples = await samplesOf(colorsys);
  }, 300_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('marks the bug under its line, shows the fixed line, marks the target candidate and counts nodes and edges', async () => {
    const index = colorsysSamples.findIndex((s) => s.target_fix_action_idx !== null && s.candidate_rewrites[s.target_fix_action_idx]![0] === 'ReplaceText');
    expect(index).toBeGreaterThan(0);
    const sample = colorsysSamples[index]!;
    const target = sample.target_fix_action_idx!;
    const [[bugLine, bugColumn], [, bugEnd]] = sample.candidate_rewrite_ranges[target]!;
    const firstLine = sample.graph.code_range[0][0];
    const buggyLine = sample.graph.text.split('\n')[bugLine - firstLine]!;
    // The sample without bug of the same function is the one before its rewrites: it has the original line.
    const original = colorsysSamples.slice(0, index).findLast((s) => s.target_fix_action_idx === null)!;
    const originalLine = original.graph.text.split('\n')[bugLine - firstLine]!;
    expect(originalLine).not.toBe(buggyLine);

    const result = await runCli(['show', colorsys, '--index', String(index)]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const lines = result.stdout.split('\n');
    const width = String(sample.graph.code_range[1][0]).length;
    const marked = lines.findIndex((l) => l.startsWith('>'));
    expect(lines[marked]).toBe(`>   ${String(bugLine).padStart(width)} | ${buggyLine}`);
    const caret = lines[marked + 1]!;
    const codeStart = `>   ${String(bugLine).padStart(width)} | `.length;
    expect(caret.indexOf('^') - codeStart).toBe(bugColumn);
    expect(caret.match(/\^+/)![0].length).toBe(bugEnd - bugColumn);
    expect(caret).toContain(`bug (${sample.candidate_rewrite_metadata[target]![0]})`);
    expect(lines[marked + 2]).toBe(`fix ${String(bugLine).padStart(width)} | ${originalLine}`);

    expect(result.stdout).toContain(`candidate rewrites (${sample.candidate_rewrites.length}, * marks the target):`);
    const starred = lines.filter((l) => l.startsWith('* '));
    expect(starred).toHaveLength(1);
    expect(starred[0]).toMatch(new RegExp(`^\\* +${target}  ${sample.candidate_rewrite_metadata[target]![0]}  ReplaceText\\(target=`));
    expect(starred[0]).toMatch(/<- the fix$/);
    expect(lines[0]).toContain(`${sample.graph.path}: rgb_to_yiq`);
    expect(result.stdout).toContain(`bug_rewrite=${sample.provenance.bug_rewrite}`);

    const edges = Object.entries(sample.graph.edges);
    const total = edges.reduce((n, [, list]) => n + list.length, 0);
    expect(result.stdout).toContain(`\nnodes ${sample.graph.nodes.length}: `);
    expect(result.stdout).toContain(`\nedges ${total}:\n`);
    for (const [kind, list] of edges) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${kind} +${list.length}$`)));
  });

  it('selects the first sample of a function by path and name, and lists its other samples', async () => {
    const result = await runCli(['show', colorsys, '--path', 'colorsys.py', '--function', 'hls_to_rgb']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const first = colorsysSamples.findIndex((s) => s.graph.text.startsWith('def hls_to_rgb('));
    const others = colorsysSamples.flatMap((s, i) => (i !== first && s.graph.text.startsWith('def hls_to_rgb(') ? [i] : []));
    expect(others.length).toBeGreaterThan(0);
    expect(result.stdout.split('\n')[0]).toMatch(new RegExp(`^colorsys\\.py: hls_to_rgb, lines \\d+-\\d+  \\(sample ${first} of `));
    expect(result.stdout).toContain(`also        samples ${others.join(', ')} of this function`);
    expect(result.stdout).toContain('bug         none (a sample without bug');
  });

  it('shows a method where it stands in its file, its name, and control characters escaped', async () => {
    const result = await runCli(['show', hostile, '--path', 'hostile.py', '--function', 'greet']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toContain('hostile.py: greet, lines 2-8');
    expect(result.stdout).toMatch(/^ {4}2 \| {5}def greet\(self, name, count\):$/m);
    expect(result.stdout).toContain('onerror=alert(1)>\\u001b[31m"');
    expect(result.stdout).not.toContain('\u001b');
  });

  it('marks an argument swap at its call and shows the arguments in their fixed order', async () => {
    let shown = false;
    for (let index = 0; index < 5; index++) {
      const result = await runCli(['show', hostile, '--index', String(index)]);
      expect(result.code).toBe(0);
      if (!/ArgSwap\(idxs=\d<->\d @\(7,16\)->\(7,21\)\) {2}replaces 'print' {2}<- the fix/.test(result.stdout)) continue;
      expect(result.stdout).toMatch(/^fix 7 \| {17}print\(banner, name, i, total\)$/m);
      shown = true;
    }
    expect(shown).toBe(true);
  });

  it('rejects a selection that matches nothing with a one-line error', async () => {
    const outOfRange = await runCli(['show', colorsys, '--index', String(colorsysSamples.length)]);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toBe(`bugmine: ${colorsys}: no sample ${colorsysSamples.length} (the file has ${colorsysSamples.length} samples, numbered from 0)\n`);
    const noPath = await runCli(['show', colorsys, '--path', 'nope.py', '--function', 'rgb_to_yiq']);
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toBe(`bugmine: ${colorsys}: no sample of path "nope.py" (the file's paths: "colorsys.py")\n`);
    const noFunction = await runCli(['show', colorsys, '--path', 'colorsys.py', '--function', 'nope']);
    expect(noFunction.code).toBe(2);
    expect(noFunction.stderr).toMatch(new RegExp(`^bugmine: ${colorsys.replace(/[.]/g, '\\.')}: no function "nope" in "colorsys\\.py" \\(its functions: .*"hls_to_rgb", .*"yiq_to_rgb"\\)\\n$`));
    const both = await runCli(['show', colorsys, '--index', '0', '--function', 'x']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim().split('\n')[0]).toBe('bugmine: show: give either --index or --path with --function, not both');
    const notData = await runCli(['show', join(dir, 'src', 'colorsys.py')]);
    expect(notData.code).toBe(1);
    expect(notData.stderr).toBe(`bugmine: ${join(dir, 'src', 'colorsys.py')}: not a gzip file (a data file is a gzip stream of MessagePack values)\n`);
  });
});
