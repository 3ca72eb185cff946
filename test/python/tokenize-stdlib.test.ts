// Oracle comparison over the whole standard library of the machine's python3 (CPython 3.11.7):
// decodeSource against tokenize.detect_encoding, tokenize against tokenize.generate_tokens on the
// decoded text with universal newlines. Python reports a digest of each file's token stream (two
// processes, each on half of the files; cached in the temp dir, keyed by Python version and the
// files' sizes and mtimes, since the stdlib does not change); on a mismatch the test asks Python for
// that file's tokens and names the first differing token.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSource, SourceDecodeError } from '../../src/python/decode.js';
import type { Token } from '../../src/python/token.js';
import { tokenize, TokenizeError } from '../../src/python/tokenize.js';

const ORACLE = String.raw`
import hashlib, io, json, sys, tokenize
out = open(sys.argv[1], 'w')
for path in sys.argv[2:]:
    rec = {'path': path}
    try:
        with open(path, 'rb') as f:
            rec['encoding'] = tokenize.detect_encoding(f.readline)[0]
        with tokenize.open(path) as f:
            text = f.read()
    except Exception as e:
        rec['decodeError'] = type(e).__name__
        out.write(json.dumps(rec) + '\n')
        continue
    parts = []
    try:
        for t in tokenize.generate_tokens(io.StringIO(text).readline):
            parts.append(f"{tokenize.tok_name[t.type]}\0{t.string}\0{t.start[0]},{t.start[1]},{t.end[0]},{t.end[1]}\1")
        rec['digest'] = hashlib.md5(''.join(parts).encode('utf-8', 'surrogatepass')).hexdigest()
    except tokenize.TokenError as e:
        rec['error'] = f"TokenError:{e.args[0]}:{e.args[1][0]}:{e.args[1][1]}"
    except IndentationError as e:
        rec['error'] = f"IndentationError:{e.msg}:{e.lineno}:{e.offset}"
    out.write(json.dumps(rec) + '\n')
`;

const DETAIL = `
import io, json, sys, tokenize
with tokenize.open(sys.argv[1]) as f:
    text = f.read()
print(json.dumps([[tokenize.tok_name[t.type], t.string, t.start[0], t.start[1], t.end[0], t.end[1]] for t in tokenize.generate_tokens(io.StringIO(text).readline)]))
`;

interface OracleRecord {
  path: string;
  encoding?: string;
  decodeError?: string;
  digest?: string;
  error?: string;
}

const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name !== 'site-packages') pythonFiles(join(dir, entry.name), out);
    } else if (entry.name.endsWith('.py')) out.push(join(dir, entry.name));
  }
  return out;
}

const KIND_BYTES = new Map<string, Buffer>();
let scratch = Buffer.alloc(1 << 20);

/** MD5 of the same serialisation as the Python side, written into one buffer (no string per token). */
function digest(tokens: readonly Token[]): string {
  let at = 0;
  const ensure = (extra: number): void => {
    if (at + extra <= scratch.length) return;
    const bigger = Buffer.alloc(Math.max(scratch.length * 2, at + extra));
    scratch.copy(bigger, 0, 0, at);
    scratch = bigger;
  };
  const writeNumber = (n: number, after: number): void => {
    at += scratch.write(String(n), at, 'latin1');
    scratch[at++] = after;
  };
  for (const t of tokens) {
    let kind = KIND_BYTES.get(t.kind);
    if (kind === undefined) KIND_BYTES.set(t.kind, (kind = Buffer.from(t.kind)));
    // Python's tokens come from text with universal newlines; ours keep the original line ends.
    const text = t.text.includes('\r') ? t.text.replace(/\r\n?/g, '\n') : t.text;
    ensure(kind.length + text.length * 3 + 64);
    at += kind.copy(scratch, at);
    scratch[at++] = 0;
    at += scratch.write(text, at, 'utf8');
    scratch[at++] = 0;
    writeNumber(t.startLine, 0x2c);
    writeNumber(t.startCol, 0x2c);
    writeNumber(t.endLine, 0x2c);
    writeNumber(t.endCol, 1);
  }
  return createHash('md5').update(scratch.subarray(0, at)).digest('hex');
}

/**
 * The first token whose start offset is not at its reported line and column (LF, CRLF and CR
 * end lines; columns in code points), or undefined. Tokens that Python places after the text
 * (the NEWLINE added at EOF, final DEDENTs and ENDMARKER) are skipped.
 */
function misplacedStart(text: string, tokens: readonly Token[]): string | undefined {
  let line = 1;
  let col = 0;
  let scanned = 0;
  for (const t of tokens) {
    if (t.start === text.length && t.text === '') continue;
    for (; scanned < t.start; scanned++) {
      const c = text.charCodeAt(scanned);
      if (c === 10 || (c === 13 && text.charCodeAt(scanned + 1) !== 10)) {
        line++;
        col = 0;
      } else if (c < 0xdc00 || c > 0xdfff) {
        col++; // a low surrogate does not start a code point
      }
    }
    if (line !== t.startLine || col !== t.startCol) {
      return `${t.kind} ${JSON.stringify(t.text)} at offset ${t.start} = ${line}:${col}, reported ${t.startLine}:${t.startCol}`;
    }
  }
  return undefined;
}

