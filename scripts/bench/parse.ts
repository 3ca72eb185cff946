// Parser throughput (decode + tokenize + parse) over python3's standard library vs python3's ast.parse, and peak RSS
//   npm run bench -- parse [rounds]      (or: node --import tsx scripts/bench/parse.ts [rounds])
//
// All files are read before timing, in both runs; only decoding and parsing are timed. CPU time of
// the measuring process is reported beside wall time: it is steadier on a shared machine. "With
// positions" is parseModule's default (every node but the whitespace nodes); "whitespace nodes too"
// is `whitespacePositions`, what `bugmine cst` asks for. The parse with positions is timed twice: in this process (V8's default heap) and in a child process with a
// 32 MB semi-space, where most of a file's tree dies young instead of being copied twice by the
// scavenger (a third of the CPU time with the default heap). `bench -- extract` run under the same
// flag measured no gain (parsing is about 1% of an extraction's CPU), so bugmine does not set it.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeSource } from '../../src/python/decode.js';
import { parseModule } from '../../src/python/parser/index.js';
import { pythonFilesUnder } from '../lib/stdlib.js';

interface Timing {
  wall: number;
  cpu: number;
}

/** `all`: positions on whitespace nodes too (`whitespacePositions`, as `bugmine cst --json` asks). */
type Positions = boolean | 'all';

