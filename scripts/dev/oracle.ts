// Development oracle, not part of bugmine and never used by its tests: LibCST's tree and Python's
// tokens for a file, for building and debugging bugmine's own parser and graph passes before they
// can be compared end to end. Needs a Python with libcst 1.8.2 (set BUGMINE_ORACLE_PYTHON, default
// /work/devenv/bin/python). Results are cached under $TMPDIR/bugmine-oracle.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineStarts, offsetOf } from '../../src/graph/text.js';
import type { CstNode } from '../../src/python/cst.js';
import type { Token, TokenKind } from '../../src/python/token.js';

const here = dirname(fileURLToPath(import.meta.url));
const python = process.env['BUGMINE_ORACLE_PYTHON'] ?? '/work/devenv/bin/python';
const cacheDir = join(tmpdir(), 'bugmine-oracle');

function cached<T>(kind: string, script: string, file: string, env: NodeJS.ProcessEnv, run: () => string): T {
  mkdirSync(cacheDir, { recursive: true });
  // The dump script is part of the key: a fixed oracle must not be answered from a stale cache.
  const key = createHash('sha256').update(kind).update(readFileSync(script)).update(readFileSync(file)).update(JSON.stringify(env)).digest('hex');
  const path = join(cacheDir, `${key}.json`);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as T;
  const out = run();
  writeFileSync(path, out);
  return JSON.parse(out) as T;
}

/** LibCST's tree of `file` in bugmine's CST shape (pure=true: LibCST's pure-Python parser, as BugLab's golden data). */
export function oracleTree(file: string, options: { pure?: boolean } = {}): CstNode {
  const env = options.pure ? { LIBCST_PARSER_TYPE: 'pure' } : {};
  const line = cached<{ tree?: CstNode; error?: string }>('libcst', join(here, 'libcst_dump.py'), file, env, () =>
    execFileSync(python, [join(here, 'libcst_dump.py'), resolve(file)], {
      env: { ...process.env, ...env },
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    }),
  );
  if (line.tree === undefined) throw new Error(`LibCST failed on ${file}: ${line.error}`);
  return line.tree;
}

export type OracleToken = [kind: string, text: string, start: [number, number], end: [number, number]];

/** Python's tokenize output for `file` (ENCODING left out). */
export function oracleTokens(file: string): OracleToken[] {
  const line = cached<{ tokens?: OracleToken[]; error?: string }>('tokenize', join(here, 'tokenize_dump.py'), file, {}, () =>
    execFileSync('python3', [join(here, 'tokenize_dump.py'), resolve(file)], { maxBuffer: 1 << 30, encoding: 'utf8' }),
  );
  if (line.tokens === undefined) throw new Error(`tokenize failed on ${file}: ${line.error}`);
  return line.tokens;
}

/** Python's tokens of `file` as bugmine `Token`s (offsets into `text`, the file's text). */
export function oracleTokensOf(file: string, text: string): Token[] {
  const starts = lineStarts(text);
  return oracleTokens(file).map(([kind, tokenText, [sl, sc], [el, ec]]) => ({
    kind: kind as TokenKind,
    text: tokenText,
    startLine: sl,
    startCol: sc,
    endLine: el,
    endCol: ec,
    start: offsetOf(text, starts, sl, sc),
    end: offsetOf(text, starts, el, ec),
  }));
}
