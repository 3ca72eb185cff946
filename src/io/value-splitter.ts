import { ValueScanner } from './msgpack-scan.js';

const INITIAL_CAPACITY = 1 << 20;

/**
 * Cuts a byte stream of concatenated MessagePack values into values. Bytes are pushed in chunks of
 * any size; `next()` hands out each complete value as a view into an internal buffer, valid until
 * the next `push()`. Memory is bounded by the largest value plus one chunk.
 */
export class ValueSplitter {
  private buffer = new Uint8Array(INITIAL_CAPACITY);
  /** Start of the value being scanned. */
  private start = 0;
  /** End of the buffered bytes. */
  private end = 0;
  private readonly scanner = new ValueScanner();

  push(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buffer.length) this.makeRoom(chunk.length);
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** The next complete value, or undefined when more bytes are needed. Throws on malformed bytes. */
  next(): Uint8Array | undefined {
    if (this.start === this.end) return undefined;
    if (!this.scanner.advance(this.buffer, this.end, this.start)) return undefined;
    const valueEnd = this.scanner.pos;
    const value = this.buffer.subarray(this.start, valueEnd);
    this.start = valueEnd;
    this.scanner.reset(valueEnd);
    return value;
  }

  /** Size of the internal buffer: stays put unless a value (plus a chunk) outgrows half of it. */
  get capacity(): number {
    return this.buffer.length;
  }

  /** Bytes of an incomplete value still buffered (non-zero at end of input means a cut value). */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  private makeRoom(incoming: number): void {
    const pending = this.end - this.start;
    const needed = pending + incoming;
    // Move the partial value to the front; grow only when it would fill more than half the buffer,
    // so that compaction (a copy of the partial value) happens at most once per half buffer of input.
    if (needed * 2 <= this.buffer.length) {
      this.buffer.copyWithin(0, this.start, this.end);
    } else {
      let capacity = this.buffer.length * 2;
      while (capacity < needed * 2) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.buffer.subarray(this.start, this.end));
      this.buffer = grown;
    }
    this.scanner.shift(this.start);
    this.start = 0;
    this.end = pending;
  }
}
