// DEV ONLY: compares bugmine's parser with LibCST 1.8.2 (native parser) on a corpus and prints, per
// file, the first differing field. Needs the oracle venv (scripts/dev/oracle.ts); CI never runs this.
//
//   node --import tsx scripts/dev/compare-parser.ts [--ranges] [--limit N] [--quiet] FILE_OR_DIR...
//
// LibCST trees are computed in one batched Python process per run and cached under
// $TMPDIR/bugmine-compare-parser (keyed by file content).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CstNode } from '../../src/python/cst.js';
import { decodeSource } from '../../src/python/decode.js';
import { parseModule, ParseError } from '../../src/python/parser/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const python = process.env['BUGMINE_ORACLE_PYTHON'] ?? '/work/devenv/bin/python';
const cacheDir = join(tmpdir(), 'bugmine-compare-parser');

function listPy(path: string, out: string[]): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'site-packages' || name === '__pycache__') continue;
      listPy(join(path, name), out);
    }
  } else if (path.endsWith('.py')) out.push(path);
}

function keyOf(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** LibCST trees for all files, batched; `{error}` for files LibCST rejects. */
function oracleTrees(files: string[], cachedOnly = false): Map<string, { tree?: CstNode; error?: string }> {
  mkdirSync(cacheDir, { recursive: true });
  const result = new Map<string, { tree?: CstNode; error?: string }>();
  const missing: string[] = [];
  for (const f of files) {
    const p = join(cacheDir, keyOf(f) + '.json');
    if (existsSync(p)) result.set(f, JSON.parse(readFileSync(p, 'utf8')));
    else if (!cachedOnly) missing.push(f);
  }
  for (let k = 0; k < missing.length; k += 50) {
    const batch = missing.slice(k, k + 50);
    const out = execFileSync(python, [join(here, 'libcst_dump.py'), ...batch.map((f) => resolve(f))], {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const lines = out.split('\n').filter((l) => l.length > 0);
    lines.forEach((line, idx) => {
      const f = batch[idx]!;
      const parsed = JSON.parse(line) as { tree?: CstNode; error?: string };
      const entry = parsed.tree !== undefined ? { tree: parsed.tree } : { error: parsed.error ?? 'unknown' };
      writeFileSync(join(cacheDir, keyOf(f) + '.json'), JSON.stringify(entry));
      result.set(f, entry);
    });
    if (missing.length > 50) process.stderr.write(`oracle ${Math.min(k + 50, missing.length)}/${missing.length}\r`);
  }
  return result;
}

function firstDiff(a: unknown, b: unknown, path: string, ranges: boolean): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    return `${path}: ours ${short(a)} vs libcst ${short(b)}`;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    const n = Math.min(a.length, bb.length);
    for (let k = 0; k < n; k++) {
      const d = firstDiff(a[k], bb[k], `${path}[${k}]`, ranges);
      if (d !== null) return d;
    }
    if (a.length !== bb.length) return `${path}: length ours ${a.length} vs libcst ${bb.length}`;
    return null;
  }
  if (typeof a === 'object' && a !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    if (ao['type'] !== bo['type']) return `${path}: type ours ${String(ao['type'])} vs libcst ${String(bo['type'])}`;
    const here = typeof ao['type'] === 'string' ? `${path}.${ao['type']}` : path;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) {
      if (k === 'range' && !ranges) continue;
      if (k === 'range' && (ao[k] === undefined || bo[k] === undefined)) continue;
      if (!(k in ao)) return `${here}.${k}: missing in ours (libcst ${short(bo[k])})`;
      if (!(k in bo)) return `${here}.${k}: extra in ours (${short(ao[k])})`;
      const d = firstDiff(ao[k], bo[k], `${here}.${k}`, ranges);
      if (d !== null) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ours ${short(a)} vs libcst ${short(b)}`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 160 ? s.slice(0, 160) + '…' : s;
}

function main(): void {
  const args = process.argv.slice(2);
  const ranges = args.includes('--ranges');
  const quiet = args.includes('--quiet');
  const limitIdx = args.indexOf('--limit');
  const limit = limitIdx >= 0 ? Number(args[limitIdx + 1]) : Infinity;
  const paths = args.filter((a, i) => !a.startsWith('--') && !(limitIdx >= 0 && i === limitIdx + 1));
  const files: string[] = [];
  for (const p of paths) listPy(p, files);
  const cachedOnly = args.includes('--cached-only');
  const trees = oracleTrees(files.slice(0, limit), cachedOnly);
  const selected = files.slice(0, limit).filter((f) => trees.has(f));
  let same = 0;
  let differ = 0;
  let bothReject = 0;
  const verdict: string[] = [];
  const diffClasses = new Map<string, number>();
  for (const f of selected) {
    const oracle = trees.get(f)!;
    let ours: CstNode | null = null;
    let ourError: string | null = null;
    try {
      const { text, encoding } = decodeSource(readFileSync(f));
      ours = parseModule(text, { encoding, positions: ranges });
    } catch (e) {
      ourError = e instanceof ParseError ? `ParseError: ${e.message}` : `CRASH ${(e as Error).stack}`;
    }
    if (oracle.tree === undefined) {
      if (ours === null) bothReject++;
      else verdict.push(`${f}: libcst rejects (${oracle.error}), we accept`);
      continue;
    }
    if (ours === null) {
      verdict.push(`${f}: we reject (${ourError}), libcst accepts`);
      differ++;
      continue;
    }
    const d = firstDiff(JSON.parse(JSON.stringify(ours)), oracle.tree, '', ranges);
    if (d === null) same++;
    else {
      differ++;
      const cls = d.replace(/\[\d+\]/g, '[]').replace(/:.*$/, '').split('.').slice(-3).join('.');
      diffClasses.set(cls, (diffClasses.get(cls) ?? 0) + 1);
      if (!quiet) console.log(`${f}\n    ${d}`);
    }
  }
  for (const v of verdict) console.log(v);
  console.log(`\nidentical ${same} / ${same + differ} parsed by LibCST (${((100 * same) / Math.max(1, same + differ)).toFixed(2)}%), both reject ${bothReject}`);
  const classes = [...diffClasses.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [c, n] of classes) console.log(`  ${n}\t${c}`);
}

main();
