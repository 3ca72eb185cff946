// The standard library of the `python3` on PATH, the corpus the benchmarks run over.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function stdlibRoot(): string {
  return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

/** Every `.py` file below `root` (default: the stdlib), site-packages and __pycache__ left out, sorted. */
export function pythonFilesUnder(root: string = stdlibRoot()): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'site-packages' && entry.name !== '__pycache__') walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.py')) files.push(join(dir, entry.name));
    }
  };
  walk(root);
  return files.sort();
}
