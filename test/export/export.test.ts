import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { asSample, fixedFunctionText, hfSplitName, tokenNodes, type Sample } from '../../src/export/index.js';
import { sampleToJson } from '../../src/dataset/json.js';
import { findDataFiles } from '../../src/io/files.js';
import { readSamples } from '../../src/io/reader.js';
import { writeSamples } from '../../src/io/writer.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../io/fixtures.js';

const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

const root = tempDir('bugmine-export-');
/** A venv with Hugging Face `datasets` (`python3 -m venv .cache/hf-venv && .cache/hf-venv/bin/pip install datasets`); the test using it skips without. */
const HF_PYTHON = join(REPO_ROOT, '.cache', 'hf-venv', 'bin', 'python');
const extracted = join(root, 'json');
const split = join(root, 'split');

async function samplesOf(dir: string): Promise<unknown[]> {
  const all: unknown[] = [];
  for (const file of await findDataFiles(dir)) for await (const s of readSamples(join(dir, file))) all.push(s);
  return all;
}

function readJsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The sample as a row of the Parquet export gives it back (JSON columns parsed, `extra` spread). */
function sampleFromRow(row: Record<string, unknown>): unknown {
  return {
    graph: {
      nodes: row['nodes'],
      edges: row['edges'],
      path: row['path'],
      text: row['text'],
      code_range: row['code_range'],
      reference_nodes: row['reference_nodes'],
    },
    candidate_rewrites: row['candidate_rewrites'],
    candidate_rewrite_ranges: row['candidate_rewrite_ranges'],
    candidate_rewrite_metadata: row['candidate_rewrite_metadata'],
    target_fix_action_idx: row['target_fix_action_idx'],
    package_name: row['package_name'],
    package_version: row['package_version'],
    ...(row['extra'] as object),
  };
}

/** The fold directories a split wrote. */
function foldsOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name);
}

