// Fix suggestion and bug seeding on a whole package, and their cost with 10× more patterns:
//   npm run bench -- suggest [--dir /usr/lib/python3.11/email] [--patterns patterns.json]
// Patterns: patterns.json if given, else mined from the shared PyPIBugs fixes. Every .py file under
// --dir is parsed first (not timed); then `patterns suggest`'s matching (every node against the
// index by root type, each match instantiated and the file generated again) and `extract
// --bug-patterns`'s seeding (after parts matched, one-line edits) run over all of them. The 10× run
// repeats every indexed pattern ten times (copies: each per-type list of the index grows tenfold, so
// every match is tried ten times); the ratio of its time to the 1× time is the matching cost of 10×
// more patterns. CPU seconds are printed beside wall seconds (the machine is shared).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFixRecords } from '../../src/fixes/records.js';
import { lineStarts } from '../../src/graph/text.js';
import { minePatterns, type PatternsFile } from '../../src/patterns/mine.js';
import { readPatternsFile } from '../../src/patterns/patterns-file.js';
import { type SeedingIndex, seedBugs, seedingIndex } from '../../src/patterns/seed.js';
import { indexPatterns, type PatternIndex, suggestFixes } from '../../src/patterns/suggest.js';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/index.js';
import { listPythonFiles } from '../../src/io/python-files.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz');

function option(args: string[], name: string, fallback: string | undefined): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
}

interface Timed<T> {
  readonly value: T;
  readonly wall: number;
  readonly cpu: number;
}

function timed<T>(run: () => T): Timed<T> {
  const cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = run();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const d = process.cpuUsage(cpu);
  return { value, wall, cpu: (d.user + d.system) / 1e6 };
}

function tenfoldSuggest(index: PatternIndex): PatternIndex {
  const out: PatternIndex = new Map();
  for (const [type, list] of index) out.set(type, list.flatMap((p) => Array.from({ length: 10 }, () => p)));
  return out;
}

function tenfoldSeed(index: SeedingIndex): SeedingIndex {
  const byType = new Map([...index.byType].map(([type, list]) => [type, list.flatMap((p) => Array.from({ length: 10 }, () => p))]));
  return { byType, size: index.size * 10 };
}

export async function main(args: string[]): Promise<void> {
  const dir = option(args, '--dir', '/usr/lib/python3.11/email')!;
  const patternsPath = option(args, '--patterns', undefined);
  let file: PatternsFile;
  if (patternsPath !== undefined) file = await readPatternsFile(patternsPath);
  else {
    const { records } = await readFixRecords(CORPUS);
    file = minePatterns(records).file;
  }
  const modules: { path: string; text: string; module: CstNode; starts: number[] }[] = [];
  let bytes = 0;
  for (const path of (await listPythonFiles(dir)).files) {
    const text = readFileSync(path, 'utf8');
    try {
      modules.push({ path, text, module: parseModule(text), starts: lineStarts(text) });
      bytes += text.length;
    } catch {
      console.log(`skipped (does not parse): ${path}`);
    }
  }
  const suggestIndex = indexPatterns(file);
  const seedIndex = seedingIndex(file);
  const suggestPatterns = [...suggestIndex.values()].reduce((n, l) => n + l.length, 0);
  console.log(`${dir}: ${modules.length} files, ${(bytes / 1e6).toFixed(2)} MB; ${suggestPatterns} suggestion patterns, ${seedIndex.size} seeding patterns`);

  const suggest = (index: PatternIndex) => timed(() => modules.reduce((n, m) => n + suggestFixes(m.module, index).length, 0));
  const seed = (index: SeedingIndex) => timed(() => modules.reduce((n, m) => n + seedBugs(m.module, m.text, m.starts, index).length, 0));
  const rows: [string, Timed<number>, Timed<number>][] = [
    ['suggest', suggest(suggestIndex), suggest(tenfoldSuggest(suggestIndex))],
    ['seed', seed(seedIndex), seed(tenfoldSeed(seedIndex))],
  ];
  for (const [name, one, ten] of rows) {
    console.log(
      `${name}: ${one.value} results in ${one.wall.toFixed(2)} s wall / ${one.cpu.toFixed(2)} s CPU: ` +
        `${(one.value / one.cpu).toFixed(0)} per CPU second, ${(modules.length / one.cpu).toFixed(1)} files per CPU second; ` +
        `10× patterns: ${ten.value} results, ${ten.cpu.toFixed(2)} s CPU, ratio ${(ten.cpu / one.cpu).toFixed(2)} (wall ${(ten.wall / one.wall).toFixed(2)})`,
    );
  }
}
