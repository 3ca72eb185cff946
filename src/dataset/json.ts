import { ExtData } from '@msgpack/msgpack';

/**
 * JSON rendering of decoded samples. MessagePack has types JSON lacks; they are rendered as:
 * `bin` → `{"$bin": "<base64>"}`, an extension value → `{"$ext": <type>, "$data": "<base64>"}`,
 * the timestamp extension → its ISO-8601 string. Non-finite floats become `null` (JSON has none).
 */
export function sampleToJson(sample: unknown): string {
  checkDepth(sample);
  return JSON.stringify(sample, renderNonJson);
}

/** Deeper than any sample (graphs nest about 6 levels), far below what recursion can render. */
export const MAX_JSON_DEPTH = 1000;

/** A value nested deeper than MAX_JSON_DEPTH: not rendered (JSON.stringify would overflow the stack). */
export class NestingTooDeepError extends Error {
  constructor() {
    super(`nested deeper than ${MAX_JSON_DEPTH} levels; not rendered`);
    this.name = 'NestingTooDeepError';
  }
}

/** Throws NestingTooDeepError for a value nested deeper than MAX_JSON_DEPTH; iterative, so it cannot overflow itself. */
function checkDepth(value: unknown): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object' || current instanceof Uint8Array || current instanceof Date) continue;
    if (depth >= MAX_JSON_DEPTH) throw new NestingTooDeepError();
    for (const item of Array.isArray(current) ? current : Object.values(current)) {
      if (item !== null && typeof item === 'object') stack.push([item, depth + 1]);
    }
  }
}

/**
 * Indented JSON for people: maps and nested lists one entry per line (2 spaces per level), lists
 * of scalars on one line, so that an edge `[from, to, "label"]` or a range stays on its line.
 * Never produces an empty line, so documents can be separated by one.
 */
export function sampleToPrettyJson(sample: unknown): string {
  checkDepth(sample);
  const parts: string[] = [];
  writePretty(sample, '', parts);
  return parts.join('');
}

/** A scalar in JSON terms: anything rendered without nesting. */
function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object' || value instanceof Date;
}

function writePretty(raw: unknown, indent: string, out: string[]): void {
  const value = renderNonJson('', raw);
  if (isScalar(value)) {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.every(isScalar)) {
      out.push('[', value.map((v) => JSON.stringify(v) ?? 'null').join(', '), ']');
      return;
    }
    out.push('[\n');
    value.forEach((item, i) => {
      out.push(inner);
      writePretty(item, inner, out);
      out.push(i < value.length - 1 ? ',\n' : '\n');
    });
    out.push(indent, ']');
    return;
  }
  const entries = Object.entries(value as object);
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{\n');
  entries.forEach(([key, item], i) => {
    out.push(inner, JSON.stringify(key), ': ');
    writePretty(item, inner, out);
    out.push(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.push(indent, '}');
}

function renderNonJson(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof ExtData) {
    const data = value.data instanceof Uint8Array ? value.data : new Uint8Array(0);
    return { $ext: value.type, $data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  }
  return value;
}
