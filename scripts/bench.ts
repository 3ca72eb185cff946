// Benchmark runner: `npm run bench -- <name> [args...]` runs the exported `main(args)` of
// scripts/bench/<name>.ts; without a name it lists the benchmarks with the first line of each
// file's leading comment (listing does not import them). Benchmarks print their figures; they are
// not tests and assert nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface BenchModule {
  main(args: string[]): Promise<void> | void;
}

const benchDir = join(import.meta.dirname, 'bench');

function available(): string[] {
  return readdirSync(benchDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

function summary(name: string): string {
  const firstLine = readFileSync(join(benchDir, `${name}.ts`), 'utf8').split('\n', 1)[0]!;
  return firstLine.startsWith('//') ? firstLine.slice(2).trim() : '';
}

async function load(name: string): Promise<BenchModule> {
  return (await import(pathToFileURL(join(benchDir, `${name}.ts`)).href)) as BenchModule;
}

const [name, ...args] = process.argv.slice(2);
if (name === undefined || name === '--help' || name === '-h') {
  console.log('usage: npm run bench -- <name> [args...]\n\nbenchmarks:');
  for (const bench of available()) console.log(`  ${bench.padEnd(12)} ${summary(bench)}`);
} else if (!/^[\w-]+$/.test(name) || !existsSync(join(benchDir, `${name}.ts`))) {
  console.error(`bench: no benchmark '${name}'; available: ${available().join(', ')}`);
  process.exitCode = 2;
} else {
  const bench = await load(name);
  if (typeof bench.main !== 'function') {
    console.error(`bench: scripts/bench/${name}.ts exports no main(args)`);
    process.exitCode = 2;
  } else {
    await bench.main(args);
  }
}
