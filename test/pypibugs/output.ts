// Reading a pypibugs output directory back, for comparisons between runs.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file under an output directory (relative POSIX paths, sorted), temporary files included. */
export function outputFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

