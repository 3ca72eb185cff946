import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../scripts/lib/seeded-random.js';
import { decodeSource } from '../../src/python/decode.js';
import { lex } from '../../src/python/parser/lexer.js';
import { parseModule, ParseError } from '../../src/python/parser/index.js';


/** Standard-library sources of 1–8 KB that parse, as mutation seeds (deterministic choice). */
function seedSources(count: number, random: () => number): string[] {
  const root = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const candidates: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'site-packages' || name === '__pycache__') continue;
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (name.endsWith('.py') && st.size >= 1000 && st.size <= 8000) candidates.push(path);
    }
  };
  walk(root);
  const out: string[] = [];
  while (out.length < count && candidates.length > 0) {
    const [path] = candidates.splice(Math.floor(random() * candidates.length), 1);
    try {
      const text = decodeSource(readFileSync(path!)).text;
      parseModule(text, { positions: false });
      out.push(text);
    } catch {
      // not a valid seed
    }
  }
  return out;
}

type Mutation = (text: string, spans: Array<[number, number]>, random: () => number) => string;

const pick = (n: number, random: () => number): number => Math.floor(random() * n);

const MUTATIONS: Array<[string, Mutation]> = [
  ['delete token', (t, s, r) => {
    const [a, b] = s[pick(s.length, r)]!;
    return t.slice(0, a) + t.slice(b);
  }],
  ['duplicate token', (t, s, r) => {
    const [a, b] = s[pick(s.length, r)]!;
    return t.slice(0, b) + t.slice(a, b) + t.slice(b);
  }],
  ['swap tokens', (t, s, r) => {
    let i = pick(s.length, r);
    let j = pick(s.length, r);
    if (i > j) [i, j] = [j, i];
    if (i === j) return t;
    const [a, b] = s[i]!;
    const [c, d] = s[j]!;
    return t.slice(0, a) + t.slice(c, d) + t.slice(b, c) + t.slice(a, b) + t.slice(d);
  }],
  ['delete char', (t, _s, r) => {
    const k = pick(t.length, r);
    return t.slice(0, k) + t.slice(k + 1);
  }],
  ['duplicate char', (t, _s, r) => {
    const k = pick(t.length, r);
    return t.slice(0, k + 1) + t.slice(k);
  }],
  ['truncate', (t, _s, r) => t.slice(0, pick(t.length, r))],
];

/** Parses `text`: true on success, false on ParseError; anything else is rethrown (a parser bug). */
function verdict(text: string): boolean {
  try {
    parseModule(text, { positions: false });
    return true;
  } catch (e) {
    if (e instanceof ParseError) return false;
    throw new Error(`parser crashed (${(e as Error).message}) on:\n${text}`);
  }
}

describe('fuzzing with mutated standard-library files', () => {
  it('gives success or ParseError for 10,000 mutations, each quickly', async () => {
    const random = seededRng(0xb0615);
    const sources = seedSources(60, random);
    expect(sources.length).toBeGreaterThan(30);
    const spans = sources.map((text) => {
      const lexed = lex(text);
      const out: Array<[number, number]> = [];
      for (let k = 0; k < lexed.count; k++) if (lexed.end[k]! > lexed.start[k]!) out.push([lexed.start[k]!, lexed.end[k]!]);
      return out;
    });
    const counts = { ok: 0, rejected: 0 };
    let slowest = 0;
    for (let n = 0; n < 10_000; n++) {
      if (n % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      const s = pick(sources.length, random);
      const [, mutate] = MUTATIONS[pick(MUTATIONS.length, random)]!;
      let text = mutate(sources[s]!, spans[s]!, random);
      if (random() < 0.3) text = mutate(text, spans[s]!, random);
      let t0 = performance.now();
      if (verdict(text)) counts.ok++;
      else counts.rejected++;
      let took = performance.now() - t0;
      if (took > 1000) {
        // A GC pause on a busy machine is not a hang: a hang is slow every time.
        t0 = performance.now();
        verdict(text);
        took = Math.min(took, performance.now() - t0);
      }
      slowest = Math.max(slowest, took);
    }
    console.log(`fuzz: ${counts.ok} parsed, ${counts.rejected} rejected, slowest ${slowest.toFixed(1)} ms`);
    // Both outcomes must occur, or the mutations are not exercising the parser.
    expect(counts.ok).toBeGreaterThan(500);
    expect(counts.rejected).toBeGreaterThan(3000);
    expect(slowest).toBeLessThan(1000);
  });
});

describe('1,000-deep nesting is a ParseError, never a stack overflow', () => {
  const depth = 1000;
  const cases: Array<[string, string]> = [
    ['parentheses', '('.repeat(depth) + 'x' + ')'.repeat(depth) + '\n'],
    ['lists', '['.repeat(depth) + ']'.repeat(depth) + '\n'],
    ['dicts', '{1: '.repeat(depth) + '1' + '}'.repeat(depth) + '\n'],
    ['calls', 'f('.repeat(depth) + ')'.repeat(depth) + '\n'],
    ['unary minus', '-'.repeat(depth) + 'x\n'],
    ['not', 'not '.repeat(depth) + 'x\n'],
    ['lambdas', 'lambda: '.repeat(depth) + 'x\n'],
    ['power', '2 ** '.repeat(depth) + '2\n'],
    ['conditional expressions', 'a if b else '.repeat(depth) + 'c\n'],
    ['f-strings', 'f"{'.repeat(depth) + 'x' + '}"'.repeat(depth) + '\n'],
    ['nested functions', Array.from({ length: depth }, (_, k) => ' '.repeat(k) + 'def f():\n').join('') + ' '.repeat(depth) + 'pass\n'],
    ['nested ifs', Array.from({ length: depth }, (_, k) => '\t'.repeat(k) + 'if x:\n').join('') + '\t'.repeat(depth) + 'pass\n'],
  ];
  it.each(cases)('%s', (_name, src) => {
    expect(() => parseModule(src)).toThrow(ParseError);
  });

  it.each([
    ['additions', 'x = ' + '1 + '.repeat(100_000) + '1\n'],
    ['attributes', 'x' + '.y'.repeat(100_000) + '\n'],
    ['calls', 'f' + '()'.repeat(50_000) + '\n'],
    ['and', Array.from({ length: 50_000 }, () => 'a').join(' and ') + '\n'],
    ['string concatenation', '"a" '.repeat(50_000) + '\n'],
  ])('a 50,000-long left-nested chain of %s is a ParseError', (_name, src) => {
    expect(() => parseModule(src)).toThrow(ParseError);
  });

  it('still accepts moderately deep nesting that CPython accepts', () => {
    expect(verdict('x = ' + '1 + '.repeat(1500) + '1\n')).toBe(true);
    expect(verdict('x' + '.y'.repeat(1500) + '\n')).toBe(true);
    expect(verdict('('.repeat(150) + 'x' + ')'.repeat(150) + '\n')).toBe(true);
    expect(verdict('-'.repeat(300) + 'x\n')).toBe(true);
  });
});
