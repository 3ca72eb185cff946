import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';

/** File name ending of bugmine/BugLab data files. */
export const DATA_FILE_SUFFIX = '.msgpack.l.gz';

export function isDataFileName(name: string): boolean {
  return name.endsWith(DATA_FILE_SUFFIX) && !name.startsWith('.');
}

/**
 * All data files under `dir`, recursively, as paths relative to `dir`, sorted (so runs list and
 * process them in a stable order). Follows symbolic links to files, not to directories (no cycles).
 * Hidden files (a writer's temporaries) are skipped, and so are hidden directories: the work
 * directories of runs (`OUT/.bugmine-work/`, `.bugmine-merge-work/`, `.pypibugs-work/`) hold
 * uncommitted data that no data command may read as part of a dataset.
 */
export async function findDataFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(current: string): Promise<void> {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) await walk(path);
      }
      else if (isDataFileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await stat(path)).isFile()))) {
        found.push(relative(dir, path));
      }
    }
  }
  await walk(dir);
  return found.sort();
}

/**
 * Expands command-line PATHs: a file is taken as given, a directory contributes its data files
 * (recursively). Missing paths and directories without data files are user errors.
 */
export async function expandDataPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UserError(`${path}: no such file or directory`);
    }
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const inside = await findDataFiles(path);
    if (inside.length === 0) throw new UserError(`${path}: no data files (*${DATA_FILE_SUFFIX}) in this directory`);
    for (const file of inside) files.push(join(path, file));
  }
  return files;
}
