/**
 * `OUT/manifest.jsonl` read line by line for people (`bugmine manifest`): unlike the resume reader
 * (manifest.ts), which silently skips a torn last line, every line that is not a manifest entry is
 * reported with its line number, and the rest is still read. Only the fields the outcome table
 * uses are checked, so entries written by a newer bugmine (more fields) still count.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpuMsOf, MANIFEST_FILE, OUTCOMES, type ManifestEntry } from './manifest.js';

export interface MalformedLine {
  /** 1-based line number in the manifest. */
  line: number;
  reason: string;
}

export interface ManifestLines {
  /** The last entry per package, ordered by `position` (list order), then by first appearance. */
  entries: ManifestEntry[];
  malformed: MalformedLine[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTextOrNull = (value: unknown): boolean => value === null || typeof value === 'string';

/** Why `value` is not a manifest entry the table can use, or null when it is one. */
function entryProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not a JSON object';
  if (typeof value['package'] !== 'string' || value['package'] === '') return '"package" is not a non-empty string';
  if (!(OUTCOMES as readonly unknown[]).includes(value['outcome'])) return `"outcome" is not one of ${OUTCOMES.join(', ')}`;
  if (!isTextOrNull(value['version'] ?? null)) return '"version" is not a string or null';
  if (!isTextOrNull(value['error'] ?? null)) return '"error" is not a string or null';
  if (value['position'] !== undefined && !isCount(value['position'])) return '"position" is not a whole number';
  // Absent in the lines of a bugmine before it was measured: read as not measured.
  if (value['cpuMs'] !== undefined && value['cpuMs'] !== null && !isCount(value['cpuMs'])) return '"cpuMs" is not a whole number or null';
  const counts = value['counts'];
  if (!isObject(counts)) return '"counts" is not an object';
  if (!isCount(counts['samples'])) return '"counts.samples" is not a whole number';
  if (counts['nearDuplicateSamples'] !== undefined && !isCount(counts['nearDuplicateSamples'])) return '"counts.nearDuplicateSamples" is not a whole number';
  const skipped = counts['skipped'];
  if (!isObject(skipped) || !Object.values(skipped).every(isCount)) return '"counts.skipped" is not an object of whole numbers';
  return null;
}

export function parseManifestLines(text: string): ManifestLines {
  const latest = new Map<string, { entry: ManifestEntry; first: number }>();
  const malformed: MalformedLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      malformed.push({ line: i + 1, reason: 'not complete JSON' });
      continue;
    }
    const problem = entryProblem(value);
    if (problem !== null) {
      malformed.push({ line: i + 1, reason: problem });
      continue;
    }
    const entry = { ...(value as ManifestEntry), cpuMs: cpuMsOf((value as ManifestEntry).cpuMs) };
    latest.set(entry.package, { entry, first: latest.get(entry.package)?.first ?? i });
  }
  const ordered = [...latest.values()].sort((a, b) => (a.entry.position ?? Infinity) - (b.entry.position ?? Infinity) || a.first - b.first);
  return { entries: ordered.map(({ entry }) => entry), malformed };
}

/** Reads `OUT/manifest.jsonl`; throws the file system's error (ENOENT when there is none). */
export async function readManifestLines(outDir: string): Promise<ManifestLines> {
  return parseManifestLines(await readFile(join(outDir, MANIFEST_FILE), 'utf8'));
}
