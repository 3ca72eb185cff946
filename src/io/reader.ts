import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Decoder } from '@msgpack/msgpack';
import { DataFileError } from './errors.js';
import { MalformedMessagePackError } from './msgpack-scan.js';
import { peekRouting } from './peek.js';
import { ValueSplitter } from './value-splitter.js';

/** One sample as stored: its exact bytes plus the two fields split routes by, read without decoding. */
export interface RawSample {
  /** 0-based position of the sample in its file. */
  index: number;
  /** The sample's MessagePack bytes, exactly as in the file (a copy owned by the caller). */
  bytes: Uint8Array;
  /** Whether the sample is a map at all. */
  isMap: boolean;
  /** `graph.path` if it is a string, else undefined. */
  path: string | undefined;
  /** `package_name` if it is a string, else undefined. */
  packageName: string | undefined;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const CHUNK_SIZE = 1 << 16;

/**
 * Reads the samples of a `*.msgpack.l.gz` file (a gzip stream of concatenated MessagePack values),
 * decoded, streaming: memory stays constant in the number of samples. On a problem it throws a
 * `DataFileError` naming the file and the sample index, after every sample before it was yielded.
 * A valid gzip stream holding no bytes is an empty data file (no samples, no error); a file of zero
 * bytes is an error (a gzip stream always has a header).
 */
export async function* readSamples(file: string): AsyncGenerator<unknown, void, undefined> {
  const decoder = new Decoder();
  let index = 0;
  for await (const view of readValueViews(file)) {
    let sample: unknown;
    try {
      // Decode from a copy: the decoder returns `bin` values as views into its input, which must
      // not be the reused read buffer.
      sample = decoder.decode(new Uint8Array(view));
    } catch (err) {
      throw new DataFileError(file, index, `undecodable MessagePack: ${(err as Error).message}`, index);
    }
    index++;
    yield sample;
  }
}

/**
 * Like `readSamples`, but yields each sample's exact bytes with `graph.path` and `package_name`
 * peeked from them, without decoding the rest: for copying samples through unchanged.
 */
export async function* readRawSamples(file: string, options: ReadOptions = {}): AsyncGenerator<RawSample, void, undefined> {
  let index = 0;
  for await (const view of readValueViews(file, options)) {
    const routing = peekRouting(view);
    yield { index, bytes: new Uint8Array(view), ...routing };
    index++;
  }
}

export interface ReadOptions {
  /** A sample of more bytes is an error (for files from untrusted hands: memory stays bounded). */
  readonly maxSampleBytes?: number;
}

/**
 * The file's top-level MessagePack values as views into a reused buffer: each view is valid only
 * until the iteration continues. The building block of both readers above.
 */
export async function* readValueViews(file: string, options: ReadOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
  const maxSampleBytes = options.maxSampleBytes ?? Infinity;
  const handle = await openChecked(file);
  const source = handle.createReadStream({ highWaterMark: CHUNK_SIZE });
  const gunzip = createGunzip({ chunkSize: CHUNK_SIZE });
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  const splitter = new ValueSplitter();
  let index = 0;
  try {
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        splitter.push(chunk);
        for (let value = splitter.next(); value !== undefined; value = splitter.next()) {
          if (value.length > maxSampleBytes) throw new DataFileError(file, index, `a sample of ${value.length} bytes (at most ${maxSampleBytes})`, index);
          index++;
          yield value;
        }
        if (splitter.pendingBytes > maxSampleBytes) throw new DataFileError(file, index, `a sample of more than ${maxSampleBytes} bytes`, index);
      }
    } catch (err) {
      if (err instanceof DataFileError) throw err;
      if (err instanceof MalformedMessagePackError) {
        throw new DataFileError(file, index, `malformed MessagePack: ${err.message} at byte ${err.offset} of the sample`, index);
      }
      throw new DataFileError(file, index, describeReadError(err as NodeJS.ErrnoException), index);
    }
    if (splitter.pendingBytes > 0) {
      throw new DataFileError(file, index, `MessagePack value cut off: the data ends ${splitter.pendingBytes} bytes into the sample`, index);
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/** Opens the file and rejects, with a clear reason, what cannot be a gzip stream at all. */
async function openChecked(file: string) {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new DataFileError(file, undefined, `cannot open: ${(err as Error).message}`, 0);
  }
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    if (bytesRead === 0) throw new DataFileError(file, undefined, 'empty file (0 bytes; a data file is a gzip stream)', 0);
    if (bytesRead < 2 || head[0] !== GZIP_MAGIC_0 || head[1] !== GZIP_MAGIC_1) {
      throw new DataFileError(file, undefined, 'not a gzip file (a data file is a gzip stream of MessagePack values)', 0);
    }
  } catch (err) {
    await handle.close();
    if (err instanceof DataFileError) throw err;
    throw new DataFileError(file, undefined, `cannot read: ${(err as Error).message}`, 0);
  }
  return handle;
}

function describeReadError(err: NodeJS.ErrnoException): string {
  if (err.code === 'Z_BUF_ERROR') return 'gzip stream truncated (the file ends before the compressed data does)';
  if (err.code === 'Z_DATA_ERROR') return `corrupt gzip data (${err.message})`;
  return `read error: ${err.message}`;
}
