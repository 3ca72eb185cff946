// Development check, not part of bugmine and never run by its tests: compares bugmine's codegen and
// positions with LibCST 1.8.2 on LibCST's own trees. For each file, the oracle tree's text from
// `codegen` must equal the file's decoded text, and `assignPositions` on a copy stripped of ranges must
// reproduce LibCST's `range` on every node.
//
//   node --import tsx scripts/dev/compare-positions.ts [--limit N] [--show N] [FILE_OR_DIR ...]
//
// Without paths it walks the standard library of `python3` (site-packages left out). LibCST runs in
// batches (one Python process per batch, via scripts/dev/libcst_dump.py); its JSON trees are cached
// under $TMPDIR/bugmine-compare-positions.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CodeRange, CstNode } from '../../src/python/cst.js';
import { codegen } from '../../src/python/codegen.js';
import { assignPositions } from '../../src/python/positions.js';

const here = dirname(fileURLToPath(import.meta.url));
const python = process.env['BUGMINE_ORACLE_PYTHON'] ?? '/work/devenv/bin/python';
const cacheDir = join(tmpdir(), 'bugmine-compare-positions');

function parseArgs(argv: string[]): { limit: number; show: number; paths: string[] } {
  let limit = Infinity;
  let show = 10;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--limit') limit = Number(argv[++i]);
    else if (argv[i] === '--show') show = Number(argv[++i]);
    else paths.push(argv[i]!);
  }
  return { limit, show, paths };
}

function pythonFiles(path: string, out: string[]): void {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (entry === 'site-packages') continue;
      pythonFiles(join(path, entry), out);
    }
  } else if (path.endsWith('.py')) {
    out.push(path);
  }
}

function cachePath(file: string): string {
  const key = createHash('sha256').update(readFileSync(file)).digest('hex');
  return join(cacheDir, `${key}.json`);
}

interface OracleLine {
  path: string;
  tree?: CstNode;
  error?: string;
}

/** Runs LibCST on the files that are not cached yet, in batches, and caches each result. */
async function fillCache(files: string[]): Promise<void> {
  mkdirSync(cacheDir, { recursive: true });
  const missing = files.filter((f) => !existsSync(cachePath(f)));
  for (let i = 0; i < missing.length; i += 100) {
    const batch = missing.slice(i, i + 100);
    const child = spawn(python, [join(here, 'libcst_dump.py'), ...batch], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    let index = 0;
    for await (const line of lines) {
      const file = batch[index++]!;
      writeFileSync(cachePath(file), line);
    }
    await new Promise((done) => child.on('close', done));
    process.stderr.write(`oracle: ${Math.min(i + 100, missing.length)}/${missing.length}\n`);
  }
}

function stripRanges(node: CstNode): CstNode {
  return JSON.parse(JSON.stringify(node), (key, value: unknown) => (key === 'range' ? undefined : value)) as CstNode;
}

/** Equal ranges; whitespace that codegen never emits (e.g. around an absent guard) has none in both. */
function sameRange(a: CodeRange | undefined, b: CodeRange | undefined): boolean {
  if (a === undefined && b === undefined) return true;
  return (
    a !== undefined &&
    b !== undefined &&
    a.start.line === b.start.line &&
    a.start.column === b.start.column &&
    a.end.line === b.end.line &&
    a.end.column === b.end.column
  );
}

function format(range: CodeRange | undefined): string {
  return range === undefined ? 'none' : `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** Walks two copies of the same tree side by side. */
function* pairs(a: unknown, b: unknown, path: string): Generator<[CstNode, CstNode, string]> {
  if (Array.isArray(a)) {
    for (let i = 0; i < a.length; i++) yield* pairs(a[i], (b as unknown[])[i], `${path}[${i}]`);
  } else if (typeof a === 'object' && a !== null && typeof (a as CstNode).type === 'string') {
    const node = a as CstNode;
    yield [node, b as CstNode, path];
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'range' && key !== 'type') yield* pairs(value, (b as CstNode)[key], `${path}.${key}`);
    }
  }
}

function decode(file: string, encoding: string): string {
  const bytes = readFileSync(file);
  const label = encoding.toLowerCase().replace(/_/g, '-');
  let text = new TextDecoder(label === 'utf-8' ? 'utf-8' : label, { ignoreBOM: false }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

async function main(): Promise<void> {
  const { limit, show, paths } = parseArgs(process.argv.slice(2));
  const roots = paths.length > 0 ? paths : [execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim()];
  const files: string[] = [];
  for (const root of roots) pythonFiles(resolve(root), files);
  files.splice(limit);
  await fillCache(files);

  let parsed = 0;
  let codegenMatches = 0;
  let nodes = 0;
  let nodeMatches = 0;
  let filesAllMatch = 0;
  let shown = 0;
  const mismatchTypes = new Map<string, number>();
  let codegenMs = 0;
  let positionsMs = 0;
  let chars = 0;
  for (const file of files) {
    const line = JSON.parse(readFileSync(cachePath(file), 'utf8')) as OracleLine;
    if (line.tree === undefined) continue;
    parsed++;
    const oracle = line.tree;
    const text = decode(file, oracle['encoding'] as string);
    chars += text.length;
    let t = performance.now();
    const generated = codegen(oracle);
    codegenMs += performance.now() - t;
    if (generated === text) codegenMatches++;
    else if (shown++ < show) {
      let i = 0;
      while (i < text.length && text[i] === generated[i]) i++;
      console.log(`codegen differs: ${file} at char ${i}: ${JSON.stringify(text.slice(i, i + 40))} vs ${JSON.stringify(generated.slice(i, i + 40))}`);
    }
    const ours = stripRanges(oracle);
    t = performance.now();
    assignPositions(ours);
    positionsMs += performance.now() - t;
    let allMatch = true;
    for (const [expected, actual, path] of pairs(oracle, ours, 'Module')) {
      nodes++;
      if (sameRange(expected.range, actual.range)) {
        nodeMatches++;
      } else {
        allMatch = false;
        mismatchTypes.set(expected.type, (mismatchTypes.get(expected.type) ?? 0) + 1);
        if (shown++ < show) console.log(`range differs: ${file} ${path} ${expected.type}: libcst ${format(expected.range)} ours ${format(actual.range)}`);
      }
    }
    if (allMatch) filesAllMatch++;
  }
  const pct = (a: number, b: number): string => `${((100 * a) / Math.max(b, 1)).toFixed(4)}%`;
  console.log(`files: ${files.length}, parsed by LibCST: ${parsed}`);
  console.log(`codegen === text: ${codegenMatches}/${parsed} (${pct(codegenMatches, parsed)})`);
  console.log(`node ranges equal: ${nodeMatches}/${nodes} (${pct(nodeMatches, nodes)}); files with every range equal: ${filesAllMatch}/${parsed}`);
  if (mismatchTypes.size > 0) console.log(`mismatches by type: ${JSON.stringify(Object.fromEntries(mismatchTypes))}`);
  const mb = chars / 1e6;
  console.log(`codegen ${(mb / (codegenMs / 1000)).toFixed(1)} M chars/s, assignPositions ${(mb / (positionsMs / 1000)).toFixed(1)} M chars/s`);
}

await main();
