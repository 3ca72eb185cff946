// Byte-level MessagePack navigation without decoding: finding where a value ends (so a stream of
// concatenated values can be cut into samples) and peeking at a few fields of a map. @msgpack/msgpack
// only decodes whole values; split and stats need the boundaries and a handful of fields, fast.

/** A byte that can never start a MessagePack item (0xc1 is "never used" in the spec). */
export class MalformedMessagePackError extends Error {
  constructor(
    message: string,
    /** Offset of the offending byte, relative to the start of the value. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'MalformedMessagePackError';
  }
}

function u16(bytes: Uint8Array, pos: number): number {
  return (bytes[pos]! << 8) | bytes[pos + 1]!;
}

function u32(bytes: Uint8Array, pos: number): number {
  return (bytes[pos]! * 0x1000000) + ((bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!);
}

/**
 * Resumable scan over one top-level value. MessagePack items are prefix-encoded, so skipping a
 * value needs no stack: a counter of items still to skip suffices (an array of n adds n, a map of
 * n adds 2n). The scan stops at an item that is not complete yet and resumes there after more
 * bytes arrived.
 */
export class ValueScanner {
  /** Absolute position of the next item header to read. */
  pos = 0;
  /** Items still to skip before the current top-level value is complete. */
  private remaining = 1;

  /** Starts scanning a new top-level value at `pos`. */
  reset(pos: number): void {
    this.pos = pos;
    this.remaining = 1;
  }

  /** Moves every position by `-delta` (the buffer was compacted). */
  shift(delta: number): void {
    this.pos -= delta;
  }

  /**
   * Advances over complete items in `bytes[pos, end)`. Returns true when the top-level value is
   * complete (it then ends at `pos`), false when more bytes are needed. `valueStart` only serves
   * to report error offsets relative to the value.
   */
  advance(bytes: Uint8Array, end: number, valueStart: number): boolean {
    let pos = this.pos;
    let remaining = this.remaining;
    while (remaining > 0) {
      if (pos >= end) break;
      const head = bytes[pos]!;
      let size: number; // bytes of this item, header included, without children
      let children = 0;
      if (head <= 0x7f || head >= 0xe0) size = 1;
      else if (head <= 0x8f) {
        size = 1;
        children = (head & 0x0f) * 2;
      } else if (head <= 0x9f) {
        size = 1;
        children = head & 0x0f;
      } else if (head <= 0xbf) size = 1 + (head & 0x1f);
      else {
        const fixed = FIXED_SIZE[head - 0xc0]!;
        if (fixed > 0) size = fixed;
        else if (fixed === NEVER_USED) {
          throw new MalformedMessagePackError(`invalid MessagePack byte 0x${head.toString(16)}`, pos - valueStart);
        } else {
          // Variable-size item: the header carries a length of 1, 2 or 4 bytes.
          const lengthBytes = LENGTH_BYTES[head - 0xc0]!;
          if (pos + 1 + lengthBytes > end) break;
          const length = lengthBytes === 1 ? bytes[pos + 1]! : lengthBytes === 2 ? u16(bytes, pos + 1) : u32(bytes, pos + 1);
          const kind = VARIABLE_KIND[head - 0xc0]!;
          if (kind === KIND_ARRAY) {
            size = 1 + lengthBytes;
            children = length;
          } else if (kind === KIND_MAP) {
            size = 1 + lengthBytes;
            children = length * 2;
          } else if (kind === KIND_EXT) size = 2 + lengthBytes + length; // + type byte
          else size = 1 + lengthBytes + length; // str, bin
        }
      }
      if (pos + size > end) break;
      pos += size;
      remaining += children - 1;
    }
    this.pos = pos;
    this.remaining = remaining;
    return remaining === 0;
  }
}

const NEVER_USED = -1;
const VARIABLE = 0;
const KIND_BYTES = 1;
const KIND_EXT = 2;
const KIND_ARRAY = 3;
const KIND_MAP = 4;

// Indexed by head byte - 0xc0, for 0xc0..0xdf. FIXED_SIZE > 0: total size; VARIABLE: see tables below.
const FIXED_SIZE = Int8Array.from([
  1, NEVER_USED, 1, 1, // nil, (never used), false, true
  VARIABLE, VARIABLE, VARIABLE, // bin 8/16/32
  VARIABLE, VARIABLE, VARIABLE, // ext 8/16/32
  5, 9, // float 32/64
  2, 3, 5, 9, // uint 8/16/32/64
  2, 3, 5, 9, // int 8/16/32/64
  3, 4, 6, 10, 18, // fixext 1/2/4/8/16
  VARIABLE, VARIABLE, VARIABLE, // str 8/16/32
  VARIABLE, VARIABLE, // array 16/32
  VARIABLE, VARIABLE, // map 16/32
]);
const LENGTH_BYTES = Uint8Array.from([
  0, 0, 0, 0, 1, 2, 4, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 2, 4, 2, 4,
]);
const VARIABLE_KIND = Uint8Array.from([
  0, 0, 0, 0, KIND_BYTES, KIND_BYTES, KIND_BYTES, KIND_EXT, KIND_EXT, KIND_EXT,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  KIND_BYTES, KIND_BYTES, KIND_BYTES, KIND_ARRAY, KIND_ARRAY, KIND_MAP, KIND_MAP,
]);

const skipScanner = new ValueScanner();

/** Position just after the complete item at `pos` (the bytes must hold the whole item). */
export function skipItem(bytes: Uint8Array, pos: number): number {
  skipScanner.reset(pos);
  if (!skipScanner.advance(bytes, bytes.length, pos)) throw new MalformedMessagePackError('MessagePack item runs past its value', pos);
  return skipScanner.pos;
}

/** Number of entries of the map at `pos`, or -1 if the item is not a map. Header size via `headerSize`. */
export function mapLength(bytes: Uint8Array, pos: number): number {
  const head = bytes[pos]!;
  if (head >= 0x80 && head <= 0x8f) return head & 0x0f;
  if (head === 0xde) return u16(bytes, pos + 1);
  if (head === 0xdf) return u32(bytes, pos + 1);
  return -1;
}

/** Number of elements of the array at `pos`, or -1 if the item is not an array. */
export function arrayLength(bytes: Uint8Array, pos: number): number {
  const head = bytes[pos]!;
  if (head >= 0x90 && head <= 0x9f) return head & 0x0f;
  if (head === 0xdc) return u16(bytes, pos + 1);
  if (head === 0xdd) return u32(bytes, pos + 1);
  return -1;
}

/** Size of the header of the map, array, or str item at `pos` (where its payload starts). */
export function headerSize(bytes: Uint8Array, pos: number): number {
  const head = bytes[pos]!;
  if (head <= 0xbf) return 1; // fixmap, fixarray, fixstr (and fixint)
  if (head === 0xd9) return 2;
  if (head === 0xda || head === 0xdc || head === 0xde) return 3;
  if (head === 0xdb || head === 0xdd || head === 0xdf) return 5;
  return 1;
}

/** Byte length of the str item at `pos`, or -1 if it is not a str. */
export function strLength(bytes: Uint8Array, pos: number): number {
  const head = bytes[pos]!;
  if (head >= 0xa0 && head <= 0xbf) return head & 0x1f;
  if (head === 0xd9) return bytes[pos + 1]!;
  if (head === 0xda) return u16(bytes, pos + 1);
  if (head === 0xdb) return u32(bytes, pos + 1);
  return -1;
}

const utf8 = new TextDecoder('utf-8');

/** The str item at `pos` as a string, or undefined if it is not a str. */
export function readStr(bytes: Uint8Array, pos: number): string | undefined {
  const length = strLength(bytes, pos);
  if (length < 0) return undefined;
  const start = pos + headerSize(bytes, pos);
  return utf8.decode(bytes.subarray(start, start + length));
}

/** Whether the item at `pos` is a str whose UTF-8 bytes equal `key`. */
export function strEquals(bytes: Uint8Array, pos: number, key: Uint8Array): boolean {
  if (strLength(bytes, pos) !== key.length) return false;
  const start = pos + headerSize(bytes, pos);
  for (let i = 0; i < key.length; i++) if (bytes[start + i] !== key[i]) return false;
  return true;
}

/** The integer item at `pos` (any int format), null for nil, undefined for anything else. */
export function readIntOrNil(bytes: Uint8Array, pos: number): number | null | undefined {
  const head = bytes[pos]!;
  if (head <= 0x7f) return head;
  if (head >= 0xe0) return head - 0x100;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (head) {
    case 0xc0: return null;
    case 0xcc: return bytes[pos + 1]!;
    case 0xcd: return view.getUint16(pos + 1);
    case 0xce: return view.getUint32(pos + 1);
    case 0xcf: return Number(view.getBigUint64(pos + 1));
    case 0xd0: return view.getInt8(pos + 1);
    case 0xd1: return view.getInt16(pos + 1);
    case 0xd2: return view.getInt32(pos + 1);
    case 0xd3: return Number(view.getBigInt64(pos + 1));
    default: return undefined;
  }
}

/**
 * Calls `visit(keyPos, valuePos)` for every entry of the map at `pos` (entries in stored order).
 * Returns false if the item is not a map. `visit` may return true to stop early.
 */
export function forEachMapEntry(bytes: Uint8Array, pos: number, visit: (keyPos: number, valuePos: number) => boolean | void): boolean {
  const length = mapLength(bytes, pos);
  if (length < 0) return false;
  let cursor = pos + headerSize(bytes, pos);
  for (let i = 0; i < length; i++) {
    const valuePos = skipItem(bytes, cursor);
    if (visit(cursor, valuePos) === true) return true;
    cursor = skipItem(bytes, valuePos);
  }
  return true;
}

/** Position of the value stored under the str key `key` in the map at `pos`, or -1. */
export function findMapValue(bytes: Uint8Array, pos: number, key: Uint8Array): number {
  let found = -1;
  forEachMapEntry(bytes, pos, (keyPos, valuePos) => {
    if (!strEquals(bytes, keyPos, key)) return false;
    found = valuePos;
    return true;
  });
  return found;
}

const encoder = new TextEncoder();
/** UTF-8 bytes of a key, for `strEquals` / `findMapValue`. */
export function keyBytes(key: string): Uint8Array {
  return encoder.encode(key);
}
