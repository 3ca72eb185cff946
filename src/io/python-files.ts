/**
 * Finding the Python files of a directory tree: every job that reads a local tree (extract-dir,
 * the reference corpus of the pattern ranking) lists it the same way, in the same order.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface UnreadableDirectory {
  /** Relative to the walk's root, POSIX separators. */
  readonly path: string;
  /** The error code (`EACCES`, `ENOENT`, ...) and message. */
  readonly error: string;
}

export interface PythonFileListing {
  readonly files: string[];
  readonly unreadableDirectories: UnreadableDirectory[];
}

/**
 * Every `.py` file below `root` (symbolic links, hidden entries and `__pycache__` left out), sorted,
 * and the directories that could not be read (an unreadable root is one of them).
 */
export async function listPythonFiles(root: string): Promise<PythonFileListing> {
  const found: string[] = [];
  const unreadableDirectories: UnreadableDirectory[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      unreadableDirectories.push({ path: relative(root, dir).split(sep).join('/') || '.', error: code !== undefined && !message.startsWith(code) ? `${code}: ${message}` : message });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === '__pycache__') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && entry.name.endsWith('.py')) found.push(path);
    }
  };
  await walk(root);
  return { files: found.sort(compareStrings), unreadableDirectories: unreadableDirectories.sort((a, b) => compareStrings(a.path, b.path)) };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
