import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { Encoder } from '@msgpack/msgpack';

/** The gzip level of every file bugmine writes: fixed, so the same samples give the same bytes. */
export const GZIP_LEVEL = 6;
/** Samples are gathered into batches of this size before they reach the compressor. */
const BATCH_BYTES = 1 << 18;
/** Byte 9 of a gzip header names the OS that wrote it; zlib fills in the build platform's code. */
const GZIP_OS_BYTE = 9;
const GZIP_OS_UNIX = 3;

let temporaryCounter = 0;

/**
 * Writes samples to a `*.msgpack.l.gz` file atomically: the data goes to a temporary file next to
 * the target (a dot-file ending in `.tmp`, so directory walks for data files skip it) and is renamed
 * to the target by `close()`. `abort()`, or a crash, never leaves a file under the target name.
 *
 * Output bytes are deterministic: MessagePack encoding of the samples as given (map keys in
 * insertion order), gzip level 6, header without file name and with mtime 0 and OS byte 3 on every
 * platform. The same samples therefore give byte-identical files (with the same zlib).
 */
export class SampleWriter {
  private readonly encoder = new Encoder();
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private batchLength = 0;
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  private failure: Error | undefined;
  private state: 'open' | 'closed' | 'aborted' = 'open';
  /** Samples written so far. */
  count = 0;

  private constructor(
    readonly target: string,
    readonly temporary: string,
    file: WriteStream,
  ) {
    this.gzip = createGzip({ level: GZIP_LEVEL });
    this.done = pipeline(this.gzip, new GzipHeaderNormalizer(), file);
    // Record the failure now (so the next write rejects with it); close()/abort() see it too.
    this.done.catch((err: Error) => {
      this.failure ??= err;
    });
  }

  /** Creates the target's directory if needed and opens the temporary file. */
  static async open(target: string): Promise<SampleWriter> {
    await mkdir(dirname(target), { recursive: true });
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}-${++temporaryCounter}.tmp`);
    const file = createWriteStream(temporary, { flags: 'wx', flush: true });
    await new Promise<void>((resolve, reject) => {
      file.once('open', () => resolve());
      file.once('error', reject);
    });
    return new SampleWriter(target, temporary, file);
  }

  /** Appends one sample, MessagePack-encoded. */
  async write(sample: unknown): Promise<void> {
    // encodeSharedRef returns a view into the encoder's buffer; `writeRaw` copies it right away.
    await this.writeRaw(this.encoder.encodeSharedRef(sample));
  }

  /** Appends one sample given as its exact MessagePack bytes (one complete value; not checked). */
  async writeRaw(bytes: Uint8Array): Promise<void> {
    this.assertOpen();
    this.count++;
    if (this.batchLength + bytes.length > BATCH_BYTES) await this.flushBatch();
    if (bytes.length > BATCH_BYTES) {
      await this.push(Buffer.from(bytes));
      return;
    }
    this.batch.set(bytes, this.batchLength);
    this.batchLength += bytes.length;
  }

  /** Finishes the gzip stream, flushes the file to disk and renames it to the target. */
  async close(): Promise<void> {
    this.assertOpen();
    try {
      await this.flushBatch();
      this.gzip.end();
      await this.done;
      await rename(this.temporary, this.target);
      this.state = 'closed';
    } catch (err) {
      await this.abort();
      throw err;
    }
  }

  /** Discards everything written: the temporary file is removed, the target is left untouched. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.gzip.destroy();
    await this.done.catch(() => undefined);
    await rm(this.temporary, { force: true });
  }

  private assertOpen(): void {
    if (this.failure) throw this.failure;
    if (this.state !== 'open') throw new Error(`${this.target}: writer is already ${this.state}`);
  }

  private async flushBatch(): Promise<void> {
    if (this.batchLength === 0) return;
    const chunk = this.batch.subarray(0, this.batchLength);
    // The compressor keeps a reference to the chunk until it has consumed it: start a fresh batch.
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.batchLength = 0;
    await this.push(chunk);
  }

  private async push(chunk: Buffer): Promise<void> {
    if (this.gzip.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        this.gzip.off('drain', onDrain).off('error', settle).off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(this.failure ?? new Error(`${this.target}: output stream closed`));
      this.gzip.on('drain', onDrain).on('error', settle).on('close', onClose);
    });
    if (this.failure) throw this.failure;
  }
}

/** Writes `samples` to `target` atomically (see `SampleWriter`); returns the number written. */
export async function writeSamples(target: string, samples: Iterable<unknown> | AsyncIterable<unknown>): Promise<number> {
  const writer = await SampleWriter.open(target);
  try {
    for await (const sample of samples) await writer.write(sample);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  await writer.close();
  return writer.count;
}

/** Sets the OS byte of the gzip header (first output chunk) to Unix on every platform. */
class GzipHeaderNormalizer extends Transform {
  private seen = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.seen <= GZIP_OS_BYTE && this.seen + chunk.length > GZIP_OS_BYTE) chunk[GZIP_OS_BYTE - this.seen] = GZIP_OS_UNIX;
    this.seen += chunk.length;
    callback(null, chunk);
  }
}
