// f-string ends by the 3.12 rules, checked against a real CPython 3.12+ tokenizer: for every file
// of that Python's standard library that has f-strings, each top-level f-string (FSTRING_START to
// its FSTRING_END in 3.12's tokenize) must be exactly one of our STRING tokens, in order. Runs only
// where such a Python exists: BUGMINE_PYTHON312 names it, else python3.13 / python3.12 on PATH.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSource } from '../../src/python/decode.js';
import { tokenize } from '../../src/python/tokenize.js';

const SPANS = String.raw`
import io, json, os, sys, sysconfig, tokenize
root = sysconfig.get_paths()['stdlib']
out = open(sys.argv[1], 'w')
for d, dirs, files in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x != 'site-packages')
    for name in sorted(files):
        if not name.endswith('.py'):
            continue
        path = os.path.join(d, name)
        try:
            with tokenize.open(path) as f:
                text = f.read()
            spans, depth = [], 0
            for t in tokenize.generate_tokens(io.StringIO(text).readline):
                if t.type == tokenize.FSTRING_START:
                    if depth == 0:
                        start = t.start
                    depth += 1
                elif t.type == tokenize.FSTRING_END:
                    depth -= 1
                    if depth == 0:
                        spans.append([*start, *t.end])
        except Exception:
            continue
        if spans:
            out.write(json.dumps({'path': path, 'spans': spans}) + '\n')
`;

function python312(): string | undefined {
  const candidates = [process.env['BUGMINE_PYTHON312'], 'python3.13', 'python3.12'].filter((c): c is string => !!c);
  for (const candidate of candidates) {
    try {
      execFileSync(candidate, ['-c', 'import sys; assert sys.version_info >= (3, 12)'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not there, or too old
    }
  }
  return undefined;
}

const python = python312();

describe.skipIf(python === undefined)('f-string ends agree with CPython 3.12+ tokenize', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'bugmine-fstring312-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('on every standard-library file with f-strings', () => {
    const out = join(workDir, 'spans.jsonl');
    execFileSync(python!, ['-c', SPANS, out]);
    const differences: string[] = [];
    let files = 0;
    let fstrings = 0;
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      if (line === '') continue;
      const { path, spans } = JSON.parse(line) as { path: string; spans: number[][] };
      files++;
      fstrings += spans.length;
      const ours = tokenize(decodeSource(readFileSync(path)).text)
        .filter((t) => t.kind === 'STRING' && /^[rR]?[fF][rR]?['"]/.test(t.text))
        .map((t) => [t.startLine, t.startCol, t.endLine, t.endCol]);
      if (JSON.stringify(ours) !== JSON.stringify(spans)) {
        const i = ours.findIndex((span, k) => JSON.stringify(span) !== JSON.stringify(spans[k]));
        differences.push(`${path}: ours ${JSON.stringify(ours[i])}, 3.12 ${JSON.stringify(spans[i])}`);
      }
    }
    console.log(`f-strings: ${files} files, ${fstrings} f-strings compared with ${python}`);
    expect(files).toBeGreaterThan(100);
    expect(differences).toEqual([]);
  });
});