function timeOurs(sources: Buffer[], positions: Positions): Timing {
  const options = { positions: positions !== false, whitespacePositions: positions === 'all' };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const bytes of sources) {
    try {
      parseModule(decodeSource(bytes).text, options);
    } catch {
      // rejected files (also rejected by CPython) still count: the work was done
    }
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

function timeCPython(files: string[], rounds: number): Timing {
  const script = [
    'import ast, sys, time, warnings, json',
    'warnings.simplefilter("ignore")',
    'sources = [open(p, "rb").read() for p in sys.stdin.read().split("\\0") if p]',
    'best_wall = best_cpu = float("inf")',
    `for _ in range(${rounds}):`,
    '    w0, c0 = time.perf_counter(), time.process_time()',
    '    for s in sources:',
    '        try:',
    '            ast.parse(s)',
    '        except Exception:',
    '            pass',
    '    best_wall = min(best_wall, time.perf_counter() - w0)',
    '    best_cpu = min(best_cpu, time.process_time() - c0)',
    'print(json.dumps({"wall": best_wall, "cpu": best_cpu}))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', script], { input: files.join('\0'), encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out) as Timing;
}

const YOUNG_GENERATION_FLAG = '--max-semi-space-size=32';

/** Best of `rounds` parses with positions, in a child process with a 32 MB semi-space. */
function timeOursLargeYoung(files: string[], rounds: number): Timing {
  const out = execFileSync(process.execPath, [YOUNG_GENERATION_FLAG, '--import', 'tsx', fileURLToPath(import.meta.url), '--time-ours', String(rounds)], {
    input: files.join('\0'),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Timing;
}

function bestOf(rounds: number, sources: Buffer[], positions: Positions): Timing {
  timeOurs(sources, positions); // warm-up
  let best: Timing = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < rounds; r++) {
    const t = timeOurs(sources, positions);
    best = { wall: Math.min(best.wall, t.wall), cpu: Math.min(best.cpu, t.cpu) };
  }
  return best;
}

/** Peak RSS (MB) of a fresh Node process that parses `file` once. */
function peakRss(file: string): number {
  const parser = fileURLToPath(new URL('../../src/python/parser/index.ts', import.meta.url));
  const decode = fileURLToPath(new URL('../../src/python/decode.ts', import.meta.url));
  const code = [
    `import { readFileSync } from 'node:fs';`,
    `import { parseModule } from ${JSON.stringify(parser)};`,
    `import { decodeSource } from ${JSON.stringify(decode)};`,
    `const before = process.resourceUsage().maxRSS;`,
    `const tree = parseModule(decodeSource(readFileSync(${JSON.stringify(file)})).text);`,
    `console.log(JSON.stringify({ before, after: process.resourceUsage().maxRSS, body: tree.body.length }));`,
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  const { after } = JSON.parse(out.trim().split('\n').pop()!) as { before: number; after: number };
  return after / 1024;
}

export function main(args: string[]): void {
  const rounds = Number(args[0] ?? 3);
  const files = pythonFilesUnder();
  const sources = files.map((f) => readFileSync(f));
  const mb = sources.reduce((sum, b) => sum + b.length, 0) / 1e6;
  console.log(`parse: ${files.length} files, ${mb.toFixed(1)} MB (python3 standard library)`);

  timeOurs(sources, true); // warm-up
  let ours: Timing = { wall: Infinity, cpu: Infinity };
  let oursNoPos: Timing = { wall: Infinity, cpu: Infinity };
  let oursAll: Timing = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < rounds; r++) {
    const t = timeOurs(sources, true);
    ours = { wall: Math.min(ours.wall, t.wall), cpu: Math.min(ours.cpu, t.cpu) };
    const a = timeOurs(sources, 'all');
    oursAll = { wall: Math.min(oursAll.wall, a.wall), cpu: Math.min(oursAll.cpu, a.cpu) };
    const u = timeOurs(sources, false);
    oursNoPos = { wall: Math.min(oursNoPos.wall, u.wall), cpu: Math.min(oursNoPos.cpu, u.cpu) };
  }
  const cpython = timeCPython(files, rounds);
  const oursLargeYoung = timeOursLargeYoung(files, rounds);
  const rate = (t: number): string => `${(mb / t).toFixed(2)} MB/s`;
  console.log(`bugmine decode+tokenize+parse+positions: wall ${rate(ours.wall)}, CPU ${rate(ours.cpu)}`);
  console.log(`bugmine decode+tokenize+parse+positions, ${YOUNG_GENERATION_FLAG}: wall ${rate(oursLargeYoung.wall)}, CPU ${rate(oursLargeYoung.cpu)}`);
  console.log(`bugmine decode+tokenize+parse+positions, whitespace nodes too: wall ${rate(oursAll.wall)}, CPU ${rate(oursAll.cpu)}`);
  console.log(`bugmine decode+tokenize+parse (no positions): wall ${rate(oursNoPos.wall)}, CPU ${rate(oursNoPos.cpu)}`);
  console.log(`python3 ast.parse: wall ${rate(cpython.wall)}, CPU ${rate(cpython.cpu)}`);
  console.log(`ratio (bugmine with positions / ast.parse): wall ${(cpython.wall / ours.wall).toFixed(2)}x, CPU ${(cpython.cpu / ours.cpu).toFixed(2)}x`);
  console.log(
    `ratio (bugmine with positions, ${YOUNG_GENERATION_FLAG} / ast.parse): wall ${(cpython.wall / oursLargeYoung.wall).toFixed(2)}x, CPU ${(cpython.cpu / oursLargeYoung.cpu).toFixed(2)}x`,
  );
  console.log(`ratio (bugmine with positions, whitespace nodes too / ast.parse): wall ${(cpython.wall / oursAll.wall).toFixed(2)}x, CPU ${(cpython.cpu / oursAll.cpu).toFixed(2)}x`);
  console.log(`ratio (bugmine without positions / ast.parse): wall ${(cpython.wall / oursNoPos.wall).toFixed(2)}x, CPU ${(cpython.cpu / oursNoPos.cpu).toFixed(2)}x`);

  let largest = files[0]!;
  for (const f of files) if (statSync(f).size > statSync(largest).size) largest = f;
  console.log(`peak RSS parsing the largest file (${largest}, ${(statSync(largest).size / 1e3).toFixed(0)} KB): ${peakRss(largest).toFixed(0)} MB`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--time-ours') {
    // Child of timeOursLargeYoung: file names on stdin, the best timing as JSON on stdout.
    const files = readFileSync(0, 'utf8').split('\0').filter((f) => f !== '');
    console.log(JSON.stringify(bestOf(Number(process.argv[3]), files.map((f) => readFileSync(f)), true)));
  } else main(process.argv.slice(2));
}
