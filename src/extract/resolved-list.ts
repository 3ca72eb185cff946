/**
 * `OUT/resolved.txt`: the package list as it was installed, so that a published data set can be
 * rebuilt from the same versions (`bugmine extract OUT/resolved.txt OUT2/`). One line per package in
 * list order: `name[extras]==version`, then, in a comment, every other distribution pip installed
 * with it (`# with: dep==1.0 ...`). A package that was never installed keeps its requirement as
 * listed, commented out with its outcome, so nothing disappears silently. Comments are ignored when
 * the file is read back as a package list. Names and versions come from the worker's report,
 * checked on the host (job-result.ts) against PEP 508/440-shaped patterns before they get here.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-file.js';
import { PIN_VERSION } from './distribution.js';
import type { ManifestEntry } from './manifest.js';
import { normalizeProjectName } from './package-list.js';

export const RESOLVED_FILE = 'resolved.txt';

const EXTRAS = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[A-Za-z0-9._,\s-]*\])/;

/** The extras of a requirement (`[socks]`), without spaces; '' when none. */
function extrasOf(requirement: string): string {
  return EXTRAS.exec(requirement)?.[1]?.replace(/\s+/g, '') ?? '';
}

export function formatResolvedList(entries: readonly ManifestEntry[]): string {
  const lines = ['# bugmine: each package pinned to the version installed; "# with:" lists what pip installed with it'];
  for (const entry of entries) {
    if (entry.version === null || !PIN_VERSION.test(entry.version)) {
      lines.push(`# ${entry.requirement}  (${entry.outcome}: ${entry.version === null ? 'not installed' : `version ${JSON.stringify(entry.version)} cannot be pinned`})`);
      continue;
    }
    const others = (entry.installed ?? []).filter((pin) => normalizeProjectName(pin.name) !== entry.package).map((pin) => `${pin.name}==${pin.version}`);
    lines.push(`${entry.package}${extrasOf(entry.requirement)}==${entry.version}${others.length > 0 ? `  # with: ${others.join(' ')}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** Writes it when its text changed, so a run that did no work leaves OUT as it was. */
export async function writeResolvedList(outDir: string, entries: readonly ManifestEntry[]): Promise<void> {
  const target = join(outDir, RESOLVED_FILE);
  const text = formatResolvedList(entries);
  const current = await readFile(target, 'utf8').catch(() => null);
  if (current !== text) await writeFileAtomic(target, text);
}
