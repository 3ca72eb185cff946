// How analysis cost grows with function and file size: CPU time per line for synthetic functions of 50-800 lines, per KB for 1/10/100 KB files
//   npm run bench -- growth [rounds=3]
//
// The synthetic code is real: the top-level statements of the functions of python3's standard
// library (a fixed selection of modules, in order), re-indented into one `def` of the wanted
// length, so names, calls and control flow look like real code. Each input goes through what a job
// does per file (`fileSamples`: parse, all passes, candidates, the sample without bug and 4
// rewritten ones, easy operators off). The best of `rounds` CPU times is kept. Targets: the
// largest/smallest ratio of time per line (and per KB) at most 2, i.e. linear growth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCallResolver } from '../../src/graph/passes/calls.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import { findFunctions } from '../../src/graph/functions.js';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/index.js';
import { fileSamples } from '../../src/samples/file-samples.js';
import { stdlibRoot } from '../lib/stdlib.js';

const SOURCE_MODULES = [
  'argparse.py', 'ast.py', 'calendar.py', 'configparser.py', 'csv.py', 'difflib.py', 'ftplib.py', 'gettext.py',
  'inspect.py', 'logging/__init__.py', 'mailbox.py', 'optparse.py', 'pathlib.py', 'pickle.py', 'shutil.py',
  'smtplib.py', 'subprocess.py', 'tarfile.py', 'textwrap.py', 'typing.py', 'urllib/request.py', 'zipfile.py',
];
const FUNCTION_LINES = [50, 100, 200, 400, 800];
const FILE_KB = [1, 10, 100];

/** Statements (as text, dedented to column 0) of stdlib function bodies, in source order. */
export function stdlibStatements(): string[][] {
  const root = stdlibRoot();
  const out: string[][] = [];
  for (const name of SOURCE_MODULES) {
    const text = readFileSync(join(root, name), 'utf8');
    const lines = text.split('\n');
    for (const { node } of findFunctions(parseModule(text))) {
      if (node['asynchronous'] !== null && node['asynchronous'] !== undefined) continue;
      const body = (node['body'] as CstNode)['body'];
      if (!Array.isArray(body)) continue;
      for (const stmt of body as CstNode[]) {
        const range = stmt.range!;
        const chunk = lines.slice(range.start.line - 1, range.end.line);
        const indent = range.start.column;
        // Not movable into another function: scope statements, await, and a docstring.
        if (/^\s*(global|nonlocal)\b|\bawait\b|\byield\b/m.test(chunk.join('\n'))) continue;
        if (stmt.type === 'SimpleStatementLine' && /^\s*[rbuf]*['"]/i.test(chunk[0]!)) continue;
        if (chunk.length > 40 || chunk.some((l) => l.trim() !== '' && l.length - l.trimStart().length < indent)) continue;
        out.push(chunk.map((l) => l.slice(indent)));
      }
    }
  }
  return out;
}

/** Source of functions of about `lines` lines each, until `totalLines` are written. */
export class Generator {
  private next = 0;
  constructor(private readonly statements: string[][]) {}

  function(name: string, lines: number): string {
    const out = [`def ${name}(self, path, data, options=None, *args, **kwargs):`];
    while (out.length - 1 < lines) {
      const stmt = this.statements[this.next++ % this.statements.length]!;
      for (const line of stmt) out.push(line === '' ? '' : `    ${line}`);
    }
    return out.join('\n') + '\n';
  }
}

function cpuSecondsOf(run: () => void, rounds: number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best;
}

// One resolver for the whole run, like a long-running worker's.
const callResolver = createCallResolver({ pythonPath: discoverPythonPath() });

function analyse(text: string, path: string): number {
  const result = fileSamples(text, { path, packageName: 'growth', packageVersion: '', rewrites: 4, easyOperatorsOff: true, callResolver });
  return result.functions.reduce((n, f) => n + f.samples.length, 0);
}

export function main(args: string[]): void {
  const rounds = Number(args[0] ?? 3);
  const statements = stdlibStatements();
  console.log(`growth: ${statements.length} stdlib statements from ${SOURCE_MODULES.length} modules; CPU time, best of ${rounds}`);
  // Warm call resolution (the stdlib modules the statements import) like a long-running worker.
  analyse(new Generator(statements).function('warm', 400), 'warm.py');

  console.log('\nfunction lines   lines   samples   CPU s    ms/line');
  const perLine: number[] = [];
  for (const target of FUNCTION_LINES) {
    const text = new Generator(statements).function('synthetic', target);
    const lines = text.split('\n').length - 1;
    let samples = 0;
    const seconds = cpuSecondsOf(() => (samples = analyse(text, `f${target}.py`)), rounds);
    perLine.push((seconds * 1000) / lines);
    console.log(`${String(target).padStart(14)} ${String(lines).padStart(7)} ${String(samples).padStart(9)} ${seconds.toFixed(3).padStart(7)} ${perLine.at(-1)!.toFixed(3).padStart(10)}`);
  }
  console.log(`ratio ms/line ${FUNCTION_LINES.at(-1)} vs ${FUNCTION_LINES[0]} lines: ${(perLine.at(-1)! / perLine[0]!).toFixed(2)} (target <= 2)`);

  console.log('\nfile KB   bytes   functions   samples   CPU s    ms/KB');
  const perKb: number[] = [];
  for (const kb of FILE_KB) {
    const generator = new Generator(statements);
    let text = '';
    for (let k = 0; text.length < kb * 1000; k++) text += `\n\n${generator.function(`f${k}`, 30)}`;
    let samples = 0;
    const seconds = cpuSecondsOf(() => (samples = analyse(text, `file${kb}.py`)), rounds);
    const functions = findFunctions(parseModule(text)).length;
    perKb.push((seconds * 1000) / (text.length / 1000));
    console.log(`${String(kb).padStart(7)} ${String(text.length).padStart(7)} ${String(functions).padStart(11)} ${String(samples).padStart(9)} ${seconds.toFixed(3).padStart(7)} ${perKb.at(-1)!.toFixed(2).padStart(8)}`);
  }
  console.log(`ratio ms/KB ${FILE_KB.at(-1)} vs ${FILE_KB[0]} KB: ${(perKb.at(-1)! / perKb[0]!).toFixed(2)} (target <= 2)`);
}
