// Differential fuzzing against CPython 3.11's tokenize: windows of standard-library files with
// random damage (inserted quotes, backslashes, brackets, line ends of all kinds, stray characters,
// deleted and duplicated runs) exercise the error paths (ERRORTOKEN, continued strings, EOF
// errors, bad dedents). Every case must give exactly Python's tokens or Python's exception. The
// one allowed difference: an f-string whose end the 3.12 rules find where 3.11 reads something else.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../scripts/lib/seeded-random.js';
import { decodeSource } from '../../src/python/decode.js';
import { tokenize, TokenizeError } from '../../src/python/tokenize.js';

const CASES = 3000;
const SEED = 20261122;

const ORACLE = String.raw`
import io, json, sys, tokenize
cases = json.load(open(sys.argv[1], encoding='utf-8'))
out = []
for src in cases:
    text = src.replace('\r\n', '\n').replace('\r', '\n')  # universal newlines
    try:
        out.append([[tokenize.tok_name[t.type], t.string, t.start[0], t.start[1], t.end[0], t.end[1]]
                    for t in tokenize.generate_tokens(io.StringIO(text).readline)])
    except tokenize.TokenError as e:
        out.append(['TokenError', e.args[0], e.args[1][0], e.args[1][1]])
    except IndentationError as e:
        out.append(['IndentationError', e.msg, e.lineno, e.offset])
json.dump(out, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
`;

const PIECES = ['"', "'", '"""', "'''", '\\', '\n', '\r\n', '\r', '(', ')', '{', '}', '[', '#', ' ', '\t', '\f', '\v', 'f"', "rb'", 'f"{', '}"',
  '$', '!', '?', '0x', '1e', '1_', '.', '..', '\\\n', ':', '=', 'é', '𝔘', '٣', '\u00a0', '\u2028', 'x', '    '];


function corpus(): string[] {
  const root = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const texts: string[] = [];
  // A fixed, varied subset: the top-level modules and two packages.
  for (const dir of [root, join(root, 'email'), join(root, 'asyncio')]) {
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.py')) continue;
      try {
        texts.push(decodeSource(readFileSync(join(dir, name))).text);
      } catch {
        // not decodable: not used
      }
    }
  }
  return texts.filter((t) => t.length > 0);
}

function makeCases(): string[] {
  const random = seededRng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const texts = corpus();
  const cases: string[] = [];
  while (cases.length < CASES) {
    const source = pick(texts);
    const from = Math.floor(random() * source.length);
    let text = Array.from(source.slice(from, from + 50 + Math.floor(random() * 1500))).join('');
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) {
      const chars = Array.from(text); // edit by code points, never splitting a surrogate pair
      const i = Math.floor(random() * (chars.length + 1));
      const op = random();
      if (op < 0.45) chars.splice(i, 0, pick(PIECES));
      else if (op < 0.75) chars.splice(i, 1 + Math.floor(random() * 4));
      else {
        const j = Math.floor(random() * (chars.length + 1));
        chars.splice(i, 0, ...chars.slice(j, j + 1 + Math.floor(random() * 20)));
      }
      text = chars.join('');
    }
    cases.push(text);
  }
  return cases;
}

type Outcome = unknown[];

function ours(source: string): Outcome {
  try {
    return tokenize(source).map((t) => [t.kind, t.text.replace(/\r\n?/g, '\n'), t.startLine, t.startCol, t.endLine, t.endCol]);
  } catch (e) {
    if (!(e instanceof TokenizeError)) throw e;
    return [e.pythonError, e.message, e.line, e.column];
  }
}

describe('tokenize on damaged real code agrees with CPython 3.11', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'bugmine-tokenize-fuzz-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it(`gives Python's tokens or exception on ${CASES} mutated snippets`, () => {
    const cases = makeCases();
    writeFileSync(join(workDir, 'cases.json'), JSON.stringify(cases));
    execFileSync('python3', ['-c', ORACLE, join(workDir, 'cases.json'), join(workDir, 'out.json')]);
    const expected = JSON.parse(readFileSync(join(workDir, 'out.json'), 'utf8')) as Outcome[];
    expect(expected.length).toBe(cases.length);

    let same = 0;
    let fstringRule = 0;
    const differences: string[] = [];
    cases.forEach((source, k) => {
      const got = ours(source);
      const want = expected[k]!;
      if (JSON.stringify(got) === JSON.stringify(want)) {
        same++;
        return;
      }
      let i = 0;
      while (i < Math.min(got.length, want.length) && JSON.stringify(got[i]) === JSON.stringify(want[i])) i++;
      const first = got[i];
      if (Array.isArray(first) && first[0] === 'STRING' && /^[rR]?[fF][rR]?['"]/.test(String(first[1]))) {
        fstringRule++;
        return;
      }
      differences.push(`${JSON.stringify(source).slice(0, 200)}\n  ours ${JSON.stringify(first)}\n  python ${JSON.stringify(want[i])}`);
    });
    console.log(`fuzz: ${same}/${cases.length} identical, ${fstringRule} differ by the 3.12 f-string rule`);
    expect(differences).toEqual([]);
    expect(same).toBeGreaterThan(cases.length * 0.95);
  });
});
