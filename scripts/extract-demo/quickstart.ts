// The README's first command: builds the offline demo package index (stdlib modules packaged as
// wheels) and runs `bugmine extract` on datasets/packages-default.txt against it, then `stats` on
// the result. Output in .cache/quickstart-extract/ (git-ignored); a second run resumes (no work).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildDefaultIndex } from './local-index.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const base = join('.cache', 'quickstart-extract');
const index = join(base, 'index');
const out = join(base, 'out');

function bugmine(args: string[]): void {
  console.log(`\n$ bugmine ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`quickstart: bugmine ${args[0]} exited with ${result.status}`);
    process.exit(1);
  }
}

buildDefaultIndex(join(root, index));
console.log(`quickstart: local package index of stdlib modules in ${index}/`);
// auto: worker containers when a Docker daemon is reachable (the first run builds the worker image,
// a few minutes), otherwise throwaway venvs on this machine.
bugmine(['extract', join('datasets', 'packages-default.txt'), out, '--executor', 'auto', '--no-index', '--find-links', index, '--workers', '2']);
bugmine(['stats', out]);
console.log(`\nquickstart: done; the data set is in ${out}/ (manifest.jsonl lists each package)`);
