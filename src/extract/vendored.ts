/**
 * Vendored copies of other distributions inside a package (`pip/_vendor/urllib3/...`,
 * `setuptools/_vendor/jaraco/functools/...`), found from two kinds of evidence:
 * - a `*.dist-info/RECORD` inside the package's tree (setuptools ships its vendored distributions
 *   with their dist-info): each file it lists, relative to the directory holding that dist-info,
 *   is a copy of that distribution (the name from the dist-info directory, `name-version.dist-info`);
 * - a directory named `_vendor`, `vendor`, `_vendored` or `extern` below the top level: each file
 *   below it is a copy of the distribution named like the entry right under it (a directory, or a
 *   module file without `.py`), except the vendor directory's own `__init__.py` (the shim of the
 *   vendoring package). The dist-info evidence wins where both apply.
 * `--vendored` then keeps them (`keep`), leaves them out (`drop`), or leaves them out only when the
 * distribution they copy is itself in the package list (`canonical`, the default), so that its code
 * is credited to that distribution rather than to whichever package vendored it earlier in the list.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { pathsOfRecord } from './distribution.js';
import { normalizeProjectName } from './package-list.js';

export const VENDORED_MODES = ['keep', 'drop', 'canonical'] as const;
export type VendoredMode = (typeof VENDORED_MODES)[number];
export const DEFAULT_VENDORED_MODE: VendoredMode = 'canonical';

/** Directory names that hold vendored copies when below a package's top level. */
export const VENDOR_DIRECTORIES: readonly string[] = ['_vendor', 'vendor', '_vendored', 'extern'];

/** The skip reason of a vendored file left out (`counts.skipped`). */
export const VENDORED = 'vendored';

/** A nested RECORD larger than this is not read (it would list more files than any package has). */
const MAX_NESTED_RECORD_BYTES = 4 * 1024 * 1024;

/** The distribution a file under a vendor directory copies (PEP 503 name), or null when none. */
export function vendoredByDirectory(graphPath: string): string | null {
  const parts = graphPath.split('/');
  // A vendor directory below the top level, with something below it.
  const at = parts.findIndex((part, i) => i >= 1 && i < parts.length - 1 && VENDOR_DIRECTORIES.includes(part));
  if (at < 0) return null;
  const entry = parts[at + 1]!;
  const isFile = at + 1 === parts.length - 1;
  const name = isFile ? entry.replace(/\.py$/, '') : entry;
  if (name === '__init__' || name === '' || !/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name)) return null;
  return normalizeProjectName(name);
}

/** The distribution named by a dist-info directory name (`jaraco.functools-4.0.1.dist-info`). */
export function distributionOfDistInfo(dirName: string): string | null {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?)-[^/]*\.dist-info$/.exec(dirName);
  return match === null ? null : normalizeProjectName(match[1]!);
}

/**
 * The vendored files among `pythonFiles` of a distribution in `siteDir`: graph.path → the PEP 503
 * name of the distribution each copies. `nestedRecords` are the RECORDs of dist-info directories
 * inside its tree (InstalledDistribution.nestedRecords). A nested RECORD that cannot be read is
 * no evidence (the directory rule still applies).
 */
export async function findVendoredFiles(siteDir: string, pythonFiles: readonly string[], nestedRecords: readonly string[], self: string): Promise<Map<string, string>> {
  const vendored = new Map<string, string>();
  for (const path of pythonFiles) {
    const distribution = vendoredByDirectory(path);
    if (distribution !== null && distribution !== self) vendored.set(path, distribution);
  }
  const own = new Set(pythonFiles);
  for (const recordPath of nestedRecords) {
    const infoDir = posix.dirname(recordPath);
    const distribution = distributionOfDistInfo(posix.basename(infoDir));
    if (distribution === null || distribution === self) continue;
    const file = join(siteDir, ...recordPath.split('/'));
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile() || info.size > MAX_NESTED_RECORD_BYTES) continue;
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue;
    const root = posix.dirname(infoDir);
    for (const listed of pathsOfRecord(text)) {
      const path = posix.join(root, listed);
      if (own.has(path)) vendored.set(path, distribution);
    }
  }
  return vendored;
}

/**
 * Which vendored files `mode` leaves out: none (`keep`), all (`drop`), or those copying a
 * distribution in `listed` (`canonical`).
 */
export function vendoredLeaveOut(mode: VendoredMode, vendored: ReadonlyMap<string, string>, listed: ReadonlySet<string>): (graphPath: string) => boolean {
  if (mode === 'keep') return () => false;
  if (mode === 'drop') return (graphPath) => vendored.has(graphPath);
  return (graphPath) => {
    const distribution = vendored.get(graphPath);
    return distribution !== undefined && listed.has(distribution);
  };
}
