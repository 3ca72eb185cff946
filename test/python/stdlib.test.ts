import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codegen } from '../../src/python/codegen.js';
import { decodeSource } from '../../src/python/decode.js';
import { parseModule, ParseError } from '../../src/python/parser/index.js';

/** Every .py file of python3's standard library (site-packages left out), sorted. */
function stdlibFiles(): string[] {
  const root = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'site-packages' || name === '__pycache__') continue;
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (name.endsWith('.py') && st.isFile()) out.push(path);
    }
  };
  walk(root);
  return out;
}

/** CPython's verdict per file, from one python3 process: does `ast.parse` accept the bytes? */
async function cpythonAccepts(files: string[]): Promise<boolean[]> {
  const script = [
    'import ast, sys, warnings',
    'warnings.simplefilter("ignore")',
    'sys.setrecursionlimit(10000)',
    'out = []',
    'for path in sys.stdin.read().split("\\0"):',
    '    if not path: continue',
    '    try:',
    '        ast.parse(open(path, "rb").read())',
    '        out.append("1")',
    '    except (SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError):',
    '        out.append("0")',
    'print("".join(out))',
  ].join('\n');
  // Asynchronous, so the test worker's event loop (and vitest's RPC with it) is not blocked meanwhile.
  const verdicts = await new Promise<string>((resolve, reject) => {
    const child = execFile('python3', ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    );
    child.stdin!.end(files.join('\0'));
  });
  return [...verdicts].map((c) => c === '1');
}

describe('the standard library', () => {
  const files = stdlibFiles();

  it('is found', () => {
    expect(files.length).toBeGreaterThan(500);
  });

  it('gets the same accept/reject verdict as ast.parse on >= 99.9% of files, and every accepted file round-trips', async () => {
    const cpython = await cpythonAccepts(files);
    expect(cpython.length).toBe(files.length);
    const disagreements: string[] = [];
    const roundTripFailures: string[] = [];
    let accepted = 0;
    for (let k = 0; k < files.length; k++) {
      // Let vitest's worker RPC breathe during this long synchronous loop.
      if (k % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      const file = files[k]!;
      let text: string | null = null;
      let ours: boolean;
      let why = '';
      try {
        text = decodeSource(readFileSync(file)).text;
        const module = parseModule(text, { positions: false });
        ours = true;
        accepted++;
        if (codegen(module) !== text) roundTripFailures.push(file);
      } catch (e) {
        // Anything but a decode error or ParseError is a parser bug.
        if (!(e instanceof ParseError) && text !== null) throw e;
        ours = false;
        why = (e as Error).message;
      }
      if (ours !== cpython[k]) disagreements.push(`${file}: ast.parse ${cpython[k] ? 'accepts' : 'rejects'}, we ${ours ? 'accept' : `reject (${why})`}`);
    }
    if (disagreements.length > 0) console.log(`verdict disagreements (${disagreements.length}/${files.length}):\n${disagreements.join('\n')}`);
    expect(accepted).toBeGreaterThan(files.length * 0.99);
    expect(disagreements.length).toBeLessThanOrEqual(Math.floor(files.length * 0.001));
    expect(roundTripFailures).toEqual([]);
  });
});
