// Source bytes → text as Python does it (`tokenize.detect_encoding` + decode): a UTF-8 BOM, a
// PEP 263 coding cookie on line 1 or 2 (line 2 only when line 1 is blank or a comment), UTF-8
// otherwise. Decoding is strict: an undecodable byte is an error, never a replacement character.

export class SourceDecodeError extends Error {
  constructor(
    message: string,
    /** Byte offset of the first undecodable byte, when known. */
    readonly offset?: number,
    /** Line (from 1) of that byte, when known. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SourceDecodeError';
  }
}

export interface DecodedSource {
  readonly text: string;
  /** The encoding name as `tokenize.detect_encoding` reports it ('utf-8', 'utf-8-sig', 'iso-8859-1', 'cp1252', ...). */
  readonly encoding: string;
}

// The regexes of CPython's tokenize module (cookie_re, blank_re). `.` there does not match '\n'
// only, hence `[^\n]`; `\w` is ASCII (re.ASCII).
const COOKIE = /^[ \t\f]*#[^\n]*?coding[:=][ \t]*([-\w.]+)/;
const BLANK = /^[ \t\f]*(?:[#\r\n]|$)/;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeSource(bytes: Uint8Array): DecodedSource {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const encoding = detectEncoding(body, bom);
  const codec = lookupCodec(encoding);
  if (codec === undefined) throw new SourceDecodeError(`unsupported encoding: ${encoding}`);
  try {
    return { text: codec.decode(body, encoding), encoding };
  } catch (e) {
    // Offsets of undecodable bytes are relative to the body; report them in the file.
    if (bom && e instanceof SourceDecodeError && e.offset !== undefined) {
      throw badByte(encoding, body[e.offset]!, e.offset + 3, e.line!);
    }
    throw e;
  }
}

function detectEncoding(body: Uint8Array, bom: boolean): string {
  const defaultEncoding = bom ? 'utf-8-sig' : 'utf-8';
  const firstEnd = lineEnd(body, 0);
  if (firstEnd === 0) return defaultEncoding;
  const first = findCookie(body, 0, firstEnd, 1, bom);
  if (first !== undefined) return first;
  if (!BLANK.test(latin1(body.subarray(0, firstEnd)))) return defaultEncoding;
  const secondEnd = lineEnd(body, firstEnd);
  if (secondEnd === firstEnd) return defaultEncoding;
  return findCookie(body, firstEnd, secondEnd, 2, bom) ?? defaultEncoding;
}

/** Offset after the line starting at `start` (lines end at b'\n', as a binary readline). */
function lineEnd(bytes: Uint8Array, start: number): number {
  const nl = bytes.indexOf(0x0a, start);
  return nl < 0 ? bytes.length : nl + 1;
}

function findCookie(body: Uint8Array, start: number, end: number, lineNumber: number, bom: boolean): string | undefined {
  const line = body.subarray(start, end);
  let text: string;
  try {
    text = utf8.decode(line);
  } catch {
    // Python gives up here: a line examined for a cookie must be UTF-8.
    const offset = start + firstInvalidUtf8(line) + (bom ? 3 : 0);
    const byte = body[offset - (bom ? 3 : 0)]!.toString(16).padStart(2, '0');
    throw new SourceDecodeError(
      `invalid or missing encoding declaration: line ${lineNumber} is not UTF-8 (byte 0x${byte} at offset ${offset})`,
      offset,
      lineNumber,
    );
  }
  const m = COOKIE.exec(text);
  if (m === null) return undefined;
  const encoding = normalName(m[1]!);
  if (lookupCodecName(encoding) === undefined) {
    // Python says "unknown encoding"; a few rare codecs Python has (UTF-16, DOS code pages, ...)
    // have no decoder here either.
    throw new SourceDecodeError(`unknown or unsupported encoding: ${m[1]}`);
  }
  if (bom) {
    if (encoding !== 'utf-8') throw new SourceDecodeError('encoding problem: utf-8 (a UTF-8 BOM with a different coding cookie)');
    return 'utf-8-sig';
  }
  return encoding;
}

/** tokenize's `_get_normal_name`. */
function normalName(orig: string): string {
  const enc = orig.slice(0, 12).toLowerCase().replaceAll('_', '-');
  if (enc === 'utf-8' || enc.startsWith('utf-8-')) return 'utf-8';
  if (
    enc === 'latin-1' ||
    enc === 'iso-8859-1' ||
    enc === 'iso-latin-1' ||
    enc.startsWith('latin-1-') ||
    enc.startsWith('iso-8859-1-') ||
    enc.startsWith('iso-latin-1-')
  ) {
    return 'iso-8859-1';
  }
  return orig;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

// ---- codecs ------------------------------------------------------------------------------------

interface Codec {
  decode(bytes: Uint8Array, name: string): string;
}

/** Python codec module name → how to decode it. */
const CODECS = new Map<string, Codec>();

const utf8Codec: Codec = { decode: decodeUtf8 };
CODECS.set('utf_8', utf8Codec);
CODECS.set('utf_8_sig', utf8Codec);
CODECS.set('latin_1', { decode: (b) => decodeSingleByte(b, 'latin-1', undefined) });
CODECS.set('ascii', { decode: (b) => decodeSingleByte(b, 'ascii', ASCII_HIGH) });
CODECS.set('cp1252', { decode: (b) => decodeSingleByte(b, 'cp1252', CP1252_HIGH) });

// Codecs where the WHATWG decoder equals Python's codec, except for bytes Python leaves undefined.
const WHATWG_SINGLE_BYTE: [python: string, whatwg: string, undefinedBytes: number[]][] = [
  ['cp1250', 'windows-1250', [0x81, 0x83, 0x88, 0x90, 0x98]],
  ['cp1251', 'windows-1251', [0x98]],
  ['cp1253', 'windows-1253', [0x81, 0x88, 0x8a, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x98, 0x9a, 0x9c, 0x9d, 0x9e, 0x9f, 0xaa]],
  ['cp1254', 'windows-1254', [0x81, 0x8d, 0x8e, 0x8f, 0x90, 0x9d, 0x9e]],
  ['cp1255', 'windows-1255', [0x81, 0x8a, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9c, 0x9d, 0x9e, 0x9f]],
  ['cp1256', 'windows-1256', []],
  ['cp1257', 'windows-1257', [0x81, 0x83, 0x88, 0x8a, 0x8c, 0x90, 0x98, 0x9a, 0x9c, 0x9f]],
  ['cp1258', 'windows-1258', [0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e]],
  ['iso8859_2', 'iso-8859-2', []],
  ['iso8859_3', 'iso-8859-3', []],
  ['iso8859_4', 'iso-8859-4', []],
  ['iso8859_5', 'iso-8859-5', []],
  ['iso8859_6', 'iso-8859-6', []],
  ['iso8859_7', 'iso-8859-7', []],
  ['iso8859_8', 'iso-8859-8', []],
  ['iso8859_10', 'iso-8859-10', []],
  ['iso8859_13', 'iso-8859-13', []],
  ['iso8859_14', 'iso-8859-14', []],
  ['iso8859_15', 'iso-8859-15', []],
  ['koi8_r', 'koi8-r', []],
  ['koi8_u', 'koi8-u', []],
  ['mac_roman', 'macintosh', []],
];
for (const [python, whatwg, undefinedBytes] of WHATWG_SINGLE_BYTE) {
  const undefinedSet = new Set(undefinedBytes);
  CODECS.set(python, {
    decode(bytes, name) {
      if (undefinedSet.size > 0) {
        for (let i = 0; i < bytes.length; i++) {
          if (bytes[i]! >= 0x80 && undefinedSet.has(bytes[i]!)) throw undecodable(bytes, i, name);
        }
      }
      return decodeWhatwg(bytes, whatwg, name);
    },
  });
}
// Multi-byte codecs: the WHATWG decoders (close to, not byte-for-byte, Python's codecs).
for (const [python, whatwg] of [
  ['euc_jp', 'euc-jp'],
  ['shift_jis', 'shift_jis'],
  ['gbk', 'gbk'],
  ['gb18030', 'gb18030'],
  ['big5', 'big5'],
  ['euc_kr', 'euc-kr'],
] as const) {
  CODECS.set(python, { decode: (bytes, name) => decodeWhatwg(bytes, whatwg, name) });
}

/** Python's aliases (encodings.aliases) of the codecs above. */
const ALIASES: Record<string, string> = {};
function alias(codec: string, names: string): void {
  for (const n of names.split(' ')) ALIASES[n] = codec;
}
alias('ascii', '646 ansi_x3.4_1968 ansi_x3.4_1986 ansi_x3_4_1968 cp367 csascii ibm367 iso646_us iso_646.irv_1991 iso_ir_6 us us_ascii');
alias('latin_1', '8859 cp819 csisolatin1 ibm819 iso8859 iso8859_1 iso_8859_1 iso_8859_1_1987 iso_ir_100 l1 latin latin1');
alias('utf_8', 'cp65001 u8 utf utf8 utf8_ucs2 utf8_ucs4');
for (let i = 0; i <= 8; i++) alias(`cp125${i}`, `125${i} windows_125${i}`);
alias('big5', 'big5_tw csbig5 x_mac_trad_chinese');
alias('euc_jp', 'eucjp u_jis ujis');
alias('euc_kr', 'euckr korean ks_c_5601 ks_c_5601_1987 ks_x_1001 ksc5601 ksx1001 x_mac_korean');
alias('gb18030', 'gb18030_2000');
alias('gbk', '936 cp936 ms936');
alias('iso8859_2', 'csisolatin2 iso_8859_2 iso_8859_2_1987 iso_ir_101 l2 latin2');
alias('iso8859_3', 'csisolatin3 iso_8859_3 iso_8859_3_1988 iso_ir_109 l3 latin3');
alias('iso8859_4', 'csisolatin4 iso_8859_4 iso_8859_4_1988 iso_ir_110 l4 latin4');
alias('iso8859_5', 'csisolatincyrillic cyrillic iso_8859_5 iso_8859_5_1988 iso_ir_144');
alias('iso8859_6', 'arabic asmo_708 csisolatinarabic ecma_114 iso_8859_6 iso_8859_6_1987 iso_ir_127');
alias('iso8859_7', 'csisolatingreek ecma_118 elot_928 greek greek8 iso_8859_7 iso_8859_7_1987 iso_ir_126');
alias('iso8859_8', 'csisolatinhebrew hebrew iso_8859_8 iso_8859_8_1988 iso_ir_138');
alias('iso8859_10', 'csisolatin6 iso_8859_10 iso_8859_10_1992 iso_ir_157 l6 latin6');
alias('iso8859_13', 'iso_8859_13 l7 latin7');
alias('iso8859_14', 'iso_8859_14 iso_8859_14_1998 iso_celtic iso_ir_199 l8 latin8');
alias('iso8859_15', 'iso_8859_15 l9 latin9');
alias('koi8_r', 'cskoi8r');
alias('mac_roman', 'macintosh macroman');
alias('shift_jis', 'csshiftjis s_jis shiftjis sjis x_mac_japanese');

/** Python's codec lookup: lower case, runs of punctuation collapsed to '_', then the alias table. */
function lookupCodecName(encoding: string): string | undefined {
  let normalized = '';
  let punct = false;
  for (const ch of encoding.toLowerCase()) {
    if (/^[a-z0-9.]$/.test(ch)) {
      if (punct && normalized.length > 0) normalized += '_';
      normalized += ch;
      punct = false;
    } else {
      punct = true;
    }
  }
  const name = ALIASES[normalized] ?? ALIASES[normalized.replaceAll('.', '_')] ?? normalized;
  return CODECS.has(name) ? name : undefined;
}

function lookupCodec(encoding: string): Codec | undefined {
  const name = lookupCodecName(encoding);
  return name === undefined ? undefined : CODECS.get(name);
}

// ---- decoders ----------------------------------------------------------------------------------

function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw undecodable(bytes, firstInvalidUtf8(bytes), name);
  }
}

function decodeWhatwg(bytes: Uint8Array, label: string, name: string): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw undecodable(bytes, firstUndecodable(bytes, label), name);
  }
}

