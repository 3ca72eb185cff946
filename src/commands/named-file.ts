import { readFile } from 'node:fs/promises';
import { cannotRead } from '../errors.js';

/** The bytes of a file named on the command line; a one-line usage error when it cannot be read. */
export async function readNamedFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
}
