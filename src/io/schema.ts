/**
 * A small schema checker for JSON that comes from somewhere the host does not trust (a worker's
 * result file): every value is checked for its type and bounds, objects must have exactly the
 * known keys, and the first violation is reported with its path (`counts.samples: expected ...`).
 * Checked values are returned typed; nothing unchecked gets through.
 */

export class SchemaError extends Error {}

/** Checks `value` (found at `path`) and returns it typed, or throws a `SchemaError`. */
export type Check<T> = (value: unknown, path: string) => T;

function fail(path: string, message: string): never {
  throw new SchemaError(`${path === '' ? '' : `${path}: `}${message}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 80 ? `${JSON.stringify(value.slice(0, 80))}... (${value.length} characters)` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function integer(options: { min?: number; max?: number } = {}): Check<number> {
  const min = options.min ?? 0;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) fail(path, `expected an integer in [${min}, ${max}], got ${describe(value)}`);
    return value;
  };
}

export function string(options: { maxLength: number; pattern?: RegExp }): Check<string> {
  return (value, path) => {
    if (typeof value !== 'string') fail(path, `expected a string, got ${describe(value)}`);
    if (value.length > options.maxLength) fail(path, `a string of ${value.length} characters (at most ${options.maxLength})`);
    if (options.pattern !== undefined && !options.pattern.test(value)) fail(path, `${describe(value)} is not of the form ${options.pattern}`);
    return value;
  };
}

export const boolean: Check<boolean> = (value, path) => {
  if (typeof value !== 'boolean') fail(path, `expected true or false, got ${describe(value)}`);
  return value;
};

export function literal<const T extends string | number | boolean | null>(expected: T): Check<T> {
  return (value, path) => {
    if (value !== expected) fail(path, `expected ${JSON.stringify(expected)}, got ${describe(value)}`);
    return expected;
  };
}

export function oneOf<const T extends string>(allowed: readonly T[]): Check<T> {
  return (value, path) => {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(path, `${describe(value)} is not one of ${allowed.join(', ')}`);
    return value as T;
  };
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? null : check(value, path));
}

export function array<T>(item: Check<T>, options: { maxLength: number }): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
    if (value.length > options.maxLength) fail(path, `an array of ${value.length} items (at most ${options.maxLength})`);
    return value.map((v, i) => item(v, `${path}[${i}]`));
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string-keyed map with bounded keys and checked values. */
export function record<T>(key: Check<string>, item: Check<T>, options: { maxKeys: number }): Check<Record<string, T>> {
  return (value, path) => {
    if (!isPlainObject(value)) fail(path, `expected an object, got ${describe(value)}`);
    const keys = Object.keys(value);
    if (keys.length > options.maxKeys) fail(path, `an object of ${keys.length} keys (at most ${options.maxKeys})`);
    const out: Record<string, T> = Object.create(null) as Record<string, T>;
    for (const k of keys) out[key(k, `${path}.<key>`)] = item(value[k], `${path}.${k}`);
    return { ...out };
  };
}

type Shape = Record<string, Check<unknown>>;
type Checked<S extends Shape, O extends Shape> = { [K in keyof S]: ReturnType<S[K]> } & { [K in keyof O]?: ReturnType<O[K]> };

/** An object with exactly the `required` keys, plus any of the `optional` ones, and no other. */
export function object<S extends Shape, O extends Shape = Record<never, never>>(required: S, optional?: O): Check<Checked<S, O>> {
  return (value, path) => {
    if (!isPlainObject(value)) fail(path, `expected an object, got ${describe(value)}`);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(required, key) && !(optional !== undefined && Object.hasOwn(optional, key))) fail(path, `unknown key ${JSON.stringify(key.slice(0, 64))}`);
    }
    for (const [key, check] of Object.entries(required)) {
      if (!Object.hasOwn(value, key)) fail(path, `missing key ${JSON.stringify(key)}`);
      out[key] = check(value[key], path === '' ? key : `${path}.${key}`);
    }
    for (const [key, check] of Object.entries(optional ?? {})) {
      if (Object.hasOwn(value, key)) out[key] = check(value[key], path === '' ? key : `${path}.${key}`);
    }
    return out as Checked<S, O>;
  };
}

/** Parses JSON text of at most `maxBytes` bytes and checks it; any problem is a `SchemaError`. */
export function parseChecked<T>(text: string, check: Check<T>, maxBytes: number): T {
  if (Buffer.byteLength(text) > maxBytes) throw new SchemaError(`${Buffer.byteLength(text)} bytes (at most ${maxBytes})`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SchemaError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return check(value, '');
}
