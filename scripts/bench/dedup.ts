// Near-duplicate detection over the standard library of the machine's python3: signing (files/s,
// MB/s), index lookups + inserts (files/s) and how many stdlib files count as near-duplicates:
//   npm run bench -- dedup [copies]
// `copies` (default 20) simulates that many packages each vendoring every stdlib file, to measure
// lookups against a larger index (every copy must be found) and the size and reload time of an
// index file of that many packages.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { IndexFileAppender, INDEX_FILE } from '../../src/dedup/index-file.js';
import { NearDuplicates } from '../../src/dedup/near-duplicates.js';
import { compactSignature, NearDuplicateIndex } from '../../src/dedup/lsh-index.js';
import { sourceSignature } from '../../src/dedup/sign-package.js';
import { pythonFilesUnder, stdlibRoot } from '../lib/stdlib.js';

export async function main(args: string[]): Promise<void> {
  const copies = Number(args[0] ?? 20);
  const root = stdlibRoot();
  const files = pythonFilesUnder(root).map((file) => ({ path: relative(root, file), bytes: readFileSync(file) }));
  const megabytes = files.reduce((n, f) => n + f.bytes.length, 0) / 1e6;

  let t0 = performance.now();
  const signatures = files.map((file) => ({ path: file.path, signature: sourceSignature(file.bytes) }));
  const signSeconds = (performance.now() - t0) / 1000;
  const signed = signatures.filter((s) => s.signature !== null);
  console.log(`sign: ${files.length} files (${megabytes.toFixed(1)} MB), ${signed.length} with >= 10 distinct tokens: ${(files.length / signSeconds).toFixed(0)} files/s, ${(megabytes / signSeconds).toFixed(1)} MB/s`);

  const compact = signed.map((s) => ({ path: s.path, signature: compactSignature(s.signature!) }));
  const index = new NearDuplicateIndex();
  const duplicates: string[] = [];
  t0 = performance.now();
  for (const { path, signature } of compact) {
    const of = index.findDuplicate(signature);
    if (of === null) index.add(signature, { package: 'stdlib', path });
    else duplicates.push(`${path} ~ ${of.path}`);
  }
  let seconds = (performance.now() - t0) / 1000;
  console.log(`index: ${compact.length} lookups/inserts in ${seconds.toFixed(2)} s (${(compact.length / seconds).toFixed(0)} files/s); ${duplicates.length} stdlib files are near-duplicates of an earlier one`);
  for (const line of duplicates.slice(0, 10)) console.log(`  ${line}`);

  let found = 0;
  t0 = performance.now();
  for (let copy = 0; copy < copies; copy++) {
    for (const { signature } of compact) if (index.findDuplicate(signature) !== null) found++;
  }
  seconds = (performance.now() - t0) / 1000;
  const lookups = copies * compact.length;
  console.log(`vendored copies: ${found}/${lookups} found, ${(lookups / seconds).toFixed(0)} lookups/s; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

  // Persistence: the index file of `copies` packages holding every stdlib file, and its reload.
  const out = mkdtempSync(join(tmpdir(), 'bugmine-bench-dedup-'));
  try {
    const appender = new IndexFileAppender(out);
    t0 = performance.now();
    for (let copy = 0; copy < copies; copy++) await appender.append({ package: `p${copy}`, files: compact.map((f) => ({ path: `p${copy}/${f.path}`, signature: f.signature })) });
    const writeSeconds = (performance.now() - t0) / 1000;
    const bytes = statSync(join(out, INDEX_FILE)).size;
    t0 = performance.now();
    const { state } = await NearDuplicates.load(out, () => true);
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(`index file: ${state.size} files, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / state.size).toFixed(0)} B/file), appended in ${writeSeconds.toFixed(2)} s, loaded in ${loadSeconds.toFixed(2)} s (${(state.size / loadSeconds).toFixed(0)} files/s)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