function ourResult(text: string): { digest?: string; error?: string; misplaced?: string } {
  try {
    const tokens = tokenize(text);
    const misplaced = misplacedStart(text, tokens);
    return misplaced === undefined ? { digest: digest(tokens) } : { digest: digest(tokens), misplaced };
  } catch (e) {
    if (!(e instanceof TokenizeError)) throw e;
    return { error: `${e.pythonError}:${e.message}:${e.line}:${e.column}` };
  }
}

function firstDifference(path: string, text: string): string {
  const theirs = JSON.parse(execFileSync('python3', ['-c', DETAIL, path], { encoding: 'utf8', maxBuffer: 1 << 30 })) as unknown[][];
  const ours = tokenize(text).map((t) => [t.kind, t.text.replace(/\r\n?/g, '\n'), t.startLine, t.startCol, t.endLine, t.endCol]);
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
    if (JSON.stringify(ours[i]) !== JSON.stringify(theirs[i])) {
      return `token ${i}: ours ${JSON.stringify(ours[i])}, python ${JSON.stringify(theirs[i])}`;
    }
  }
  return 'no difference in detail';
}

describe('tokenize and decodeSource agree with CPython on the standard library', () => {
  const files = pythonFiles(stdlib).sort();
  const records = new Map<string, OracleRecord>();
  let workDir = '';

  beforeAll(async () => {
    const key = createHash('sha256')
      .update(ORACLE)
      .update(execFileSync('python3', ['-VV'], { encoding: 'utf8' }))
      .update(files.map((f) => `${f}\0${statSync(f).size}\0${statSync(f).mtimeMs}`).join('\n'))
      .digest('hex')
      .slice(0, 24);
    const cache = join(tmpdir(), `bugmine-tokenize-oracle-${key}.jsonl`);
    let lines: string[];
    if (existsSync(cache)) {
      lines = readFileSync(cache, 'utf8').split('\n');
    } else {
      workDir = mkdtempSync(join(tmpdir(), 'bugmine-tokenize-oracle-'));
      const run = promisify(execFile);
      const shards = [0, 1].map((shard) => files.filter((_, i) => i % 2 === shard));
      await Promise.all(
        shards.map((shard, i) => run('python3', ['-c', ORACLE, join(workDir, `${i}.jsonl`), ...shard], { maxBuffer: 1 << 26 })),
      );
      lines = shards.flatMap((_, i) => readFileSync(join(workDir, `${i}.jsonl`), 'utf8').split('\n'));
      writeFileSync(cache, lines.filter((l) => l !== '').join('\n'));
    }
    for (const line of lines) {
      if (line === '') continue;
      const record = JSON.parse(line) as OracleRecord;
      records.set(record.path, record);
    }
  }, 180_000);

  afterAll(() => {
    if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
  });

  it('has the corpus', () => {
    expect(files.length).toBeGreaterThan(1000);
    expect(records.size).toBe(files.length);
  });

  it('every file decodes and tokenizes exactly as in Python', () => {
    const differences: string[] = [];
    let same = 0;
    let tokenized = 0;
    for (const path of files) {
      const want = records.get(path)!;
      const name = relative(stdlib, path);
      const bytes = readFileSync(path);
      let text: string;
      try {
        const decoded = decodeSource(bytes);
        text = decoded.text;
        if (want.decodeError !== undefined) {
          differences.push(`${name}: decodes as ${decoded.encoding}, Python: ${want.decodeError}`);
          continue;
        }
        if (decoded.encoding !== want.encoding) {
          differences.push(`${name}: encoding ${decoded.encoding}, Python ${want.encoding}`);
          continue;
        }
      } catch (e) {
        if (!(e instanceof SourceDecodeError)) throw e;
        if (want.decodeError !== undefined) same++;
        else differences.push(`${name}: ${e.message}, Python decodes it as ${want.encoding}`);
        continue;
      }
      tokenized++;
      const got = ourResult(text);
      if (got.misplaced !== undefined) differences.push(`${name}: offset and position disagree: ${got.misplaced}`);
      if (got.digest === want.digest && got.error === want.error) {
        same++;
        continue;
      }
      const detail = want.digest !== undefined && got.digest !== undefined ? firstDifference(path, text) : '';
      differences.push(`${name}: ours ${got.error ?? 'tokens'}, Python ${want.error ?? 'tokens'} ${detail}`);
    }
    console.log(`stdlib: ${same}/${files.length} files identical (${tokenized} tokenized)`);
    expect(differences).toEqual([]);
  });
});
