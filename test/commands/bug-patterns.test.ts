// `extract-dir` and `extract` with --bug-patterns / --bug-source, end to end: patterns mined by the CLI
// from a slice of the shared corpus seed bugs into standard-library files.
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedFunctionText } from '../../src/export/fixed-text.js';
import { asSample, type Sample } from '../../src/export/sample.js';
import { readSamples } from '../../src/io/reader.js';
import { LEARNED_SCOUT } from '../../src/samples/learned-rewrites.js';
import { buildDefaultIndex, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { runCli, SHARED } from '../helpers/cli.js';

const CORPUS = join(SHARED, 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz');
const STDLIB_JSON = '/usr/lib/python3.11/json';
const LONG = 600_000;

async function samplesOf(file: string): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const value of readSamples(file)) out.push(asSample(value));
  return out;
}

/** Every sample passes the format checks; every bug's target fix gives back the clean function. */
function checkSamples(samples: Sample[]): { learnedBugs: number; learnedCandidates: number } {
  const clean = new Map<string, string>();
  let learnedBugs = 0;
  let learnedCandidates = 0;
  for (const sample of samples) {
    const key = `${sample.graph.path}:${sample.graph.code_range[0][0]}`;
    learnedCandidates += sample.candidate_rewrite_metadata.filter(([scout]) => scout === LEARNED_SCOUT).length;
    if (sample.target_fix_action_idx === null) {
      clean.set(key, sample.graph.text);
      continue;
    }
    expect(fixedFunctionText(sample)).toBe(clean.get(key));
    const provenance = sample.extra['provenance'] as { bug_pattern?: number };
    if (provenance.bug_pattern !== undefined) learnedBugs++;
  }
  return { learnedBugs, learnedCandidates };
}

describe.skipIf(!existsSync(CORPUS) || !existsSync(STDLIB_JSON))('--bug-patterns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bugmine-bug-patterns-'));
  const patterns = join(dir, 'patterns.json');
  const src = join(dir, 'src');

  beforeAll(async () => {
    // A slice of the corpus: its first 250 fixes.
    const lines = gunzipSync(readFileSync(CORPUS)).toString('utf8').split('\n').slice(0, 250);
    writeFileSync(join(dir, 'slice.jsonl'), lines.join('\n') + '\n');
    const mined = await runCli(['patterns', 'mine', join(dir, 'slice.jsonl'), '-o', patterns]);
    expect(mined.code, mined.stderr + mined.stdout).toBe(0);
    mkdirSync(join(src, 'json'), { recursive: true });
    for (const name of ['__init__.py', 'decoder.py', 'encoder.py']) copyFileSync(join(STDLIB_JSON, name), join(src, 'json', name));
  }, LONG);

  it('extract-dir seeds learned bugs that the sample format checks accept, deterministically on any number of threads', async () => {
    const out = join(dir, 'patterns-out');
    const run = await runCli(['extract-dir', src, out, '--workers', '1', '--seed', '5', '--bug-patterns', patterns, '--bug-source', 'patterns', '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const file = join(out, 'graphs-json.msgpack.l.gz');
    const counts = checkSamples(await samplesOf(file));
    expect(counts.learnedBugs).toBeGreaterThan(0);
    expect(counts.learnedCandidates).toBeGreaterThan(0);
    const again = join(dir, 'patterns-again');
    const second = await runCli(['extract-dir', src, again, '--workers', '2', '--seed', '5', '--bug-patterns', patterns, '--bug-source', 'patterns']);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    expect(readFileSync(join(again, 'graphs-json.msgpack.l.gz')).equals(readFileSync(file))).toBe(true);
    const both = join(dir, 'both-out');
    expect((await runCli(['extract-dir', src, both, '--workers', '2', '--seed', '5', '--bug-patterns', patterns, '--bug-source', 'both'])).code).toBe(0);
    checkSamples(await samplesOf(join(both, 'graphs-json.msgpack.l.gz')));
  }, LONG);

  it('leaves the default output as it was: --bug-source scouts gives the same bytes as no option', async () => {
    const plain = join(dir, 'plain');
    const scouts = join(dir, 'scouts');
    expect((await runCli(['extract-dir', src, plain, '--workers', '2', '--seed', '5'])).code).toBe(0);
    expect((await runCli(['extract-dir', src, scouts, '--workers', '2', '--seed', '5', '--bug-source', 'scouts'])).code).toBe(0);
    const bytes = readFileSync(join(plain, 'graphs-json.msgpack.l.gz'));
    expect(readFileSync(join(scouts, 'graphs-json.msgpack.l.gz')).equals(bytes)).toBe(true);
    const samples = await samplesOf(join(plain, 'graphs-json.msgpack.l.gz'));
    expect(samples.every((s) => s.candidate_rewrite_metadata.every(([scout]) => scout !== LEARNED_SCOUT))).toBe(true);
  }, LONG);

  it('refuses contradicting options and a bad patterns file with one line naming it', async () => {
    const out = join(dir, 'refused');
    const missing = await runCli(['extract-dir', src, out, '--bug-source', 'both']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('bugmine: --bug-source both needs --bug-patterns FILE\n');
    const useless = await runCli(['extract-dir', src, out, '--bug-patterns', patterns]);
    expect(useless.stderr).toMatch(/^bugmine: --bug-patterns has no effect with --bug-source scouts/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "bugmine-patterns", "nodes": [{"id": 0}], "patterns": []}');
    const broken = await runCli(['extract-dir', src, out, '--bug-patterns', bad, '--bug-source', 'patterns']);
    expect(broken.stderr).toBe(`bugmine: ${bad}: nodes[0]: not a pattern node with id 0 and a template\n`);
    const unknown = await runCli(['extract-dir', src, out, '--bug-source', 'some']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--bug-source.*expected scouts, patterns, both/);
  }, LONG);

  it('extract --executor local passes the patterns to the package job', async () => {
    const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));
    buildDefaultIndex(index);
    const list = join(dir, 'packages.txt');
    writeFileSync(list, `${DEFAULT_DEMO_WHEELS[1]!.name}\n`);
    const out = join(dir, 'extract-out');
    const run = await runCli(['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--seed', '3', '--bug-patterns', patterns, '--bug-source', 'patterns']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const name = DEFAULT_DEMO_WHEELS[1]!.name.toLowerCase().replace(/[-_.]+/g, '-');
    const counts = checkSamples(await samplesOf(join(out, `graphs-${name}.msgpack.l.gz`)));
    expect(counts.learnedBugs).toBeGreaterThan(0);
  }, LONG);
});
