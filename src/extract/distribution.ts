/**
 * What an installed distribution put into site-packages, read from its `*.dist-info` directory:
 * the version from `METADATA` and the `.py` files from `RECORD` (a CSV of path, hash, size; paths
 * relative to the directory holding the dist-info). Read directly from the files, no Python.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { normalizeProjectName } from './package-list.js';

export interface InstalledDistribution {
  readonly name: string;
  readonly version: string;
  /** The site-packages directory it was found in. */
  readonly siteDir: string;
  /** Its `.py` files inside `siteDir`, as sorted relative POSIX paths (`graph.path`). */
  readonly pythonFiles: string[];
  /**
   * The `*.dist-info/RECORD` files of other distributions it ships inside its own tree (vendored
   * copies, e.g. `setuptools/_vendor/jaraco.functools-4.0.1.dist-info/RECORD`), relative to `siteDir`.
   */
  readonly nestedRecords: string[];
}

/** The distribution named `key` (PEP 503 normalised) in the first of `siteDirs` that has it. */
export async function findDistribution(siteDirs: readonly string[], key: string): Promise<InstalledDistribution | null> {
  for (const siteDir of siteDirs) {
    const entries = await readdir(siteDir).catch(() => [] as string[]);
    for (const entry of entries.sort()) {
      if (!entry.endsWith('.dist-info')) continue;
      const metadata = await readFile(join(siteDir, entry, 'METADATA'), 'utf8').catch(() => null);
      if (metadata === null) continue;
      const name = header(metadata, 'Name');
      if (name === null || normalizeProjectName(name) !== key) continue;
      const record = await readFile(join(siteDir, entry, 'RECORD'), 'utf8').catch(() => '');
      return { name, version: header(metadata, 'Version') ?? '', siteDir, pythonFiles: pythonFilesOfRecord(record), nestedRecords: nestedRecordsOf(record) };
    }
  }
  return null;
}

/** PEP 508 project names and PEP 440-ish versions: what a pin `name==version` may hold. */
export const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?$/;
export const PIN_VERSION = /^[A-Za-z0-9](?:[A-Za-z0-9.+!_-]{0,126}[A-Za-z0-9])?$/;

/** A distribution pip installed into the venv: its name as its METADATA spells it, and its version. */
export interface InstalledPin {
  readonly name: string;
  readonly version: string;
}

/** Every distribution in `siteDirs` (the venv starts empty: what pip resolved), sorted by PEP 503 name. */
export async function installedDistributions(siteDirs: readonly string[]): Promise<InstalledPin[]> {
  const pins = new Map<string, InstalledPin>();
  for (const siteDir of siteDirs) {
    const entries = await readdir(siteDir).catch(() => [] as string[]);
    for (const entry of entries.sort()) {
      if (!entry.endsWith('.dist-info')) continue;
      const metadata = await readFile(join(siteDir, entry, 'METADATA'), 'utf8').catch(() => null);
      const name = metadata === null ? null : header(metadata, 'Name');
      const version = metadata === null ? null : header(metadata, 'Version');
      // Only what can be written back as a pin (`name==version`).
      if (name === null || version === null || !PROJECT_NAME.test(name) || !PIN_VERSION.test(version)) continue;
      const key = normalizeProjectName(name);
      if (!pins.has(key)) pins.set(key, { name, version });
    }
  }
  return [...pins.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, pin]) => pin);
}

/** The value of the first `Key: value` line of an email-style header block. */
function header(text: string, key: string): string | null {
  const prefix = key.toLowerCase() + ':';
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (line.toLowerCase().startsWith(prefix)) return line.slice(prefix.length).trim();
  }
  return null;
}

/** The paths of a RECORD that lie inside site-packages (not `../../bin/...`), normalised, sorted, unique. */
export function pathsOfRecord(record: string): string[] {
  const files = new Set<string>();
  for (const line of record.split(/\r?\n/)) {
    if (line === '') continue;
    const path = posix.normalize(firstCsvField(line).replace(/\\/g, '/'));
    if (path.startsWith('../') || path === '..' || path.startsWith('/') || path.split('/').includes('__pycache__')) continue;
    files.add(path);
  }
  return [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The `.py` paths of a RECORD that lie inside site-packages (not `../../bin/...`), sorted, unique. */
export function pythonFilesOfRecord(record: string): string[] {
  return pathsOfRecord(record).filter((path) => path.endsWith('.py'));
}

/** The RECORDs of dist-info directories below a top-level directory (not the distribution's own). */
export function nestedRecordsOf(record: string): string[] {
  return pathsOfRecord(record).filter((path) => /^[^/]+\/(?:[^/]+\/)*[^/]+\.dist-info\/RECORD$/.test(path));
}

/** First field of a CSV line (RFC 4180 quoting: a quoted field may hold commas and `""`). */
function firstCsvField(line: string): string {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(',');
    return comma < 0 ? line : line.slice(0, comma);
  }
  let value = '';
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c !== '"') value += c;
    else if (line[i + 1] === '"') {
      value += '"';
      i++;
    } else break;
  }
  return value;
}
