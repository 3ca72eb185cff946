/**
 * The package list of `bugmine extract`: one PEP 508 requirement per line (`name`, `name==1.2`,
 * `name[extra]>=1,<2; python_version >= "3.8"`, `name @ https://...`), `#` comments and blank
 * lines ignored. Duplicates (by normalised name) keep their first line. Invalid lines are
 * collected with their line numbers so the caller can report them all before any work starts.
 */
import type { Shard } from '../run/shard.js';

export interface Requirement {
  /** The requirement as written (comment and surrounding space removed): what pip is given. */
  readonly spec: string;
  /** The project name as written. */
  readonly name: string;
  /** PEP 503 normalised name: the key for duplicates, the manifest and the output file. */
  readonly key: string;
  /** 1-based line number in the list. */
  readonly line: number;
  /** 0-based position among the list's requirements, when the caller numbered them (`withPositions`). */
  readonly position?: number;
}

/** The requirements numbered by their position in the list, which the manifest records. */
export function withPositions(requirements: readonly Requirement[]): Requirement[] {
  return requirements.map((requirement, position) => ({ ...requirement, position }));
}

export interface InvalidLine {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface PackageList {
  readonly requirements: Requirement[];
  readonly invalid: InvalidLine[];
  /** Lines dropped because an earlier line names the same project. */
  readonly duplicates: { line: number; key: string; firstLine: number }[];
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const EXTRAS = /^\[\s*(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:,\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*)*)?\]/;
const VERSION_CLAUSE = /^(?:===|~=|==|!=|<=|>=|<|>)\s*[A-Za-z0-9_.*+!-]+$/;
const URL_REFERENCE = /^@\s*[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/;

/** PEP 503: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

export function parsePackageList(text: string): PackageList {
  const requirements: Requirement[] = [];
  const invalid: InvalidLine[] = [];
  const duplicates: PackageList['duplicates'] = [];
  const firstLineOf = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i]!;
    // As in pip's requirement files, `#` starts a comment only at the start or after white space
    // (a URL fragment such as `#sha256=...` is kept).
    const spec = raw.replace(/(^|\s)#.*$/, '').trim();
    if (spec === '') continue;
    const parsed = parseRequirement(spec);
    if ('error' in parsed) {
      invalid.push({ line, text: raw.trim(), reason: parsed.error });
      continue;
    }
    const key = normalizeProjectName(parsed.name);
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      duplicates.push({ line, key, firstLine: first });
      continue;
    }
    firstLineOf.set(key, line);
    requirements.push({ spec, name: parsed.name, key, line });
  }
  return { requirements, invalid, duplicates };
}

/** The project name of a PEP 508 requirement, or why it is not one. */
export function parseRequirement(spec: string): { name: string } | { error: string } {
  const name = NAME.exec(spec)?.[0];
  if (name === undefined) return { error: 'expected a project name (letters, digits, ".", "-", "_")' };
  let rest = spec.slice(name.length).trimStart();
  const extras = EXTRAS.exec(rest);
  if (rest.startsWith('[')) {
    if (extras === null) return { error: 'malformed extras' };
    rest = rest.slice(extras[0].length).trimStart();
  }
  const semicolon = rest.indexOf(';');
  const marker = semicolon >= 0 ? rest.slice(semicolon + 1).trim() : null;
  if (marker === '') return { error: 'empty environment marker after ";"' };
  rest = (semicolon >= 0 ? rest.slice(0, semicolon) : rest).trim();
  if (rest === '') return { name };
  if (rest.startsWith('@')) return URL_REFERENCE.test(rest) ? { name } : { error: 'expected a URL after "@"' };
  if (!/^[(<>=!~]/.test(rest)) return { error: `unexpected text after the project name: "${rest}"` };
  if (rest.startsWith('(')) {
    if (!rest.endsWith(')')) return { error: 'unbalanced parentheses around the version specifier' };
    rest = rest.slice(1, -1).trim();
  }
  for (const clause of rest.split(',')) {
    if (!VERSION_CLAUSE.test(clause.trim())) return { error: `invalid version specifier "${clause.trim()}"` };
  }
  return { name };
}

/** The items of `shard` (by 0-based position modulo N); all of them without a shard. */
export function inShard<T>(items: readonly T[], shard: Shard | null): T[] {
  return shard === null ? [...items] : items.filter((_, position) => position % shard.count === shard.index);
}
