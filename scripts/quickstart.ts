// The README's quick start: runs the built CLI (dist/) on the bundled demo data, showing each
// command line before its output. Output of the split goes to .cache/quickstart/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SAMPLE_DATA_DIR, SAMPLE_PACKAGES, sampleDataFileName } from './lib/sample-data.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const splitOut = join('.cache', 'quickstart', 'split');
const SHOWN_LINES = 30;

/** Runs `bugmine ...args`, printing the command and (at most `maxLines` lines of) its output. */
function bugmine(args: string[], maxLines = Number.POSITIVE_INFINITY): void {
  console.log(`\n$ bugmine ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = result.stdout.trimEnd().split('\n');
  console.log(lines.slice(0, maxLines).join('\n'));
  if (lines.length > maxLines) console.log(`... (${lines.length - maxLines} more lines)`);
  if (result.stderr) process.stderr.write(result.stderr);
  if (result.status !== 0) {
    console.error(`quickstart: bugmine ${args[0]} exited with ${result.status}`);
    process.exit(1);
  }
}

rmSync(join(root, splitOut), { recursive: true, force: true });
const firstFile = relative(root, join(root, SAMPLE_DATA_DIR, sampleDataFileName(SAMPLE_PACKAGES[0]!.packageName)));
bugmine(['stats', SAMPLE_DATA_DIR]);
bugmine(['dump', '--limit', '1', firstFile], SHOWN_LINES);
bugmine(['split', SAMPLE_DATA_DIR, splitOut]);
bugmine(['stats', join(splitOut, 'train')]);
console.log(`\nquickstart: done; the split is in ${splitOut}/`);
