import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSamples } from '../../src/io/reader.js';
import { readFixRecords } from '../../src/fixes/records.js';
import { identifierAndStringTokens } from '../../src/dedup/tokens.js';
import { runCli, SHARED } from '../helpers/cli.js';

const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const CORPUS = join(SHARED, 'datasets', 'pypibugs-fixes');

function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  return both / (a.size + b.size - both);
}

describe('bugmine overlap on real data', () => {
  it('an extract-dir of the stdlib json package against the PyPIBugs corpus: every pair an exact comparison finds is reported', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bugmine-overlap-real-')), 'A');
    const extracted = await runCli(['extract-dir', join(stdlib, 'json'), out, '--workers', '1']);
    expect(extracted.code, extracted.stderr + extracted.stdout).toBe(0);
    const result = await runCli(['overlap', out, CORPUS, '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, any>;

    const texts: string[] = [];
    for (const name of readdirSync(out).sort()) {
      for await (const s of readSamples(join(out, name))) {
        const sample = s as Record<string, any>;
        if (sample['target_fix_action_idx'] === null) texts.push(sample['graph']['text']);
      }
    }
    expect(report['functions']['a']['total']).toBe(texts.length);
    const { records } = await readFixRecords(join(CORPUS, 'fixes.jsonl.gz'));
    expect(report['functions']['b']['total']).toBe(records.length);
    const a = texts.map((t) => identifierAndStringTokens(t)!).filter((t) => t.size >= 10);
    const b = records.map((r) => identifierAndStringTokens(r.before)).filter((t): t is Set<string> => t !== null && t.size >= 10);
    expect(report['functions']['a']['compared']).toBe(a.length);
    expect(report['functions']['b']['compared']).toBe(b.length);
    let exact = 0;
    for (const y of b) if (a.some((x) => jaccard(x, y) >= 0.95)) exact++;
    // LSH may find more (estimates near the threshold), never fewer of the clear ones.
    expect(report['functions']['b']['overlapping']).toBeGreaterThanOrEqual(exact);
    for (const pair of report['functions']['pairs']) expect(pair.similarity).toBeGreaterThanOrEqual(0.85);
  });
});
