// The LSH index over compact MinHash signatures, and its persistence in OUT.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactSignature, JACCARD_THRESHOLD, NearDuplicateIndex } from '../../src/dedup/lsh-index.js';
import { estimateJaccard, minhash } from '../../src/dedup/minhash.js';
import { INDEX_FILE, readIndexRecords } from '../../src/dedup/index-file.js';
import { NearDuplicates } from '../../src/dedup/near-duplicates.js';
import { sourceSignature } from '../../src/dedup/sign-package.js';
import type { FileSignature } from '../../src/dedup/signatures.js';
import { identifierAndStringTokens } from '../../src/dedup/tokens.js';

const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
/** Every top-level stdlib module, sorted: unrelated files, apart from a few real near-copies. */
const STDLIB_FILES = readdirSync(STDLIB).filter((name) => name.endsWith('.py')).sort().map((name) => join(STDLIB, name));

function signed(path: string, text: string, samples = 3): FileSignature {
  return { path, samples, functions: 1, minhash: sourceSignature(Buffer.from(text)) };
}

function setOf(count: number, from: number): string[] {
  return Array.from({ length: count }, (_, i) => `t${from + i}`);
}

describe('NearDuplicateIndex', () => {
  it('finds an identical file and reports the first file added', () => {
    const index = new NearDuplicateIndex();
    const text = readFileSync(join(STDLIB, 'textwrap.py'), 'utf8');
    const signature = compactSignature(sourceSignature(Buffer.from(text))!);
    expect(index.findDuplicate(signature)).toBeNull();
    index.add(signature, { package: 'a', path: 'a/textwrap.py' });
    index.add(signature, { package: 'b', path: 'b/textwrap.py' });
    expect(index.findDuplicate(signature)).toEqual({ package: 'a', path: 'a/textwrap.py' });
  });

  it('flags sets above the threshold and not those clearly below it', () => {
    // |A| = |B| = 400 with overlap k: J = k / (800 - k). 0.93 and 0.6 are 3+ standard deviations of the estimate away from 0.85.
    for (const [k, expected] of [[400, true], [390, true], [385, true], [300, false], [200, false]] as const) {
      const index = new NearDuplicateIndex();
      index.add(compactSignature(minhash(setOf(400, 0))), { package: 'a', path: 'x.py' });
      const other = [...setOf(k, 0), ...setOf(400 - k, 10_000)];
      const jaccard = k / (800 - k);
      expect(index.findDuplicate(compactSignature(minhash(other))) !== null, `J=${jaccard.toFixed(3)}`).toBe(expected);
    }
  });

  it('agrees with exact Jaccard on every stdlib module, away from the threshold', () => {
    const sets = STDLIB_FILES.map((file) => identifierAndStringTokens(readFileSync(file, 'utf8')));
    const index = new NearDuplicateIndex();
    const kept: { set: Set<string>; path: string }[] = [];
    let compared = 0;
    for (let i = 0; i < STDLIB_FILES.length; i++) {
      const set = sets[i];
      if (set === null || set === undefined || set.size < 10) continue;
      const found = index.findDuplicate(compactSignature(minhash(set)));
      let best = 0;
      for (const other of kept) {
        let both = 0;
        for (const x of set) if (other.set.has(x)) both++;
        best = Math.max(best, both / (set.size + other.set.size - both));
      }
      compared++;
      // Within 0.05 of the threshold either answer is an acceptable estimate.
      if (Math.abs(best - JACCARD_THRESHOLD) > 0.05) expect(found !== null, `${STDLIB_FILES[i]}: best exact Jaccard ${best}`).toBe(best >= JACCARD_THRESHOLD);
      if (found === null) {
        index.add(compactSignature(minhash(set)), { package: 'stdlib', path: STDLIB_FILES[i]! });
        kept.push({ set, path: STDLIB_FILES[i]! });
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('forgets the files added after a given size', () => {
    const index = new NearDuplicateIndex();
    const signatures = STDLIB_FILES.slice(0, 60).map((file) => sourceSignature(readFileSync(file))).filter((s) => s !== null).map((s) => compactSignature(s!));
    const half = Math.floor(signatures.length / 2);
    signatures.slice(0, half).forEach((s, i) => index.add(s, { package: 'p', path: `first/${i}` }));
    // Added twice: the second copies share every bucket with the first ones.
    signatures.forEach((s, i) => index.add(s, { package: 'p', path: `second/${i}` }));
    index.truncate(half);
    expect(index.size).toBe(half);
    signatures.forEach((s, i) => expect(index.findDuplicate(s)).toEqual(i < half ? { package: 'p', path: `first/${i}` } : null));
    signatures.slice(half).forEach((s, i) => index.add(s, { package: 'p', path: `third/${i}` }));
    expect(index.findDuplicate(signatures.at(-1)!)!.path).toMatch(/^third\//);
  });

  it('keeps estimates of compact (16-bit) signatures within 0.01 of full ones', () => {
    const a = minhash(identifierAndStringTokens(readFileSync(join(STDLIB, 'shlex.py'), 'utf8'))!);
    const b = minhash(identifierAndStringTokens(readFileSync(join(STDLIB, 'textwrap.py'), 'utf8'))!);
    expect(Math.abs(estimateJaccard(compactSignature(a), compactSignature(b)) - estimateJaccard(a, b))).toBeLessThan(0.01);
  });
});

describe('NearDuplicates (index persisted in OUT)', () => {
  const textwrap = readFileSync(join(STDLIB, 'textwrap.py'), 'utf8');
  const shlex = readFileSync(join(STDLIB, 'shlex.py'), 'utf8');
  const heapq = readFileSync(join(STDLIB, 'heapq.py'), 'utf8');
  const edited = textwrap.replace(/\bcur_len\b/g, 'current_length') + '\ndef helper(value):\n    return "vendored " + value\n';

  it('keeps the first copy, drops later ones (also within one package), skips tiny files, and survives a reload', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dedup-'));
    const first = (await NearDuplicates.load(out, () => true)).state;
    const a = first.judge('a', [signed('a/textwrap.py', textwrap), signed('a/shlex.py', shlex), signed('a/copy_of_shlex.py', shlex, 7)]);
    expect(a.kept.map((f) => f.path)).toEqual(['a/textwrap.py', 'a/shlex.py']);
    expect(a.duplicates).toEqual([{ path: 'a/copy_of_shlex.py', samples: 7, functions: 1, of: { package: 'a', path: 'a/shlex.py' } }]);
    await first.record('a', a);

    const reloaded = (await NearDuplicates.load(out, () => true)).state;
    expect(reloaded.size).toBe(2);
    const b = reloaded.judge('b', [signed('b/tw.py', edited), signed('b/heapq.py', heapq), signed('b/__init__.py', 'from .tw import *\n')]);
    expect(b.duplicates.map((d) => [d.path, d.of.path])).toEqual([['b/tw.py', 'a/textwrap.py']]);
    expect(b.kept.map((f) => f.path)).toEqual(['b/heapq.py']);
    await reloaded.record('b', b);
    const records = await readIndexRecords(out);
    expect([...records.keys()]).toEqual(['a', 'b']);
    expect(records.get('b')!.files[0]!.signature).toEqual(compactSignature(sourceSignature(Buffer.from(heapq))!));
  });

  it('gives the same verdicts in two independent runs (deterministic)', async () => {
    const verdicts = [];
    for (let run = 0; run < 2; run++) {
      const state = (await NearDuplicates.load(mkdtempSync(join(tmpdir(), 'bugmine-dedup-')), () => true)).state;
      const files = STDLIB_FILES.slice(0, 80).map((file, i) => signed(`m${i}.py`, readFileSync(file, 'utf8')));
      verdicts.push(state.judge('p', [...files, ...files.slice(0, 40).map((f) => ({ ...f, path: `copy/${f.path}` }))]));
    }
    expect(verdicts[1]).toEqual(verdicts[0]);
    const dropped = new Set(verdicts[0]!.duplicates.map((d) => d.path));
    const signedOriginals = STDLIB_FILES.slice(0, 40).map((file, i) => [`m${i}.py`, sourceSignature(readFileSync(file))] as const).filter(([, sig]) => sig !== null);
    expect(signedOriginals.length).toBeGreaterThan(30);
    for (const [path] of signedOriginals) expect(dropped.has(`copy/${path}`), path).toBe(true);
  });

  it('leaves out packages that are not done, ignores a cut-off line and appends after it on a fresh line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dedup-'));
    const state = (await NearDuplicates.load(out, () => true)).state;
    await state.record('a', state.judge('a', [signed('a/textwrap.py', textwrap)]));
    await state.record('b', state.judge('b', [signed('b/shlex.py', shlex)]));
    appendFileSync(join(out, INDEX_FILE), '{"package":"c","files":[["c/x.py","AAAA');

    const onlyB = await NearDuplicates.load(out, (pkg) => pkg !== 'a');
    expect([...onlyB.packages]).toEqual(['b']);
    expect(onlyB.state.judge('a', [signed('a/textwrap.py', textwrap)]).duplicates).toEqual([]);
    await onlyB.state.record('a', onlyB.state.judge('x', [signed('x/heapq.py', heapq)]));

    const lines = readFileSync(join(out, INDEX_FILE), 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(JSON.parse(lines.at(-2)!).package).toBe('a');
    // 'a' was recorded again: its latest record counts, at its new position.
    expect([...(await readIndexRecords(out)).keys()]).toEqual(['b', 'a']);
  });

  it('starts the file again when its very first write was cut off inside the header', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dedup-'));
    const state = (await NearDuplicates.load(out, () => true)).state;
    await state.record('a', state.judge('a', [signed('a/textwrap.py', textwrap)]));
    const header = readFileSync(join(out, INDEX_FILE), 'utf8').split('\n')[0]!;
    writeFileSync(join(out, INDEX_FILE), header.slice(0, 30));
    const torn = await NearDuplicates.load(out, () => true);
    expect(torn.state.size).toBe(0);
    await torn.state.record('b', torn.state.judge('b', [signed('b/shlex.py', shlex)]));
    expect(readFileSync(join(out, INDEX_FILE), 'utf8').split('\n')[0]).toBe(header);
    expect([...(await readIndexRecords(out)).keys()]).toEqual(['b']);
  });

  it('refuses an index file of another format', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dedup-'));
    writeFileSync(join(out, INDEX_FILE), '{"format":"something-else"}\n');
    await expect(NearDuplicates.load(out, () => true)).rejects.toThrow(/not a near-duplicate index/);
  });
});
