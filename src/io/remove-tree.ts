/**
 * Removing a directory tree that a job wrote: a job may leave directories without write or search
 * permission (chmod 000), which a plain recursive removal cannot enter; those are made accessible
 * (never following a symbolic link) and the removal is tried again.
 */
import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOTEMPTY') throw error;
  }
  await makeAccessible(path);
  await rm(path, { recursive: true, force: true });
}

async function makeAccessible(path: string): Promise<void> {
  const info = await lstat(path).catch(() => null);
  if (info === null || !info.isDirectory()) return;
  await chmod(path, 0o700).catch(() => undefined);
  for (const name of await readdir(path).catch(() => [] as string[])) await makeAccessible(join(path, name));
}
