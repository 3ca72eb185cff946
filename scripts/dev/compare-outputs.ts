// Byte-for-byte comparison of two builds' `extract-dir` outputs on a standard-library subset: the
// check that an optimisation changed no sample.
//   node --import tsx scripts/dev/compare-outputs.ts <baseline-cli.js> <candidate-cli.js> [every-kth=12] [rewrites=2]
//
// Every k-th file of the sorted stdlib (`.py`, up to 300 KB) is copied into one temporary source
// tree (as top-level modules, so each gives its own output file); both CLIs run `extract-dir` with
// one worker over it and every output file is decompressed and compared. Exit code 1 on a difference.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pythonFilesUnder, stdlibRoot } from '../lib/stdlib.js';

function runExtractDir(cli: string, src: string, out: string, rewrites: number): number {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, [cli, 'extract-dir', src, out, '--workers', '1', '--rewrites', String(rewrites)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function outputs(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.gz')) continue;
    files.set(name, gunzipSync(readFileSync(join(dir, name))));
  }
  return files;
}

function main(): void {
  const [baseline, candidate, kArg, rewritesArg] = process.argv.slice(2);
  if (baseline === undefined || candidate === undefined) {
    console.error('usage: compare-outputs.ts <baseline-cli.js> <candidate-cli.js> [every-kth] [rewrites]');
    process.exit(2);
  }
  const k = Number(kArg ?? 12);
  const rewrites = Number(rewritesArg ?? 2);
  const root = stdlibRoot();
  const chosen = pythonFilesUnder(root).filter((f, i) => i % k === 0 && statSync(f).size <= 300_000);
  const work = mkdtempSync(join(tmpdir(), 'bugmine-compare-'));
  try {
    const src = join(work, 'src');
    mkdirSync(src);
    for (const file of chosen) copyFileSync(file, join(src, relative(root, file).replace(/[/\\]/g, '__')));
    const times = [baseline, candidate].map((cli, n) => runExtractDir(cli, src, join(work, `out${n}`), rewrites));
    const [a, b] = [outputs(join(work, 'out0')), outputs(join(work, 'out1'))];
    let differing = 0;
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(name);
      const y = b.get(name);
      if (x === undefined || y === undefined || !x.equals(y)) {
        differing++;
        console.log(`DIFFERENT ${name}: ${x?.length ?? 'missing'} vs ${y?.length ?? 'missing'} bytes`);
      }
    }
    const bytes = [...a.values()].reduce((sum, buf) => sum + buf.length, 0);
    console.log(
      `${chosen.length} files, ${a.size} outputs (${(bytes / 1e6).toFixed(1)} MB uncompressed), ${differing} different; ` +
        `extract-dir ${times[0]!.toFixed(1)} s (${basename(baseline)} baseline) vs ${times[1]!.toFixed(1)} s`,
    );
    if (differing > 0 || a.size === 0) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
