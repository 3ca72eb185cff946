/**
 * How the files a job hands back reach the host. THE RULE: everything a worker hands back (a
 * container, a local process, anything that ran a package's code) is hostile input, exactly like a
 * downloaded file; the host decides every path it writes, and a worker only supplies bytes, which
 * the host copies into a directory of its own and validates there before anything else reads them.
 *
 * So a hand-back is: a fixed set of file names the host chose (anything else is a rejection), each
 * with a size limit; only regular files are taken (a symbolic link, hard link, FIFO, device or
 * directory where a file is expected is a rejection, and none is ever followed or opened for
 * reading); the bytes are copied into `hostDir`, which the host created and no worker can write
 * (no container mounts it), so nothing can be swapped between the check and the use. Callers read
 * only those copies.
 */
import { constants, createWriteStream } from 'node:fs';
import { lstat, open, opendir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';

export interface HandBack {
  /** Host directory receiving the copies: created empty by the host, written by nobody else. */
  readonly hostDir: string;
  /** The only names that may be handed back, each with its size limit in bytes. */
  readonly files: Readonly<Record<string, number>>;
}

/** What a job handed back breaks the rules: the job's result is rejected (its package fails). */
export class HandBackRejected extends Error {}

const READ_CHUNK = 1 << 16;
/** Tar metadata (pax headers, long names) a hand-back may carry: far more than any of our names needs. */
const MAX_TAR_META_BYTES = 64 * 1024;

function limitOf(handBack: HandBack, name: string): number {
  if (!Object.hasOwn(handBack.files, name)) throw new HandBackRejected(`unexpected file ${JSON.stringify(name.slice(0, 200))} handed back`);
  return handBack.files[name]!;
}

function tooLarge(name: string, limit: number): HandBackRejected {
  return new HandBackRejected(`${name}: larger than its limit of ${limit} bytes`);
}

/**
 * Copies the hand-back files from `sourceDir`, a directory a worker wrote (the local executor's).
 * Returns the names copied; a missing `sourceDir` hands back nothing.
 */
export async function copyFromDirectory(sourceDir: string, handBack: HandBack): Promise<string[]> {
  const info = await lstat(sourceDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new HandBackRejected(`${basename(sourceDir)}: ${error.message}`);
  });
  if (info === null) return [];
  if (!info.isDirectory()) throw new HandBackRejected(`${basename(sourceDir)}: ${kindOf(info)} where a directory is expected`);
  const names: string[] = [];
  const dir = await opendir(sourceDir).catch((error: Error) => {
    throw new HandBackRejected(`${basename(sourceDir)}: ${error.message}`);
  });
  // Stops at the first unexpected name: a directory of a million files costs nothing more.
  for await (const entry of dir) {
    limitOf(handBack, entry.name);
    names.push(entry.name);
  }
  for (const name of names) await copyRegularFile(join(sourceDir, name), name, limitOf(handBack, name), join(handBack.hostDir, name));
  return names;
}