/** Key-order-independent comparison form. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

beforeAll(async () => {
  const extract = await runCli(['extract-dir', join(stdlib, 'json'), extracted]);
  expect(extract.code, extract.stderr + extract.stdout).toBe(0);
  const splitRun = await runCli(['split', extracted, split]);
  expect(splitRun.code, splitRun.stderr + splitRun.stdout).toBe(0);
}, 120_000);

describe('bugmine export', () => {
  it('jsonl: one line per sample, the sample as is, one file per fold of a split', async () => {
    const out = join(root, 'jsonl');
    const run = await runCli(['export', split, out, '--format', 'jsonl']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const folds = foldsOf(split);
    expect(folds.length).toBeGreaterThan(1);
    for (const fold of folds) {
      const expected = await samplesOf(join(split, fold));
      if (expected.length === 0) continue;
      const lines = readFileSync(join(out, `${fold}.jsonl`), 'utf8').split('\n').filter((l) => l !== '');
      expect(lines).toEqual(expected.map((s) => sampleToJson(s)));
    }
    expect(readdirSync(out).every((f) => !f.startsWith('.'))).toBe(true);
  });

  it('parquet: read back with hyparquet, every row is its sample', async () => {
    const out = join(root, 'parquet');
    const run = await runCli(['export', extracted, out, '--format', 'parquet']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const expected = await samplesOf(extracted);
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(join(out, 'data.parquet')) })) as Record<string, unknown>[];
    expect(rows.length).toBe(expected.length);
    rows.forEach((row, i) => expect(canonical(sampleFromRow(row))).toEqual(canonical(expected[i])));
    const withBug = rows.filter((r) => r['target_fix_action_idx'] !== null);
    expect(withBug.length).toBeGreaterThan(0);
    for (const row of withBug) expect(row['bug_kind']).toBe((row['candidate_rewrite_metadata'] as [string, unknown][])[row['target_fix_action_idx'] as number]![0]);
  });

  it('hf: data/<split>.parquet per fold and a dataset card naming splits, fields and licence', async () => {
    const out = join(root, 'hf');
    const run = await runCli(['export', split, out, '--format', 'hf']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card.startsWith('---\nlicense: other\n')).toBe(true);
    let total = 0;
    for (const fold of foldsOf(split)) {
      const expected = await samplesOf(join(split, fold));
      if (expected.length === 0) continue;
      const split_ = hfSplitName(fold);
      const file = join(out, 'data', `${split_}.parquet`);
      const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(file) })) as Record<string, unknown>[];
      expect(rows.length).toBe(expected.length);
      rows.forEach((row, i) => expect(canonical(sampleFromRow(row))).toEqual(canonical(expected[i])));
      expect(card).toContain(`  - split: ${split_}\n    path: data/${split_}.parquet\n`);
      expect(card).toContain(`| ${split_} | \`data/${split_}.parquet\` | ${expected.length} |`);
      total += rows.length;
    }
    expect(total).toBe((await samplesOf(extracted)).length);
    expect(card).toContain('  - name: nodes\n    sequence: string\n');
    expect(card).toContain('## Licence');
    expect(card).toContain('## Provenance');
  });

  it.skipIf(!existsSync(HF_PYTHON))('hf: Hugging Face datasets loads the folder (oracle: .cache/hf-venv with datasets)', async () => {
    const out = join(root, 'hf');
    const script = [
      'import datasets, json, sys',
      'ds = datasets.load_dataset(sys.argv[1])',
      'print(json.dumps({name: [len(split), split[0]["nodes"][:2], json.loads(split[0]["edges"])["Child"][0]] for name, split in ds.items()}))',
    ].join('\n');
    const printed = JSON.parse(execFileSync(HF_PYTHON, ['-c', script, out], { encoding: 'utf8', env: { ...process.env, HF_DATASETS_OFFLINE: '1', HF_HOME: join(root, 'hf-home') } })) as Record<string, [number, string[], unknown[]]>;
    for (const fold of foldsOf(split)) {
      const expected = (await samplesOf(join(split, fold))).map(asSample);
      const [count, nodes, firstChild] = printed[hfSplitName(fold)]!;
      expect(count).toBe(expected.length);
      expect(nodes).toEqual(expected[0]!.graph.nodes.slice(0, 2));
      expect(firstChild).toEqual(expected[0]!.graph.edges['Child']![0]);
    }
  }, 120_000);

  it('pairs: initial_state is the buggy function, final_state the function as written', async () => {
    const out = join(root, 'pairs');
    const run = await runCli(['export', extracted, out, '--format', 'pairs']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const samples = (await samplesOf(extracted)).map(asSample);
    // extract-dir writes each function as written (no bug) next to its rewrites: the oracle for final_state.
    const original = new Map<string, string>();
    for (const s of samples) if (s.target_fix_action_idx === null) original.set(`${s.graph.path}:${s.graph.code_range[0].join(',')}`, s.graph.text);
    const withBug = samples.filter((s) => s.target_fix_action_idx !== null);
    const lines = readJsonl(join(out, 'data.jsonl'));
    expect(lines.length).toBe(withBug.length);
    expect(run.stdout).toContain(`skipped ${samples.length - withBug.length}: ${samples.length - withBug.length} no bug`);
    lines.forEach((line, i) => {
      const sample = withBug[i]!;
      expect(line['initial_state']).toBe(sample.graph.text);
      expect(line['final_state']).toBe(original.get(`${sample.graph.path}:${sample.graph.code_range[0].join(',')}`));
      expect(line['final_state']).not.toBe(line['initial_state']);
    });
    expect(lines.some((l) => (l['fix'] as unknown[])[0] === 'ArgSwap') || lines.every((l) => (l['fix'] as unknown[])[0] === 'ReplaceText')).toBe(true);
  });

  it('great: variable-misuse samples with the error at the buggy name and the repairs at the right one', async () => {
    const out = join(root, 'great');
    const run = await runCli(['export', extracted, out, '--format', 'great']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const samples = (await samplesOf(extracted)).map(asSample);
    const misuse = samples.filter((s) => s.target_fix_action_idx !== null && s.candidate_rewrite_metadata[s.target_fix_action_idx]![0] === 'VariableMisuseRewriteScout');
    const otherBugs = samples.filter((s) => s.target_fix_action_idx !== null).length - misuse.length;
    const lines = readJsonl(join(out, 'data.jsonl'));
    const buggy = lines.filter((l) => l['has_bug'] === true);
    expect(buggy.length).toBe(misuse.length);
    expect(run.stdout).toContain(`${otherBugs} bug is not a variable misuse`);
    buggy.forEach((line, i) => {
      const sample = misuse[i]!;
      const tokens = line['source_tokens'] as string[];
      expect(tokens.slice(1)).toEqual(tokenNodes(sample.graph).map((n) => sample.graph.nodes[n]));
      const target = sample.target_fix_action_idx!;
      const error = line['error_location'] as number;
      expect(error).toBeGreaterThan(0);
      // The buggy name sits at the error location; every repair target holds the right name.
      const [, replacement] = sample.candidate_rewrites[target] as [string, string];
      expect(tokens[error]).toBe(nodeLabelAtFix(sample));
      expect((line['repair_targets'] as number[]).every((p) => tokens[p] === replacement)).toBe(true);
      expect(line['repair_candidates'] as number[]).toContain(error);
      for (const [from, to] of line['edges'] as number[][]) expect(from! < tokens.length && to! < tokens.length).toBe(true);
    });
    for (const line of lines.filter((l) => l['has_bug'] === false)) {
      expect(line['error_location']).toBe(0);
      expect(line['repair_targets']).toEqual([]);
    }
    expect(buggy.some((l) => (l['repair_targets'] as number[]).length > 0)).toBe(true);
  });

  it('a malformed sample is named with its file and index and the rest is exported (exit 1)', async () => {
    const input = join(root, 'bad');
    const good = (await samplesOf(extracted)).slice(0, 3);
    await writeSamples(join(input, 'graphs-x.msgpack.l.gz'), [good[0], { graph: 'nope' }, good[1], good[2]]);
    const out = join(root, 'bad-out');
    const run = await runCli(['export', input, out, '--format', 'jsonl']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('graphs-x.msgpack.l.gz: sample 1: no graph map');
    expect(readJsonl(join(out, 'data.jsonl')).length).toBe(3);
  });

  it('refuses an output directory that is not empty', async () => {
    const run = await runCli(['export', extracted, extracted, '--format', 'jsonl']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('output directory is not empty');
  });
});

/** The text at the fix's range in the buggy function: the misused name. */
function nodeLabelAtFix(sample: Sample): string {
  const target = sample.target_fix_action_idx!;
  const [[line, from], [, to]] = sample.candidate_rewrite_ranges[target]!;
  const lines = sample.graph.text.split('\n');
  const startLine = sample.graph.code_range[0][0];
  const offset = line === startLine ? sample.graph.code_range[0][1] : 0;
  return [...lines[line - startLine]!].slice(from - offset, to - offset).join('');
}

describe('fixedFunctionText', () => {
  it('is null for a sample without bug', async () => {
    const samples = (await samplesOf(extracted)).map(asSample);
    expect(fixedFunctionText(samples.find((s) => s.target_fix_action_idx === null)!)).toBeNull();
  });
});