/**
 * Offset of the byte at which a strict decoder first fails: the shortest failing prefix, found by
 * bisection (streaming decodes do not fail on a prefix that merely ends inside a character).
 */
function firstUndecodable(bytes: Uint8Array, label: string): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder(label, { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let good = 0;
  let bad = bytes.length;
  if (!fails(bad)) return bytes.length - 1; // only the end is incomplete
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (fails(mid)) bad = mid;
    else good = mid;
  }
  // An ASCII byte that cannot follow a lead byte: the invalid sequence starts at the lead byte.
  if (bad >= 2 && bytes[bad - 1]! < 0x80 && bytes[bad - 2]! >= 0x80) return bad - 2;
  return bad - 1;
}

/** Bytes 0x80–0xFF → code point (-1: undefined); undefined table = latin-1 (identity). */
function decodeSingleByte(bytes: Uint8Array, name: string, high: Int32Array | undefined): string {
  const parts: string[] = [];
  const chunk = 8192;
  const codes = new Array<number>(Math.min(chunk, bytes.length));
  for (let base = 0; base < bytes.length; base += chunk) {
    const end = Math.min(bytes.length, base + chunk);
    codes.length = end - base;
    for (let i = base; i < end; i++) {
      const b = bytes[i]!;
      let cp = b;
      if (b >= 0x80 && high !== undefined) {
        cp = high[b - 0x80]!;
        if (cp < 0) throw undecodable(bytes, i, name);
      }
      codes[i - base] = cp;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

const ASCII_HIGH = new Int32Array(128).fill(-1);
// cp1252 differs from latin-1 only in 0x80–0x9F.
const CP1252_HIGH = new Int32Array(128);
for (let i = 0; i < 128; i++) CP1252_HIGH[i] = 0x80 + i;
CP1252_HIGH.set([
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
]);

function undecodable(bytes: Uint8Array, offset: number, name: string): SourceDecodeError {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return badByte(name, bytes[offset]!, offset, line);
}

function badByte(name: string, byte: number, offset: number, line: number): SourceDecodeError {
  const hex = byte.toString(16).padStart(2, '0');
  return new SourceDecodeError(
    `cannot decode the source as ${name}: byte 0x${hex} at offset ${offset} (line ${line}) is invalid`,
    offset,
    line,
  );
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (as Python's strict decoder reports it). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const b1 = bytes[i + 1]!;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const bk = bytes[i + k]!;
      if (bk < 0x80 || bk > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}

/**
 * BugLab reads source files as text with universal newlines, so positions and `graph.text` never
 * see `\r`. Call this on decoded text before analysing it.
 */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
