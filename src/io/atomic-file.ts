import { createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let temporaryCounter = 0;

/** The hidden temporary name next to `target` that a file is written under until it is complete. */
export function temporaryNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${++temporaryCounter}.tmp`);
}

/** Writes `data` to `target` whole or not at all: under a temporary name, then renamed. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryNameFor(target);
  try {
    await writeFile(temporary, data, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Copies `from` to `to` whole or not at all. */
export async function copyFileAtomic(from: string, to: string): Promise<void> {
  const temporary = temporaryNameFor(to);
  try {
    await copyFile(from, temporary);
    await rename(temporary, to);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * A text file written atomically: the lines go to a temporary name next to the target (with
 * backpressure, so memory stays bounded) and `close()` renames it to the target; `abort()` or a
 * crash never leaves a file under the target name.
 */
export class AtomicTextFile {
  private failure: Error | undefined;

  private constructor(
    readonly target: string,
    private readonly temporary: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  static async open(target: string): Promise<AtomicTextFile> {
    await mkdir(dirname(target), { recursive: true });
    const temporary = temporaryNameFor(target);
    const stream = createWriteStream(temporary, { flags: 'wx', flush: true });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return new AtomicTextFile(target, temporary, stream);
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => {
          this.stream.off('drain', onDrain);
          reject(err);
        };
        const onDrain = () => {
          this.stream.off('error', onError);
          resolve();
        };
        this.stream.once('drain', onDrain).once('error', onError);
      });
    }
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    await rename(this.temporary, this.target);
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.temporary, { force: true });
  }
}