function kindOf(info: { isSymbolicLink(): boolean; isFIFO(): boolean; isDirectory(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Opens without following a symbolic link and without blocking on a FIFO, then copies at most `limit` bytes. */
async function copyRegularFile(source: string, name: string, limit: number, target: string): Promise<void> {
  let handle;
  try {
    handle = await open(source, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HandBackRejected(`${name}: ${code === 'ELOOP' ? 'a symbolic link' : `cannot open: ${(error as Error).message}`}`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new HandBackRejected(`${name}: ${kindOf(info)} where a regular file is expected`);
    if (info.size > limit) throw tooLarge(name, limit);
    const out = await open(target, 'wx', 0o600);
    try {
      const buffer = Buffer.allocUnsafe(READ_CHUNK);
      let total = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        // The file may grow after the stat (a process of the job still running).
        if (total > limit) throw tooLarge(name, limit);
        await out.write(buffer, 0, bytesRead);
      }
    } finally {
      await out.close();
    }
  } finally {
    await handle.close();
  }
}

/**
 * Copies the hand-back files out of a tar stream (Docker's archive of a container directory,
 * whose entries are `<root>/` and `<root>/<name>`). Entries other than regular files with expected
 * names, and the root directory itself, are rejections. Returns the names copied.
 */
export async function copyFromTar(archive: NodeJS.ReadableStream, handBack: HandBack, options: { rootIsFile?: boolean } = {}): Promise<string[]> {
  const names: string[] = [];
  let rejection: Error | null = null;
  let root: string | null = null;
  const parser = new Parser({ strict: true, maxMetaEntrySize: MAX_TAR_META_BYTES });
  const copies: Promise<void>[] = [];
  const reject = (error: Error): void => {
    rejection ??= error;
    (archive as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    parser.abort(error);
  };
  const copyEntry = (entry: ReadEntry, name: string): void => {
    const limit = limitOf(handBack, name);
    if (entry.size > limit) throw tooLarge(name, limit);
    if (names.includes(name)) throw new HandBackRejected(`${name}: handed back twice`);
    names.push(name);
    copies.push(
      pipeline(entry as unknown as NodeJS.ReadableStream, boundedFile(join(handBack.hostDir, name), name, limit)).catch((error: Error) => {
        reject(error instanceof HandBackRejected ? error : new HandBackRejected(`${name}: ${error.message}`));
      }),
    );
  };
  parser.on('entry', (entry: ReadEntry) => {
    if (rejection !== null) return void entry.resume();
    try {
      const path = entry.path.replace(/\/+$/, '');
      const slash = path.indexOf('/');
      if (root === null && options.rootIsFile === true) {
        // An archive of one file: taken under the one name allowed.
        root = '';
        const name = Object.keys(handBack.files)[0]!;
        if (entry.type !== 'File' && entry.type !== 'OldFile') throw new HandBackRejected(`${name}: ${describeEntry(entry.type)} where a regular file is expected`);
        return copyEntry(entry, name);
      }
      if (root === null) {
        // The first entry is the archived directory itself.
        if (entry.type !== 'Directory' || slash !== -1) throw new HandBackRejected(`${path.slice(0, 200)}: ${describeEntry(entry.type)} where a directory is expected`);
        root = path;
        return void entry.resume();
      }
      if (root === '' || !path.startsWith(`${root}/`)) throw new HandBackRejected(`unexpected entry ${JSON.stringify(path.slice(0, 200))} handed back`);
      const name = path.slice(root.length + 1);
      limitOf(handBack, name);
      if (entry.type !== 'File' && entry.type !== 'OldFile') throw new HandBackRejected(`${name}: ${describeEntry(entry.type)} where a regular file is expected`);
      copyEntry(entry, name);
    } catch (error) {
      entry.resume();
      reject(error as Error);
    }
  });
  await new Promise<void>((resolve) => {
    parser.on('close', () => resolve());
    parser.on('error', (error: Error) => {
      reject(error instanceof HandBackRejected ? error : new HandBackRejected(`not a valid archive: ${error.message}`));
      resolve();
    });
    parser.on('warn', (_code: string, message: string | Error) => reject(new HandBackRejected(`not a valid archive: ${message instanceof Error ? message.message : message}`)));
    archive.on('error', (error: Error) => {
      reject(new HandBackRejected(`reading the archive: ${error.message}`));
      resolve();
    });
    archive.pipe(parser as unknown as NodeJS.WritableStream);
  });
  await Promise.all(copies);
  if (rejection !== null) throw rejection;
  return names;
}

function describeEntry(type: string): string {
  switch (type) {
    case 'SymbolicLink':
      return 'a symbolic link';
    case 'Link':
      return 'a hard link';
    case 'FIFO':
      return 'a FIFO';
    case 'CharacterDevice':
    case 'BlockDevice':
      return 'a device';
    case 'Directory':
      return 'a directory';
    case 'File':
    case 'OldFile':
      return 'a regular file';
    default:
      return `a tar entry of type ${type}`;
  }
}

/** A new file (never an existing one) that refuses more than `limit` bytes. */
function boundedFile(target: string, name: string, limit: number): Writable {
  const file = createWriteStream(target, { flags: 'wx', mode: 0o600 });
  let total = 0;
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limit) return callback(tooLarge(name, limit));
      if (file.write(chunk)) callback();
      else file.once('drain', () => callback());
    },
    final(callback) {
      file.end(() => callback());
    },
    destroy(error, callback) {
      file.destroy();
      callback(error);
    },
  });
  file.on('error', (error) => out.destroy(error));
  return out;
}
