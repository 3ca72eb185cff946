/**
 * MessagePack encoding of plain data (null, booleans, numbers, strings, arrays, plain objects),
 * byte for byte as `@msgpack/msgpack`'s `Encoder` with its default options writes it: the smallest
 * integer format for safe integers, float64 otherwise, the smallest str/array/map header, map keys in
 * `Object.keys` order, `undefined` as nil. Many values are appended to one growing buffer.
 *
 * Why not that Encoder: on samples (many small arrays, short repeated strings) it spends most of its
 * time per value on what plain data never needs (extension lookup per object, a UTF-8 count pass
 * before every string, a copy of every encoded value); see scripts/bench/encode.ts for the figures.
 * test/io/msgpack-writer.test.ts holds the two to the same bytes.
 */

/** Strings longer than this go through the native UTF-8 encoder, as `@msgpack/msgpack` does. */
const NATIVE_STRING_THRESHOLD = 50;

export class MessagePackWriter {
  private buffer: Buffer;
  private view: DataView;
  private pos = 0;

  constructor(initialSize = 64 * 1024) {
    this.buffer = Buffer.allocUnsafeSlow(initialSize);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** A copy of the bytes written so far, in a fresh buffer of its own (transferable between threads). */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buffer.subarray(0, this.pos));
    return out;
  }

  /** Appends `value`; throws for anything but plain data. */
  write(value: unknown): void {
    this.value(value);
  }

  private value(value: unknown): void {
    if (value == null) {
      this.byte(0xc0);
    } else if (typeof value === 'string') {
      this.string(value);
    } else if (typeof value === 'number') {
      this.number(value);
    } else if (typeof value === 'boolean') {
      this.byte(value ? 0xc3 : 0xc2);
    } else if (Array.isArray(value)) {
      this.array(value);
    } else if (typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof Date) && !(value instanceof Map) && !(value instanceof Set)) {
      this.map(value as Record<string, unknown>);
    } else {
      throw new TypeError(`MessagePackWriter writes plain data only, not ${Object.prototype.toString.call(value)}`);
    }
  }

  private ensure(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, 2 * this.buffer.length));
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buffer[this.pos++] = b;
  }

  private number(n: number): void {
    this.ensure(9);
    const buffer = this.buffer;
    if (!Number.isSafeInteger(n)) {
      buffer[this.pos] = 0xcb;
      this.view.setFloat64(this.pos + 1, n);
      this.pos += 9;
    } else if (n >= 0) {
      if (n < 0x80) {
        buffer[this.pos++] = n;
      } else if (n < 0x100) {
        buffer[this.pos] = 0xcc;
        buffer[this.pos + 1] = n;
        this.pos += 2;
      } else if (n < 0x10000) {
        buffer[this.pos] = 0xcd;
        this.view.setUint16(this.pos + 1, n);
        this.pos += 3;
      } else if (n < 0x100000000) {
        buffer[this.pos] = 0xce;
        this.view.setUint32(this.pos + 1, n);
        this.pos += 5;
      } else {
        buffer[this.pos] = 0xcf;
        this.view.setUint32(this.pos + 1, n / 0x100000000);
        this.view.setUint32(this.pos + 5, n >>> 0);
        this.pos += 9;
      }
    } else if (n >= -0x20) {
      buffer[this.pos++] = 0xe0 | (n + 0x20);
    } else if (n >= -0x80) {
      buffer[this.pos] = 0xd0;
      this.view.setInt8(this.pos + 1, n);
      this.pos += 2;
    } else if (n >= -0x8000) {
      buffer[this.pos] = 0xd1;
      this.view.setInt16(this.pos + 1, n);
      this.pos += 3;
    } else if (n >= -0x80000000) {
      buffer[this.pos] = 0xd2;
      this.view.setInt32(this.pos + 1, n);
      this.pos += 5;
    } else {
      buffer[this.pos] = 0xd3;
      this.view.setUint32(this.pos + 1, Math.floor(n / 0x100000000));
      this.view.setUint32(this.pos + 5, n >>> 0);
      this.pos += 9;
    }
  }

  /** Header of a str/array/map of `size` (`fix`: the fix format's base byte, `limit`: its size bound). */
  private header(size: number, fix: number, limit: number, code8: number, code16: number, code32: number): void {
    this.ensure(5);
    const buffer = this.buffer;
    if (size < limit) {
      buffer[this.pos++] = fix + size;
    } else if (code8 !== 0 && size < 0x100) {
      buffer[this.pos] = code8;
      buffer[this.pos + 1] = size;
      this.pos += 2;
    } else if (size < 0x10000) {
      buffer[this.pos] = code16;
      this.view.setUint16(this.pos + 1, size);
      this.pos += 3;
    } else {
      buffer[this.pos] = code32;
      this.view.setUint32(this.pos + 1, size);
      this.pos += 5;
    }
  }

  private string(s: string): void {
    const length = s.length;
    if (length > NATIVE_STRING_THRESHOLD) {
      // Buffer's UTF-8 encoder, as TextEncoder, writes a lone surrogate as U+FFFD.
      const byteLength = Buffer.byteLength(s, 'utf8');
      if (byteLength >= 0x100000000) throw new RangeError(`Too long string: ${byteLength} bytes in UTF-8`);
      this.header(byteLength, 0xa0, 32, 0xd9, 0xda, 0xdb);
      this.ensure(byteLength);
      this.pos += this.buffer.write(s, this.pos, byteLength, 'utf8');
      return;
    }
    // Short: one pass for ASCII, written after the header it will have; else the general way.
    this.ensure(2 + 3 * length);
    const buffer = this.buffer;
    const start = this.pos + (length < 32 ? 1 : 2);
    let i = 0;
    for (; i < length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buffer[start + i] = c;
    }
    if (i === length) {
      if (length < 32) {
        buffer[this.pos] = 0xa0 + length;
      } else {
        buffer[this.pos] = 0xd9;
        buffer[this.pos + 1] = length;
      }
      this.pos = start + length;
      return;
    }
    const byteLength = utf8Count(s);
    this.header(byteLength, 0xa0, 32, 0xd9, 0xda, 0xdb);
    this.pos = utf8WriteJs(s, this.buffer, this.pos);
  }

  private array(items: readonly unknown[]): void {
    this.header(items.length, 0x90, 16, 0, 0xdc, 0xdd);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // Most items are node numbers below 128 (edges): one byte, written here.
      if (typeof item === 'number' && item >>> 0 === item && item < 0x80) {
        this.ensure(1);
        this.buffer[this.pos++] = item;
      } else this.value(item);
    }
  }

  private map(object: Record<string, unknown>): void {
    const keys = Object.keys(object);
    this.header(keys.length, 0x80, 16, 0, 0xde, 0xdf);
    for (const key of keys) {
      this.string(key);
      this.value(object[key]);
    }
  }
}

/** UTF-8 length of a string, a lone surrogate counting 3 bytes (as `@msgpack/msgpack`'s short-string path). */
function utf8Count(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) count += 1;
    else if (c < 0x800) count += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count += 4;
      i++;
    } else count += 3;
  }
  return count;
}

/** Writes `s` as UTF-8 (a lone surrogate as its 3-byte form, as `@msgpack/msgpack`'s short-string path); returns the end. */
function utf8WriteJs(s: string, out: Uint8Array, at: number): number {
  let pos = at;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[pos++] = c;
      continue;
    }
    if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if ((next & 0xfc00) === 0xdc00) {
          c = ((c & 0x3ff) << 10) + (next & 0x3ff) + 0x10000;
          i++;
        }
      }
      if (c < 0x10000) {
        out[pos++] = 0xe0 | (c >> 12);
      } else {
        out[pos++] = 0xf0 | (c >> 18);
        out[pos++] = 0x80 | ((c >> 12) & 0x3f);
      }
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
    }
    out[pos++] = 0x80 | (c & 0x3f);
  }
  return pos;
}
